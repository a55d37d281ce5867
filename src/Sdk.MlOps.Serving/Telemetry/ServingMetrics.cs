using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sdk.MlOps.Inference;

namespace Sdk.MlOps.Serving.Telemetry;

/// <summary>
/// The host's instruments, on the meter <c>Sdk.MlOps.Serving</c>. Made by the container's <see cref="IMeterFactory"/>
/// so that each host has its own. Tags are bounded: a model tag only ever holds a served model's name, a label
/// only a class of the model.
/// </summary>
internal sealed class ServingMetrics
{
    public const string MeterName = "Sdk.MlOps.Serving";

    // ASP.NET Core's default http.server.request.duration boundaries, so dashboards made for that metric fit this one.
    private static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    // Scores are mostly probabilities (0..1); binary margins and regression fall in the outer buckets.
    private static readonly double[] ScoreBuckets = [-10, -5, -2, -1, -0.5, 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 2, 5, 10];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _predictions;
    private readonly Histogram<double> _scores;
    private readonly Counter<long> _logDropped;

    public ServingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("mlops.serving.requests", "{request}", "Requests to the serving endpoints, by endpoint, model and status code.");
        _duration = meter.CreateHistogram("mlops.serving.request.duration", "s", "Time to answer a request to a serving endpoint.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _predictions = meter.CreateCounter<long>("mlops.serving.predictions", "{prediction}", "Predictions by model, version and predicted label.");
        _scores = meter.CreateHistogram("mlops.serving.prediction.score", null, "The score of each prediction (a multiclass model: the predicted class's probability).", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ScoreBuckets });
        _logDropped = meter.CreateCounter<long>("mlops.serving.prediction_log.dropped", "{record}", "Prediction log records dropped because the queue to the disk was full.");
    }

    public void Request(string endpoint, string model, int status, TimeSpan elapsed)
    {
        var tags = new TagList { { "endpoint", endpoint }, { "model", model }, { "status_code", status } };
        _requests.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    public void Predictions(string model, ModelIdentity identity, IReadOnlyList<ModelPrediction> predictions)
    {
        foreach (var p in predictions)
        {
            var tags = new TagList { { "model", model }, { "version", identity.Version } };
            _scores.Record(p.Score, tags);
            // A regression has no label: its predictions are counted, the distribution is in the score histogram.
            if (p.Label is { } label) tags.Add("label", label);
            _predictions.Add(1, tags);
        }
    }

    public void PredictionLogDropped() => _logDropped.Add(1);
}
