using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sdk.MlOps.Serving.Models;
using Sdk.MlOps.Serving.PredictionLogging;
using Sdk.MlOps.Serving.Telemetry;

namespace Sdk.MlOps.Serving.Endpoints;

/// <summary>
/// What every prediction goes through, whichever protocol asked: the model, the metrics, the prediction log. One
/// singleton holding its collaborators, so a request costs one service lookup, not one per collaborator and a logger.
/// </summary>
internal sealed class Predictions(ServingMetrics metrics, PredictionLog log, ILoggerFactory loggers, IOptions<ModelServingOptions> options)
{
    private readonly ILogger _logger = loggers.CreateLogger(Log.Category);

    public ModelServingOptions Options { get; } = options.Value;

    public static Predictions Of(HttpContext context) => context.RequestServices.GetRequiredService<Predictions>();

    public ServedPrediction Run(ServedModel model, IReadOnlyList<object?[]> rows)
    {
        var result = model.Predict(rows);
        metrics.Predictions(model.Name, result.Identity, result.Predictions);
        log.Add(model, result, rows);
        Log.Predicted(_logger, rows.Count, model.Name, result.Identity.Version);
        return result;
    }
}
