using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Sdk.MlOps.Serving.Models;
using Sdk.MlOps.Serving.Protocol;

namespace Sdk.MlOps.Serving.Endpoints;

/// <summary>
/// KServe's Open Inference Protocol (V2) over HTTP: server metadata, model metadata and readiness, inference. Each
/// model path has its <c>/versions/{version}</c> form, which answers 404 for any version but the one loaded.
/// </summary>
internal static class V2Endpoints
{
    public const string Platform = "mlnet";

    private static readonly string ServerVersion = typeof(V2Endpoints).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public static void Map(IEndpointRouteBuilder guarded)
    {
        guarded.MapGet("/v2", () => Results.Json(new V2ServerMetadata("Sdk.MlOps.Serving", ServerVersion, []), ServingJson.Options))
            .WithMetadata(new ServingEndpoint("v2.metadata")).WithName("ServerMetadata").WithTags("V2").Produces<V2ServerMetadata>();

        foreach (var (pattern, suffix) in new[] { ("/v2/models/{name}", ""), ("/v2/models/{name}/versions/{version}", "Version") })
        {
            guarded.MapGet(pattern, (HttpContext http, string name) => Metadata(Errors.Find(http, name, Version(http))))
                .WithMetadata(new ServingEndpoint("v2.model.metadata")).WithName("ModelMetadata" + suffix).WithTags("V2")
                .Produces<V2ModelMetadata>().Produces<ErrorResponse>(StatusCodes.Status404NotFound);

            guarded.MapGet(pattern + "/ready", (HttpContext http, string name) =>
                    Results.Json(new V2ModelReady(Errors.Find(http, name, Version(http)).Name, true), ServingJson.Options))
                .WithMetadata(new ServingEndpoint("v2.model.ready")).WithName("ModelReady" + suffix).WithTags("V2")
                .Produces<V2ModelReady>().Produces<ErrorResponse>(StatusCodes.Status404NotFound);

            guarded.MapPost(pattern + "/infer", (HttpContext http, string name) => Infer(http, name, Version(http)))
                .WithMetadata(new ServingEndpoint("v2.infer")).WithName("ModelInfer" + suffix).WithTags("V2")
                .Accepts<V2InferenceRequest>("application/json")
                .Produces<V2InferenceResponse>()
                .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
                .Produces<ErrorResponse>(StatusCodes.Status404NotFound)
                .Produces<ErrorResponse>(StatusCodes.Status413PayloadTooLarge);
        }
    }

    // Read from the route, not bound as a parameter: on the paths without it, binding would take a query string.
    private static string? Version(HttpContext http) => http.GetRouteValue("version") as string;

    private static IResult Metadata(ServedModel model)
    {
        var facts = model.CurrentFacts();
        var inputs = model.Columns.Required.Select(c => new V2TensorMetadata(c.ColumnName, c.Datatype, c.Shape)).ToArray();
        return Results.Json(new V2ModelMetadata(model.Name, [facts.Identity.Version], Platform, inputs, V2Outputs.Metadata(facts)), ServingJson.Options);
    }

    private static async Task<IResult> Infer(HttpContext http, string name, string? version)
    {
        var model = Errors.Find(http, name, version);
        var predictions = Predictions.Of(http);
        using var body = await RequestBody.ReadJson(http, predictions.Options.MaxRequestBodyBytes);
        var request = V2Request.Parse(body.RootElement, model.Columns, predictions.Options.MaxBatchSize, model.CurrentFacts().OutputNames);
        var result = predictions.Run(model, request.Rows);
        // A reload between the check above and the prediction is answered by the new version, and says so.
        var facts = model.FactsOf(result);
        var outputs = V2Outputs.Of(facts, result.Predictions, request.Outputs);
        return Results.Json(new V2InferenceResponse(model.Name, result.Identity.Version, request.Id ?? Guid.NewGuid().ToString("N"), outputs), ServingJson.Options);
    }
}
