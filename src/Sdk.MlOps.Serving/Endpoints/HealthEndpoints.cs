using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sdk.MlOps.Serving.Hosting;
using Sdk.MlOps.Serving.Protocol;

namespace Sdk.MlOps.Serving.Endpoints;

/// <summary>
/// <c>GET /v2/health/live</c> and <c>/v2/health/ready</c>: open (no key, no rate limit) because probes and load
/// balancers call them. Ready is 200 <c>{"ready": true}</c> once every model is loaded, 503 <c>{"ready": false}</c>
/// before that and from the moment the host begins to stop.
/// </summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder open)
    {
        open.MapGet("/v2/health/live", () => Results.Json(new V2Live(true), ServingJson.Options))
            .WithMetadata(new ServingEndpoint("v2.health.live"))
            .WithName("ServerLive").WithTags("Health").Produces<V2Live>();

        open.MapGet("/v2/health/ready", (HttpContext http) =>
            {
                var ready = http.RequestServices.GetRequiredService<ServingState>().Ready;
                return Results.Json(new V2Ready(ready), ServingJson.Options, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            })
            .WithMetadata(new ServingEndpoint("v2.health.ready"))
            .WithName("ServerReady").WithTags("Health").Produces<V2Ready>().Produces<V2Ready>(StatusCodes.Status503ServiceUnavailable);
    }
}
