using System.Diagnostics;

namespace Sdk.MlOps.Tasks.Tests;

/// <summary>A real repository made with the git CLI, so ReadGitInfo is checked against what git itself says.</summary>
internal sealed class GitRepository : IDisposable
{
    private readonly TempDirectory _dir = new();

    public GitRepository(string branch = "main")
    {
        // An empty global config keeps the developer's own (hooks, signing, default branch) out of the test.
        _dir.Write(".gitconfig-empty", "");
        Root = _dir.Combine("repo");
        Directory.CreateDirectory(Root);
        Git("init", "--quiet", "--initial-branch", branch);
        Git("config", "user.name", "Test");
        Git("config", "user.email", "test@example.com");
        _dir.Write("repo/model/Model.csproj", "<Project />");
        Git("add", ".");
        Git("commit", "--quiet", "-m", "first");
    }

    public string Root { get; }

    /// <summary>A directory beside the repository, inside the same temp folder, e.g. for a worktree.</summary>
    public string Sibling(string name) => _dir.Combine(name);

    public string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = _dir.Combine(".gitconfig-empty");
        foreach (var inherited in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR" }) start.Environment.Remove(inherited);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
        return output.Result.Trim();
    }

    public void Dispose() => _dir.Dispose();
}
