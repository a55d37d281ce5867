using Sdk.MlOps.MLflow.Rest;

namespace Sdk.MlOps.MLflow;

public sealed partial class MlflowClient
{
    private const string ArtifactsApi = "api/2.0/mlflow-artifacts/artifacts/";

    /// <inheritdoc/>
    public async Task LogArtifactAsync(string runId, string localFile, string artifactPath = "", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(localFile);
        if (!File.Exists(localFile))
            throw new FileNotFoundException($"No artifact file at '{localFile}'.", localFile);
        var folder = ArtifactPaths.Normalize(artifactPath ?? "");
        var root = await ProxiedRootAsync(runId, cancellationToken).ConfigureAwait(false);
        await UploadAsync(root, localFile, ArtifactPaths.Combine(folder, Path.GetFileName(localFile)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task LogArtifactsAsync(string runId, string localDirectory, string artifactPath = "", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(localDirectory);
        if (!Directory.Exists(localDirectory))
            throw new DirectoryNotFoundException($"No artifact folder at '{localDirectory}'.");
        var folder = ArtifactPaths.Normalize(artifactPath ?? "");
        var root = await ProxiedRootAsync(runId, cancellationToken).ConfigureAwait(false);
        var files = Directory.EnumerateFiles(localDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(localDirectory, file).Replace(Path.DirectorySeparatorChar, '/');
            await UploadAsync(root, file, ArtifactPaths.Combine(folder, relative), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ArtifactFile>> ListArtifactsAsync(string runId, string path = "", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var folder = ArtifactPaths.Normalize(path ?? "");
        var files = new List<ArtifactFile>();
        string? pageToken = null;
        do
        {
            var request = _rest.CreateRequest(HttpMethod.Get, RestTransport.WithQuery(Api + "artifacts/list",
                ("run_id", runId), ("path", NullIfEmpty(folder)), ("page_token", pageToken)));
            var response = await _rest.SendJsonAsync(request, WireJson.Default.ListArtifactsResponse, cancellationToken).ConfigureAwait(false);
            files.AddRange((response.Files ?? []).Select(WireMapping.ToArtifactFile));
            pageToken = NullIfEmpty(response.NextPageToken);
        }
        while (pageToken is not null);
        return files;
    }

    /// <inheritdoc/>
    public async Task DownloadArtifactAsync(string runId, string path, string destinationFile, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(destinationFile);
        var artifact = ArtifactPaths.Normalize(path ?? "");
        if (artifact.Length == 0)
            throw new ArgumentException("Name the artifact file to download; the root is a folder.", nameof(path));
        var root = await ProxiedRootAsync(runId, cancellationToken).ConfigureAwait(false);
        await EnsureArtifactFileAsync(runId, artifact, cancellationToken).ConfigureAwait(false);

        using var request = _rest.CreateRequest(HttpMethod.Get, ArtifactsApi + ArtifactPaths.Escape(ArtifactPaths.Combine(root, artifact)));
        request.Options.Set(MlflowResilience.ArtifactTransfer, true);
        using var response = await _rest.SendAsync(request, cancellationToken).ConfigureAwait(false);

        // Written beside the destination and moved over it, so a failed download never leaves half a file there.
        var destination = Path.GetFullPath(destinationFile);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var temp = destination + "." + Guid.NewGuid().ToString("N")[..8] + ".part";
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_artifactTimeout);
                await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                await CopyBodyAsync(request, response, file, timeout.Token, cancellationToken).ConfigureAwait(false);
            }
            File.Move(temp, destination, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>
    /// Reads and writes apart, so a failing network read (a reset arrives as a bare IOException) reports the server
    /// unavailable while a failing disk write keeps its own exception.
    /// </summary>
    private async Task CopyBodyAsync(HttpRequestMessage request, HttpResponseMessage response, FileStream file, CancellationToken timeout, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        Stream? body = null;
        try
        {
            while (true)
            {
                int read;
                try
                {
                    body ??= await response.Content.ReadAsStreamAsync(timeout).ConfigureAwait(false);
                    read = await body.ReadAsync(buffer, timeout).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or IOException or OperationCanceledException)
                {
                    throw _rest.Unavailable(request, e);
                }
                if (read == 0)
                    return;
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (body is not null)
                await body.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// MLflow answers a download of a missing file with 500 INTERNAL_ERROR, which is retried as transient for the
    /// whole total bound; one listing of the folder first turns that into an immediate, accurate error.
    /// </summary>
    private async Task EnsureArtifactFileAsync(string runId, string artifact, CancellationToken cancellationToken)
    {
        var slash = artifact.LastIndexOf('/');
        var folder = slash < 0 ? "" : artifact[..slash];
        var entry = (await ListArtifactsAsync(runId, folder, cancellationToken).ConfigureAwait(false)).FirstOrDefault(f => f.Path == artifact);
        if (entry is null)
            throw new MlflowException(MlflowException.ErrorCodes.ResourceDoesNotExist, $"Run '{runId}' has no artifact '{artifact}'.");
        if (entry.IsDirectory)
            throw new MlflowException(MlflowException.ErrorCodes.InvalidParameterValue, $"Artifact '{artifact}' of run '{runId}' is a folder; download its files one by one.");
    }

    private async Task UploadAsync(string root, string localFile, string artifactPath, CancellationToken cancellationToken)
    {
        var request = _rest.CreateRequest(HttpMethod.Put, ArtifactsApi + ArtifactPaths.Escape(ArtifactPaths.Combine(root, artifactPath)), new FileContent(localFile));
        request.Options.Set(MlflowResilience.ArtifactTransfer, true);
        await _rest.SendJsonAsync(request, WireJson.Default.EmptyMessage, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The run's artifact root under the proxied artifact API, e.g. <c>1/&lt;run&gt;/artifacts</c>.</summary>
    private async Task<string> ProxiedRootAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        return ArtifactPaths.ProxiedRoot(runId, run.Info.ArtifactUri);
    }
}
