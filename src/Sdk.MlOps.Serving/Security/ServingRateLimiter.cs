using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sdk.MlOps.Serving.Protocol;

namespace Sdk.MlOps.Serving.Security;

/// <summary>
/// The host's rate limit, an ASP.NET Core rate limiter policy on every endpoint but health and /metrics: a fixed window per
/// client IP address (or one for all), answered 429 with <c>Retry-After</c> in seconds. Behind a proxy, the client
/// address is the proxy's unless the application applies forwarded headers first.
/// </summary>
internal static class ServingRateLimiter
{
    public const string Policy = "MlOpsServing";

    public static void Configure(RateLimiterOptions limiter)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = async (context, cancellationToken) =>
        {
            var response = context.HttpContext.Response;
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await response.WriteAsJsonAsync(new ErrorResponse("Too many requests: the rate limit is reached; retry after the time in Retry-After."), ServingJson.Options, cancellationToken);
        };
        limiter.AddPolicy(Policy, Partition);
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var settings = context.RequestServices.GetRequiredService<IOptions<ModelServingOptions>>().Value.RateLimit;
        if (settings.PermitLimit <= 0) return RateLimitPartition.GetNoLimiter("off");
        var key = settings.PerClient ? context.Connection.RemoteIpAddress?.ToString() ?? "unknown" : "all";
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.PermitLimit,
            Window = settings.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
