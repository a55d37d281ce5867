using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sdk.MlOps.Serving.Models;
using Sdk.MlOps.Serving.PredictionLogging;
using Sdk.MlOps.Serving.Telemetry;

namespace Sdk.MlOps.Serving.Endpoints;

/// <summary>What every prediction goes through, whichever protocol asked: the model, the metrics, the prediction log.</summary>
internal static class Predictions
{
    public static ServedPrediction Run(HttpContext context, ServedModel model, IReadOnlyList<object?[]> rows)
    {
        var services = context.RequestServices;
        var result = model.Predict(rows);
        services.GetRequiredService<ServingMetrics>().Predictions(model.Name, result.Identity, result.Predictions);
        services.GetRequiredService<PredictionLog>().Add(model, result, rows);
        Log.Predicted(services.GetRequiredService<ILoggerFactory>().CreateLogger(Log.Category), rows.Count, model.Name, result.Identity.Version);
        return result;
    }

    public static ModelServingOptions Options(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<ModelServingOptions>>().Value;
}
