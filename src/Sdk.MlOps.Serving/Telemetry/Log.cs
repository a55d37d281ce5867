using Microsoft.Extensions.Logging;
using Sdk.MlOps.Inference;

namespace Sdk.MlOps.Serving.Telemetry;

/// <summary>
/// Every log message of the host, as message templates. None takes an input value, an output for a row, or a
/// credential: requests are described by model, version, counts and outcome only.
/// </summary>
internal static partial class Log
{
    public const string Category = "Sdk.MlOps.Serving";

    [LoggerMessage(1, LogLevel.Information, "Serving model {Model} version {Version} ({Task}, sha256 {Sha256})")]
    public static partial void ModelLoaded(ILogger logger, string model, string version, ModelTask task, string sha256);

    [LoggerMessage(2, LogLevel.Information, "Model {Model} reloaded: version {OldVersion} -> {NewVersion} (sha256 {OldSha256} -> {NewSha256})")]
    public static partial void ModelReloaded(ILogger logger, string model, string oldVersion, string newVersion, string oldSha256, string newSha256);

    [LoggerMessage(3, LogLevel.Warning, "Model {Model}: the replaced model could not be loaded ({Error}: {Reason}); version {Version} keeps answering")]
    public static partial void ModelReloadFailed(ILogger logger, string model, string version, string error, string reason);

    [LoggerMessage(4, LogLevel.Error, "Unexpected error in {Method} {Path} (trace {TraceId})")]
    public static partial void UnexpectedError(ILogger logger, Exception exception, string method, string path, string traceId);

    [LoggerMessage(5, LogLevel.Debug, "Predicted {Rows} rows with {Model} version {Version}")]
    public static partial void Predicted(ILogger logger, int rows, string model, string version);

    [LoggerMessage(6, LogLevel.Information, "Stopping: readiness is now false; serving for {DrainSeconds} s more before the listener closes")]
    public static partial void Draining(ILogger logger, double drainSeconds);

    [LoggerMessage(7, LogLevel.Information, "Prediction log: {Directory} (sample rate {SampleRate}, {MaxFiles} files of up to {MaxFileBytes} bytes)")]
    public static partial void PredictionLogStarted(ILogger logger, string directory, double sampleRate, int maxFiles, long maxFileBytes);

    [LoggerMessage(8, LogLevel.Warning, "Prediction log: the disk refused a record ({Error}: {Reason}); records are dropped until it accepts them again")]
    public static partial void PredictionLogWriteFailed(ILogger logger, string error, string reason);

    [LoggerMessage(9, LogLevel.Warning, "Prediction log: the queue is full, {Dropped} records dropped so far (the disk is slower than the requests)")]
    public static partial void PredictionLogDropped(ILogger logger, long dropped);

    [LoggerMessage(11, LogLevel.Warning, "No API key is set (MLOPS_API_KEY): every endpoint answers whoever reaches it")]
    public static partial void ApiKeyOff(ILogger logger);

    [LoggerMessage(12, LogLevel.Warning, "Model {Model} has no mlops-manifest.json beside {File}: its version is unknown and its label column is taken to be Label")]
    public static partial void NoManifest(ILogger logger, string model, string file);

    [LoggerMessage(10, LogLevel.Information, "API key authentication is on: every endpoint but /v2/health and /metrics requires the key")]
    public static partial void ApiKeyOn(ILogger logger);
}
