namespace Sdk.MlOps.Serving;

/// <summary>
/// How the serving host guards and records its models. Bound from the configuration section <c>MlOps:Serving</c>;
/// the environment variables <c>MLOPS_API_KEY</c> and <c>MLOPS_PREDICTION_LOG_DIR</c> override their keys.
/// </summary>
public sealed class ModelServingOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "MlOps:Serving";

    /// <summary>
    /// When set, every endpoint but <c>/v2/health/*</c> and <c>/metrics</c> requires it, as <c>Authorization: Bearer &lt;key&gt;</c> or
    /// <c>X-API-Key: &lt;key&gt;</c>. Environment variable <c>MLOPS_API_KEY</c>. Default: none (open).
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>The largest request body accepted, in bytes; a larger one is answered 413 (default 4 MiB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The most rows one request may carry; more is answered 400 (default 1,000).</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>
    /// How long the host keeps serving after it was asked to stop, with readiness already false, so that a load
    /// balancer stops sending before the listener closes (default 0; a few seconds behind Kubernetes).
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.Zero;

    /// <summary>How long requests in flight may take to finish once the host stops, drain delay included (default 30 s).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The request rate limit; off by default.</summary>
    public ModelServingRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>The prediction log; off until it has a directory.</summary>
    public PredictionLogOptions PredictionLog { get; set; } = new();
}

/// <summary>A fixed-window request limit, per client IP address or for the whole host. Health endpoints and <c>/metrics</c> are exempt.</summary>
public sealed class ModelServingRateLimitOptions
{
    /// <summary>Requests allowed per window; 0 turns the limit off (default 0).</summary>
    public int PermitLimit { get; set; }

    /// <summary>The window (default 1 s).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>One window per client IP address (default true), or one shared by every client.</summary>
    public bool PerClient { get; set; } = true;
}

/// <summary>
/// A JSON-lines log of sampled predictions (<c>{time, model, version, input, output}</c>), written off the request path
/// and rotated by size and count.
/// </summary>
public sealed class PredictionLogOptions
{
    /// <summary>The folder of the log files; none turns the log off. Environment variable <c>MLOPS_PREDICTION_LOG_DIR</c>.</summary>
    public string? Directory { get; set; }

    /// <summary>The share of predictions logged, 0 to 1 (default 1).</summary>
    public double SampleRate { get; set; } = 1.0;

    /// <summary>The size at which a file is closed and a new one started (default 10 MiB).</summary>
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How many files are kept, the oldest deleted first (default 10).</summary>
    public int MaxFiles { get; set; } = 10;

    /// <summary>How many records may wait for the disk; past that they are dropped and counted (default 10,000).</summary>
    public int QueueCapacity { get; set; } = 10_000;
}
