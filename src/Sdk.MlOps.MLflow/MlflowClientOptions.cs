using System.Globalization;
using Sdk.MlOps.Protocol;

namespace Sdk.MlOps.MLflow;

/// <summary>
/// Where an <see cref="MlflowClient"/> connects, how it authenticates and how long it keeps trying.
/// <see cref="ToString"/> never shows the token or the password.
/// </summary>
public sealed class MlflowClientOptions
{
    /// <summary>The tracking server, e.g. <c>http://127.0.0.1:5000</c> or <c>https://host/mlflow</c> behind a path prefix.</summary>
    public Uri? TrackingUri { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer</c>; takes precedence over <see cref="Username"/>/<see cref="Password"/>.</summary>
    public string? Token { get; set; }

    /// <summary>With <see cref="Password"/>, sent as <c>Authorization: Basic</c> (MLflow's basic-auth app).</summary>
    public string? Username { get; set; }

    /// <summary>With <see cref="Username"/>, sent as <c>Authorization: Basic</c>.</summary>
    public string? Password { get; set; }

    /// <summary>Accept any server certificate. For self-signed test servers only.</summary>
    public bool InsecureTls { get; set; }

    /// <summary>One attempt of one request, until the response headers arrive (and for a JSON body, until it is read).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One request with all its retries and backoff delays; past it the call fails with TEMPORARILY_UNAVAILABLE.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries after the first attempt, on connection failures, timeouts, 429 and 5xx. 0 turns retrying off.</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>The first backoff delay; later ones double, with jitter, up to <see cref="MaxRetryDelay"/>. A Retry-After header wins.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff delay between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After the first connection failure or timeout (of an attempt, of <see cref="TotalTimeout"/>, or of the
    /// connect), stop: that request is not retried, and every later request of this client fails at once with
    /// TEMPORARILY_UNAVAILABLE, without touching the network. For short-lived processes (a build step) that would
    /// rather give up on a server that is down than wait for it in every call; 429 and 5xx answers are still
    /// retried. Off by default: a long-lived caller wants the retries.
    /// </summary>
    public bool FailFastAfterOutage { get; set; }

    /// <summary>
    /// Uploading or downloading one artifact file, per attempt. Model files take longer than
    /// <see cref="RequestTimeout"/> allows, so transfers have a bound of their own.
    /// </summary>
    public TimeSpan ArtifactTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The options MLflow's own clients read: <c>MLFLOW_TRACKING_URI</c>, <c>MLFLOW_TRACKING_TOKEN</c>,
    /// <c>MLFLOW_TRACKING_USERNAME</c>/<c>MLFLOW_TRACKING_PASSWORD</c>, <c>MLFLOW_TRACKING_INSECURE_TLS</c>, and
    /// <c>MLFLOW_HTTP_REQUEST_TIMEOUT</c> (seconds) and <c>MLFLOW_HTTP_REQUEST_MAX_RETRIES</c> when set.
    /// <paramref name="trackingUri"/>, when given, takes the place of <c>MLFLOW_TRACKING_URI</c>.
    /// </summary>
    public static MlflowClientOptions FromEnvironment(Uri? trackingUri = null) =>
        FromEnvironment(name => name == "MLFLOW_TRACKING_URI" && trackingUri is not null
            ? trackingUri.ToString()
            : Environment.GetEnvironmentVariable(name));

    internal static MlflowClientOptions FromEnvironment(Func<string, string?> variable)
    {
        static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

        var uri = NonEmpty(variable("MLFLOW_TRACKING_URI"))
            ?? throw new MlflowException(MlflowException.ErrorCodes.InvalidParameterValue, "MLFLOW_TRACKING_URI is not set; set it to the tracking server's http(s) URL.");
        var options = new MlflowClientOptions
        {
            TrackingUri = ParseTrackingUri(uri),
            Token = NonEmpty(variable("MLFLOW_TRACKING_TOKEN")),
            Username = NonEmpty(variable("MLFLOW_TRACKING_USERNAME")),
            Password = variable("MLFLOW_TRACKING_PASSWORD") is { Length: > 0 } password ? password : null,
            InsecureTls = string.Equals(NonEmpty(variable("MLFLOW_TRACKING_INSECURE_TLS")), "true", StringComparison.OrdinalIgnoreCase),
        };
        if (NonEmpty(variable("MLFLOW_HTTP_REQUEST_TIMEOUT")) is { } seconds)
            options.RequestTimeout = TimeSpan.FromSeconds(ParseInt("MLFLOW_HTTP_REQUEST_TIMEOUT", seconds, min: 1));
        if (NonEmpty(variable("MLFLOW_HTTP_REQUEST_MAX_RETRIES")) is { } retries)
            options.MaxRetries = ParseInt("MLFLOW_HTTP_REQUEST_MAX_RETRIES", retries, min: 0);
        return options;
    }

    /// <summary>Checks the URI against the scheme the REST client speaks.</summary>
    internal static void ValidateTrackingUri(Uri? uri)
    {
        if (uri is null)
            throw new ArgumentException("MlflowClientOptions.TrackingUri is not set (nor the HttpClient's BaseAddress).", "options");
        if (uri is not { IsAbsoluteUri: true, Scheme: "http" or "https" })
            throw new ArgumentException($"MlflowClientOptions.TrackingUri must be an absolute http(s) URL, not '{Redact(uri)}'.", "options");
    }

    /// <summary>Checks the timeouts and retry settings together; the retry pipeline calls it when it is built.</summary>
    internal void ValidateResilience()
    {
        if (RequestTimeout <= TimeSpan.Zero || TotalTimeout <= TimeSpan.Zero || ArtifactTimeout <= TimeSpan.Zero)
            throw new ArgumentException("MlflowClientOptions timeouts must be positive.", "options");
        if (MaxRetries < 0 || RetryDelay < TimeSpan.Zero || MaxRetryDelay < RetryDelay)
            throw new ArgumentException("MlflowClientOptions: MaxRetries and RetryDelay must not be negative, and MaxRetryDelay not below RetryDelay.", "options");
    }

    internal MlflowClientOptions Copy() => (MlflowClientOptions)MemberwiseClone();

    /// <summary>The settings for a log line, without the token or the password.</summary>
    public override string ToString()
    {
        var auth = Token is not null ? "bearer token ***" : Username is not null ? $"basic {Username}:***" : "none";
        return string.Create(CultureInfo.InvariantCulture,
            $"MLflow {(TrackingUri is null ? "(no tracking URI)" : Redact(TrackingUri))}, auth {auth}{(InsecureTls ? ", TLS unchecked" : "")}, " +
            $"request timeout {RequestTimeout.TotalSeconds:0.###} s, total {TotalTimeout.TotalSeconds:0.###} s, {MaxRetries} retries from {RetryDelay.TotalSeconds:0.###} s{(FailFastAfterOutage ? ", fail fast after an outage" : "")}");
    }

    /// <summary>The URI without user info, which may hold a password.</summary>
    internal static string Redact(Uri uri) => UriCredentials.Strip(uri).ToString();

    private static Uri ParseTrackingUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new MlflowException(MlflowException.ErrorCodes.InvalidParameterValue,
                "MLFLOW_TRACKING_URI must be an http(s) URL for the REST client; a local path or file: URI is FileStore's, and other schemes (databricks, sqlite) are not served.");

    private static int ParseInt(string name, string value, int min) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min
            ? number
            : throw new MlflowException(MlflowException.ErrorCodes.InvalidParameterValue, $"{name} must be a whole number of at least {min}, not '{value}'.");
}
