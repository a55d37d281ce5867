using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Sdk.MlOps.Serving.Models;
using Sdk.MlOps.Serving.Protocol;

namespace Sdk.MlOps.Serving.Endpoints;

/// <summary>
/// <c>POST /predict/{name}</c> (and <c>POST /predict</c> when one model is served): the input class as JSON, one
/// object or an array of them, answered with the label, score, probability and, when asked (<c>?top=k</c>), the k
/// most likely classes. Each model gets a route of its own, so the OpenAPI document shows each input class.
/// </summary>
internal static partial class PredictEndpoints
{
    /// <summary>No class list unless asked for: most callers want the answer, and a list of every class costs bytes.</summary>
    public const int DefaultTop = 0;

    public static void Map(IEndpointRouteBuilder guarded, IReadOnlyList<ServedModelRegistration> models)
    {
        foreach (var model in models.Where(m => RouteSafe().IsMatch(m.Name)))
            Describe(guarded.MapPost("/predict/" + model.Name, Handler(http => Predict(http, model.Name))), model, "Predict_" + model.Name);

        guarded.MapPost("/predict/{name}", (HttpContext http, string name) => Predict(http, name))
            .WithMetadata(new ServingEndpoint("predict")).ExcludeFromDescription();

        var single = models.Count == 1 ? models[0] : null;
        var route = guarded.MapPost("/predict", Handler(http => single is null
            ? throw new InputError(StatusCodes.Status404NotFound, $"{models.Count} models are served here: name one, as /predict/{{name}}.")
            : Predict(http, single.Name)));
        if (single is null) route.WithMetadata(new ServingEndpoint("predict")).ExcludeFromDescription();
        else Describe(route, single, "Predict");
    }

    // A Delegate, not a RequestDelegate: the route handler overload writes the returned result.
    private static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;

    private static void Describe(RouteHandlerBuilder route, ServedModelRegistration model, string operation) => route
        .WithMetadata(new ServingEndpoint("predict", model.Name))
        .WithName(operation).WithTags("Predict")
        .WithSummary($"Predicts with model '{model.Name}'")
        .WithDescription($"The body is one {model.InputType.Name} or an array of them; the label may be left out. The answer is one prediction or an array of them; ?top=k lists a multiclass model's k most likely classes.")
        .Accepts(model.InputType, "application/json")
        .Produces<PredictResponse>()
        .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
        .Produces<ErrorResponse>(StatusCodes.Status404NotFound)
        .Produces<ErrorResponse>(StatusCodes.Status413PayloadTooLarge);

    private static async Task<IResult> Predict(HttpContext http, string name)
    {
        var model = Errors.Find(http, name);
        var top = Top(http.Request.Query["top"]);
        var predictions = Predictions.Of(http);
        using var body = await RequestBody.ReadJson(http, predictions.Options.MaxRequestBodyBytes);
        var (rows, isBatch) = PredictRequest.Parse(body.RootElement, model.Columns, predictions.Options.MaxBatchSize);
        var result = predictions.Run(model, rows);
        var answers = result.Predictions
            .Select(p => new PredictResponse(model.Name, result.Identity.Version, p.Label, p.Score, p.Probability, p.Scores.Count > 0 && top > 0 ? p.Top(top) : null))
            .ToArray();
        return isBatch ? Results.Json(answers, ServingJson.Options) : Results.Json(answers[0], ServingJson.Options);
    }

    private static int Top(string? value)
    {
        if (string.IsNullOrEmpty(value)) return DefaultTop;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var top) && top >= 1
            ? top
            : throw InputError.BadRequest("Query parameter 'top': expected a whole number of classes, 1 or more.");
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex RouteSafe();
}
