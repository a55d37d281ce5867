using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sdk.MlOps.Inference;
using Sdk.MlOps.Serving.Models;
using Sdk.MlOps.Serving.Telemetry;

namespace Sdk.MlOps.Serving.PredictionLogging;

/// <summary>A sampled prediction on its way to the log: the row as parsed, and what the model answered.</summary>
internal sealed record PredictionRecord(DateTimeOffset Time, string Model, string Version, InputColumns Columns, object?[] Input, ModelPrediction Output);

/// <summary>
/// The request side of the prediction log: samples predictions and queues them for <see cref="PredictionLogWriter"/>.
/// The queue is bounded and never waited on, so a slow or full disk costs a request nothing: when the queue is full
/// the record is dropped and counted.
/// </summary>
internal sealed class PredictionLog
{
    private readonly Channel<PredictionRecord> _queue;
    private readonly double _sampleRate;
    private readonly ServingMetrics _metrics;
    private readonly ILogger _logger;
    private long _dropped;

    public PredictionLog(IOptions<ModelServingOptions> options, ServingMetrics metrics, ILoggerFactory loggers)
    {
        var settings = options.Value.PredictionLog;
        Settings = settings;
        Enabled = !string.IsNullOrWhiteSpace(settings.Directory) && settings.SampleRate > 0;
        _sampleRate = settings.SampleRate;
        _metrics = metrics;
        _logger = loggers.CreateLogger(Log.Category);
        // Wait mode with TryWrite: a full queue refuses the record (DropWrite would accept and lose it silently).
        _queue = Channel.CreateBounded<PredictionRecord>(new BoundedChannelOptions(settings.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public PredictionLogOptions Settings { get; }

    public bool Enabled { get; }

    /// <summary>Records dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<PredictionRecord> Reader => _queue.Reader;

    public void Add(ServedModel model, ServedPrediction prediction, IReadOnlyList<object?[]> rows)
    {
        if (!Enabled) return;
        var now = DateTimeOffset.UtcNow;
        for (int i = 0; i < rows.Count; i++)
        {
            if (_sampleRate < 1 && Random.Shared.NextDouble() >= _sampleRate) continue;
            if (_queue.Writer.TryWrite(new PredictionRecord(now, model.Name, prediction.Identity.Version, model.Columns, rows[i], prediction.Predictions[i])))
                continue;
            var dropped = Interlocked.Increment(ref _dropped);
            _metrics.PredictionLogDropped();
            if (dropped == 1 || dropped % 1000 == 0) Log.PredictionLogDropped(_logger, dropped);
        }
    }
}
