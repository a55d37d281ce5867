using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// Reads the commit, branch and remote of the repository holding the project straight from <c>.git</c>
/// (no git executable needed). CI systems often check out a detached HEAD; then their branch variables name the branch.
/// </summary>
public sealed class ReadGitInfo : Task
{
    [Required] public string StartDirectory { get; set; } = "";

    [Output] public string Commit { get; private set; } = "";
    [Output] public string Branch { get; private set; } = "";
    [Output] public string RepositoryUrl { get; private set; } = "";
    /// <summary>The folder holding .git: the default home of the local tracking store.</summary>
    [Output] public string RepositoryRoot { get; private set; } = "";

    private static readonly string[] CiBranchVariables =
        ["GITHUB_HEAD_REF", "GITHUB_REF_NAME", "BUILD_SOURCEBRANCHNAME", "CI_COMMIT_REF_NAME", "BRANCH_NAME", "GIT_BRANCH"];

    public override bool Execute()
    {
        try
        {
            Read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Lineage is worth having, never worth a failed build (e.g. a worktree copied without its repository).
            Log.LogMessage(MessageImportance.Normal, "The git repository above {0} could not be read ({1}): the manifest records no commit.", StartDirectory, e.Message);
        }

        return true;
    }

    private void Read()
    {
        var found = Find(StartDirectory);
        if (found is null)
        {
            Log.LogMessage(MessageImportance.Low, "No git repository above {0}: the manifest records no commit.", StartDirectory);
            return;
        }

        var (root, gitDir) = found.Value;
        RepositoryRoot = root;
        var commonDir = File.Exists(Path.Combine(gitDir, "commondir"))
            ? Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(Path.Combine(gitDir, "commondir")).Trim()))
            : gitDir;
        var head = File.ReadAllText(Path.Combine(gitDir, "HEAD")).Trim();
        if (head.StartsWith("ref: ", StringComparison.Ordinal))
        {
            var reference = head.Substring(5).Trim();
            Commit = ResolveRef(gitDir, commonDir, reference) ?? "";
            Branch = reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference.Substring(11) : reference;
        }
        else
        {
            Commit = head;
        }

        var ciBranch = CiBranchVariables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        if (string.IsNullOrEmpty(Branch) && ciBranch is not null) Branch = ciBranch;
        RepositoryUrl = UriCredentials.Strip(ReadOriginUrl(commonDir));
    }

    internal static string? FindGitDir(string start) => Find(start)?.GitDir;

    /// <summary>The working tree's root and its git directory, found upwards from <paramref name="start"/>.</summary>
    private static (string Root, string GitDir)? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git)) return (dir.FullName, git);
            if (File.Exists(git))
            {
                // A worktree or submodule: ".git" is a file that points at the real git directory.
                var pointer = File.ReadAllText(git).Trim();
                var target = pointer.StartsWith("gitdir:", StringComparison.Ordinal)
                    ? Path.GetFullPath(Path.Combine(dir.FullName, pointer.Substring(7).Trim()))
                    : null;
                if (target is not null && Directory.Exists(target)) return (dir.FullName, target);
            }
        }

        return null;
    }

    private static string? ResolveRef(string gitDir, string commonDir, string reference)
    {
        foreach (var dir in new[] { gitDir, commonDir })
        {
            var loose = Path.Combine(dir, reference.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(loose)) return File.ReadAllText(loose).Trim();
        }

        var packed = Path.Combine(commonDir, "packed-refs");
        if (!File.Exists(packed)) return null;
        return File.ReadLines(packed)
            .Select(l => l.Split(' '))
            .Where(parts => parts.Length == 2 && parts[1] == reference)
            .Select(parts => parts[0])
            .FirstOrDefault();
    }

    private static string ReadOriginUrl(string commonDir)
    {
        var config = Path.Combine(commonDir, "config");
        if (!File.Exists(config)) return "";
        bool inOrigin = false;
        foreach (var raw in File.ReadLines(config))
        {
            var line = raw.Trim();
            if (line.StartsWith("[", StringComparison.Ordinal)) inOrigin = line == "[remote \"origin\"]";
            else if (inOrigin && line.StartsWith("url", StringComparison.Ordinal) && line.IndexOf('=') is var eq and > 0)
                return line.Substring(eq + 1).Trim();
        }

        return "";
    }
}
