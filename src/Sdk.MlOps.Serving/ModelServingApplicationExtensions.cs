using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Sdk.MlOps.Serving.Endpoints;
using Sdk.MlOps.Serving.Models;
using Sdk.MlOps.Serving.Security;
using Sdk.MlOps.Serving.Telemetry;

namespace Sdk.MlOps.Serving;

/// <summary>Maps the serving host's endpoints.</summary>
public static class ModelServingApplicationExtensions
{
    /// <summary>
    /// Adds the request metrics, the rate limiter and authentication to the pipeline, and maps the endpoints: the
    /// Open Inference Protocol under <c>/v2</c>, <c>/predict</c>, <c>/metrics</c> (Prometheus) and
    /// <c>/openapi/v1.json</c>. All but <c>/v2/health/*</c> and <c>/metrics</c> are rate limited and, with an API key, require it.
    /// </summary>
    public static WebApplication MapModelServing(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var registrations = app.Services.GetService<IEnumerable<ServedModelRegistration>>()?.ToArray() ?? [];
        if (registrations.Length == 0)
            throw new InvalidOperationException("No model is served: call builder.Services.AddServedModel<TInput>(name, modelFile) before MapModelServing.");
        var options = app.Services.GetRequiredService<IOptions<ModelServingOptions>>().Value;
        var metrics = app.Services.GetRequiredService<ServingMetrics>();
        var served = app.Services.GetRequiredService<ServedModels>();

        // Outermost, so that a request refused by the limiter or for its key is counted with its status too.
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<ServingEndpoint>() is not { } endpoint)
            {
                await next(context);
                return;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                // A served model's name, never a name a client made up.
                var model = endpoint.Model
                    ?? (context.Request.RouteValues.TryGetValue("name", out var name) && name is string asked && served.Find(asked) is { } found ? found.Name : "");
                metrics.Request(endpoint.Operation, model, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
            }
        });
        // The limiter before authentication: a flood of bad keys is limited like any other flood. Each middleware only
        // when it is configured: a request should not pay for a check that cannot refuse it.
        if (options.RateLimit.PermitLimit > 0) app.UseRateLimiter();
        if (options.ApiKey is not null)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        HealthEndpoints.Map(app);
        // Open like health: Prometheus scrapes without a key (the Kubernetes manifests annotate the pod for it), and
        // the NetworkPolicy decides who reaches the port. It holds counts and timings, never inputs.
        app.MapPrometheusScrapingEndpoint("/metrics").WithMetadata(new ServingEndpoint("metrics"));

        var guarded = app.MapGroup("");
        if (options.RateLimit.PermitLimit > 0) guarded.RequireRateLimiting(ServingRateLimiter.Policy);
        if (options.ApiKey is not null) guarded.RequireAuthorization(ApiKeyAuthenticationHandler.Policy);
        guarded.AddEndpointFilter<UnexpectedErrorFilter>();

        V2Endpoints.Map(guarded);
        PredictEndpoints.Map(guarded, registrations);
        guarded.MapOpenApi().WithMetadata(new ServingEndpoint("openapi"));
        return app;
    }
}
