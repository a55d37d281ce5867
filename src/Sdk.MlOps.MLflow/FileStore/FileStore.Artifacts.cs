namespace Sdk.MlOps.MLflow;

public sealed partial class FileStore
{
    /// <inheritdoc/>
    public Task LogArtifactAsync(string runId, string localFile, string artifactPath = "", CancellationToken cancellationToken = default) =>
        Completed(() =>
        {
            if (!File.Exists(localFile)) throw new FileNotFoundException($"No file '{localFile}' to log as an artifact.", localFile);
            var target = ArtifactPath(ArtifactRoot(runId), artifactPath);
            Directory.CreateDirectory(target);
            StoreFiles.CopyIn(localFile, Path.Combine(target, Path.GetFileName(localFile)));
        }, cancellationToken);

    /// <inheritdoc/>
    public Task LogArtifactsAsync(string runId, string localDirectory, string artifactPath = "", CancellationToken cancellationToken = default) =>
        Completed(() =>
        {
            if (!Directory.Exists(localDirectory)) throw new DirectoryNotFoundException($"No folder '{localDirectory}' to log as artifacts.");
            var target = ArtifactPath(ArtifactRoot(runId), artifactPath);
            foreach (var file in Directory.EnumerateFiles(localDirectory, "*", SearchOption.AllDirectories))
            {
                var destination = Path.Combine(target, Path.GetRelativePath(localDirectory, file));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                StoreFiles.CopyIn(file, destination);
            }
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ArtifactFile>> ListArtifactsAsync(string runId, string path = "", CancellationToken cancellationToken = default) =>
        Completed<IReadOnlyList<ArtifactFile>>(() =>
        {
            var root = ArtifactRoot(runId);
            var dir = ArtifactPath(root, path);
            // Like MLflow: a missing folder, or a file, lists as empty.
            if (!Directory.Exists(dir)) return [];
            return new DirectoryInfo(dir).EnumerateFileSystemInfos()
                .Select(entry => new ArtifactFile(
                    Path.GetRelativePath(root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/'),
                    entry is DirectoryInfo,
                    entry is FileInfo file ? file.Length : null))
                .OrderBy(entry => entry.Path, StringComparer.Ordinal)
                .ToList();
        }, cancellationToken);

    /// <inheritdoc/>
    public Task DownloadArtifactAsync(string runId, string path, string destinationFile, CancellationToken cancellationToken = default) =>
        Completed(() =>
        {
            var source = ArtifactPath(ArtifactRoot(runId), path);
            if (!File.Exists(source)) throw NotFound($"Run '{runId}' has no artifact file '{path}'.");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destinationFile))!);
            File.Copy(source, destinationFile, overwrite: true);
        }, cancellationToken);

    /// <summary>The local folder behind the run's artifact URI, which may point anywhere a file: URI can.</summary>
    private string ArtifactRoot(string runId)
    {
        var info = ReadRunInfo(FindRun(runId));
        return FileUri.ToLocalPath(info.ArtifactUri)
            ?? throw Invalid($"Run '{runId}' keeps its artifacts at '{info.ArtifactUri}', which is not a local path; use the REST client for it.");
    }

    /// <summary>A path under the artifact root; one that would leave it ("..", rooted) is refused.</summary>
    private static string ArtifactPath(string root, string relative)
    {
        var segments = (relative ?? "").Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s is "." or "..") || Path.IsPathRooted(relative ?? ""))
            throw Invalid($"Artifact path '{relative}' must be relative and stay under the run's artifact root.");
        return segments.Length == 0 ? root : Path.Combine([root, .. segments]);
    }
}
