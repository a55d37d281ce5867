using Sdk.MlOps.Data;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Tracking;

/// <summary>
/// Paths as tags, params and reports name them: never this machine's absolute paths, which would differ per clone
/// and tell a tracking server where a user keeps their files. A path inside the project stays as the project
/// names it; one elsewhere in the repository becomes relative to the repository root; one outside the repository
/// keeps only its file name, with a hash that keeps it apart from other files of that name.
/// </summary>
internal static class TrackedPaths
{
    /// <summary>The folder holding <c>.git</c> (a folder, or a file in a worktree) above the project; else the project's folder.</summary>
    public static string RepositoryRoot(string projectFile)
    {
        var projectDir = ProjectDirectory(projectFile);
        for (var dir = new DirectoryInfo(projectDir); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
                return dir.FullName;
        return projectDir;
    }

    /// <summary>
    /// A data file's name for the record: <paramref name="name"/> as the project wrote it when it stays inside the
    /// project, else relative to the repository root, else <c>external-&lt;hash&gt;/&lt;file name&gt;</c> with the first
    /// 12 hex digits of the content hash (or of the path, when there is no content hash).
    /// </summary>
    public static string Data(string name, string? contentHash, string projectFile)
    {
        var slashed = name.Replace('\\', '/');
        var projectDir = ProjectDirectory(projectFile);
        var full = Path.GetFullPath(slashed, projectDir);
        if (!Path.IsPathRooted(slashed) && IsUnder(full, projectDir)) return slashed;
        var root = RepositoryRoot(projectFile);
        if (IsUnder(full, root)) return Path.GetRelativePath(root, full).Replace('\\', '/');
        var hex = contentHash is { Length: > 0 } ? contentHash[(contentHash.IndexOf(':') + 1)..] : Hash(full);
        return $"external-{hex[..Math.Min(12, hex.Length)]}/{Path.GetFileName(full)}";
    }

    public static DataReport Data(DataReport data, string projectFile)
    {
        IReadOnlyList<DataFileStats> Map(IReadOnlyList<DataFileStats> files) =>
            files.Select(f => f with { Name = Data(f.Name, f.Hash, projectFile) }).ToList();
        return data with { Training = Map(data.Training), Test = Map(data.Test) };
    }

    /// <summary>
    /// How a training report names the local store: relative to the repository root (<c>mlruns</c>), or, outside
    /// it, the folder's name and a hash of its full path, enough to recognize the same store again.
    /// </summary>
    public static string Store(string localRoot, string projectFile)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(localRoot));
        var root = RepositoryRoot(projectFile);
        return IsUnder(full, root) && full != root
            ? Path.GetRelativePath(root, full).Replace('\\', '/')
            : $"{Path.GetFileName(full)}@{Hash(full)[..12]}";
    }

    private static string ProjectDirectory(string projectFile) =>
        Path.GetDirectoryName(Path.GetFullPath(projectFile)) ?? Directory.GetCurrentDirectory();

    private static bool IsUnder(string path, string dir)
    {
        var relative = Path.GetRelativePath(dir, path);
        return relative != ".." && !relative.StartsWith("../", StringComparison.Ordinal) && !relative.StartsWith(@"..\", StringComparison.Ordinal)
            && !Path.IsPathRooted(relative);
    }

    private static string Hash(string text) => Hosting.Sha256.OfText(text);
}
