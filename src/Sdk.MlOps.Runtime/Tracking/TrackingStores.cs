using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.MLflow;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Tracking;

/// <summary>
/// The stores a request works with: the configured one (an MLflow server, or the local store in MLflow's file
/// layout) and the local store as the place of last resort when the server fails, so no run is ever lost.
/// </summary>
internal sealed class TrackingStores : IDisposable
{
    private readonly TrackingSettings _settings;
    private readonly Reporter _reporter;
    private MlflowClient? _server;
    private FileStore? _local;

    /// <param name="settings">The request's tracking settings.</param>
    /// <param name="reporter">Where warnings go.</param>
    /// <param name="budgeted">
    /// Whether the server is given up on after one outage within the <see cref="TrackingBudget"/> (a build step), or
    /// retried as the client does by default (a sync, which wants everything across).
    /// </param>
    /// <param name="projectFile">The project, whose repository the local store is named relative to in reports (see <see cref="LocalName"/>).</param>
    public TrackingStores(TrackingSettings settings, Reporter reporter, bool budgeted = true, string? projectFile = null)
    {
        _settings = settings;
        _reporter = reporter;
        var uri = string.IsNullOrWhiteSpace(settings.Uri) ? Environment.GetEnvironmentVariable("MLFLOW_TRACKING_URI") : settings.Uri;
        var localRoot = settings.LocalStore ?? Path.GetFullPath("mlruns");
        LocalRoot = LocalPath(uri, Path.GetDirectoryName(localRoot)!) ?? localRoot;
        LocalName = projectFile is null ? LocalRoot : TrackedPaths.Store(LocalRoot, projectFile);
        ServerUri = LocalPath(uri, LocalRoot) is null ? ParseServer(uri) : null;
        if (ServerUri is not null)
        {
            try
            {
                // Settings errors (e.g. MLFLOW_HTTP_REQUEST_TIMEOUT=30s) surface now, coded, not at the first call.
                _options = MlflowClientOptions.FromEnvironment(ServerUri);
                if (budgeted) TrackingBudget.Apply(_options, TrackingBudget.Resolve(settings, Environment.GetEnvironmentVariable));
            }
            catch (MlflowException e)
            {
                throw new MlOpsException(ErrorCodes.TrackingFailed, $"The MLflow client settings in the environment are not usable: {e.Message}");
            }
        }
    }

    private readonly MlflowClientOptions? _options;

    /// <summary>The server, without credentials; null when the local store is the configured one.</summary>
    public Uri? ServerUri { get; }

    public string LocalRoot { get; }

    /// <summary>The local store as a training report names it: no machine path (see <see cref="TrackedPaths.Store"/>).</summary>
    public string LocalName { get; }

    public bool UsesServer => ServerUri is not null;

    /// <summary>Where a run goes or a champion is looked up: the server when there is one.</summary>
    public (ITrackingStore Tracking, IModelRegistry Registry) Primary => UsesServer ? (Server, Server) : (Local, Local);

    public FileStore Local => _local ??= new FileStore(LocalRoot);

    /// <summary>
    /// Whether a recorded run is in a store this build uses: its own local store or its configured server. A run
    /// named in a report from elsewhere (a cache shared by clones) is never followed: this machine's credentials go
    /// only to the server this build was pointed at.
    /// </summary>
    public bool Owns(TrackedRun run) => run.IsLocal
        // Reports of older SDK versions name the store by its absolute path.
        ? run.Store == LocalName || (Path.IsPathRooted(run.Store) && Path.GetFullPath(run.Store) == Path.GetFullPath(LocalRoot))
        : ServerUri is not null && run.Store == ServerUri.ToString();

    /// <summary>The store of a run this build <see cref="Owns"/>.</summary>
    public (ITrackingStore Tracking, IModelRegistry Registry) Of(TrackedRun run) =>
        Owns(run) ? run.IsLocal ? (Local, Local) : (Server, Server)
        : throw new InvalidOperationException($"Run {run.RunId} is not in a store this build uses.");


    public MlflowClient Server => _server ??= new(_options!);

    /// <summary>
    /// Runs <paramref name="action"/> against the server; when the server cannot be reached or refuses, warns
    /// with <paramref name="consequence"/> (or fails, with MlOpsTrackingRequired) and returns false.
    /// </summary>
    public async Task<bool> TryOnServer(string what, Func<Task> action, string consequence)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception e) when (e is MlflowException or HttpRequestException or TaskCanceledException or IOException)
        {
            bool unavailable = e is not MlflowException m || m.ErrorCode == MlflowException.ErrorCodes.Unavailable;
            var code = unavailable ? ErrorCodes.TrackingUnavailable : ErrorCodes.TrackingFailed;
            var why = e is MlflowException me ? $"{me.ErrorCode}: {me.Message}" : e.Message;
            var message = $"Could not {what} on the MLflow server {ServerUri}: {why}.";
            if (_settings.Required)
                throw new MlOpsException(code, message + " MlOpsTrackingRequired is true, so this fails the build.");
            _reporter.Warning(code, $"{message} {consequence}");
            return false;
        }
    }

    public void Dispose() => _server?.Dispose();


    private static Uri? ParseServer(string? uri)
    {
        if (string.IsNullOrWhiteSpace(uri)) return null;
        // Before parsing: a password with an '@' in it makes the URI unparsable, and the message must not echo it.
        if (UriCredentials.Carries(uri))
            throw new MlOpsException(ErrorCodes.TrackingUriHasCredentials,
                "The tracking URI carries credentials. Remove them from the URI and set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, in the environment instead.");
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            throw new MlOpsException(ErrorCodes.TrackingFailed,
                "The tracking URI is not an http(s) MLflow server or a file: path. Set MlOpsTrackingUri (or MLFLOW_TRACKING_URI) to e.g. http://mlflow:5000.");
        return parsed;
    }

    /// <summary>The folder of a <c>file:</c> URI in any of MLflow's spellings (file:///abs, file:/abs, file:rel), or null.</summary>
    private static string? LocalPath(string? uri, string baseDirectory)
    {
        if (uri is null || !uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return null;
        if (uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(uri, UriKind.Absolute, out var parsed)) return parsed.LocalPath;
        var path = Uri.UnescapeDataString(uri["file:".Length..]);
        return Path.GetFullPath(Path.Combine(baseDirectory, path));
    }
}
