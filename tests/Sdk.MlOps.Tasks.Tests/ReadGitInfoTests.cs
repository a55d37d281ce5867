namespace Sdk.MlOps.Tasks.Tests;

[TestClass]
public sealed class ReadGitInfoTests
{
    private static readonly string[] CiBranchVariables =
        ["GITHUB_HEAD_REF", "GITHUB_REF_NAME", "BUILD_SOURCEBRANCHNAME", "CI_COMMIT_REF_NAME", "BRANCH_NAME", "GIT_BRANCH"];

    private readonly RecordingBuildEngine _engine = new();

    [TestMethod]
    public void OnABranch_CommitAndBranchMatchGit()
    {
        using var repo = new GitRepository("main");

        var task = Run(Path.Combine(repo.Root, "model"));

        Assert.MatchesRegex("^[0-9a-f]{40}$", task.Commit);
        Assert.AreEqual(repo.Git("rev-parse", "HEAD"), task.Commit);
        Assert.AreEqual(repo.Git("rev-parse", "--abbrev-ref", "HEAD"), task.Branch);
        Assert.AreEqual("main", task.Branch);
        Assert.AreEqual("", task.RepositoryUrl);
        Assert.AreEqual(repo.Root, task.RepositoryRoot, "the folder holding .git, not the project folder");
    }

    [TestMethod]
    public void RepositoryRoot_IsFoundFromDeepInsideTheTree()
    {
        using var repo = new GitRepository();
        var deep = Path.Combine(repo.Root, "model", "sub", "dir");
        Directory.CreateDirectory(deep);

        var task = Run(deep);

        Assert.AreEqual(repo.Root, task.RepositoryRoot);
        Assert.IsTrue(Directory.Exists(Path.Combine(task.RepositoryRoot, ".git")));
    }

    [TestMethod]
    public void PackedRefs_StillResolve()
    {
        using var repo = new GitRepository("feature/gates");
        repo.Git("pack-refs", "--all");
        Assert.IsFalse(File.Exists(Path.Combine(repo.Root, ".git", "refs", "heads", "feature", "gates")), "precondition: the ref is packed");

        var task = Run(repo.Root);

        Assert.AreEqual(repo.Git("rev-parse", "HEAD"), task.Commit);
        Assert.AreEqual("feature/gates", task.Branch);
    }

    [TestMethod]
    public void Worktree_ResolvesItsBranchThroughTheCommonDirectory()
    {
        using var repo = new GitRepository();
        var worktree = repo.Sibling("wt");
        repo.Git("worktree", "add", "--quiet", "-b", "experiment", worktree);

        var task = Run(worktree);

        Assert.AreEqual(repo.Git("rev-parse", "HEAD"), task.Commit);
        Assert.AreEqual("experiment", task.Branch);
        Assert.AreEqual(worktree, task.RepositoryRoot, "a worktree's root holds its .git file, not the main repository's .git folder");
    }

    [TestMethod]
    [DoNotParallelize]
    public void DetachedHead_TakesTheBranchFromTheCiVariable()
    {
        using var repo = new GitRepository();
        repo.Git("checkout", "--quiet", "--detach");

        var task = WithCiVariables(new() { ["GITHUB_REF_NAME"] = "release/2.0" }, () => Run(repo.Root));

        Assert.AreEqual(repo.Git("rev-parse", "HEAD"), task.Commit);
        Assert.AreEqual("release/2.0", task.Branch);
    }

    [TestMethod]
    [DoNotParallelize]
    public void DetachedHead_WithoutCiVariables_HasNoBranch()
    {
        using var repo = new GitRepository();
        repo.Git("checkout", "--quiet", "--detach");

        var task = WithCiVariables([], () => Run(repo.Root));

        Assert.AreEqual(repo.Git("rev-parse", "HEAD"), task.Commit);
        Assert.AreEqual("", task.Branch);
    }

    [TestMethod]
    public void AGitFilePointingNowhere_IsNoRepositoryAndNoError()
    {
        // A worktree or submodule copied without its repository (e.g. into a container's build context).
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, ".git"), "gitdir: ../gone/.git/worktrees/w");

        var task = Run(dir.Path);

        Assert.AreEqual("", task.Commit);
        Assert.IsEmpty(_engine.Errors);
    }

    [TestMethod]
    public void OutsideAnyRepository_GivesEmptyCommitAndNoError()
    {
        using var dir = new TempDirectory();
        if (ReadGitInfo.FindGitDir(dir.Path) is { } enclosing)
            Assert.Inconclusive($"The temp folder is inside a repository ({enclosing}).");

        var task = Run(dir.Path);

        Assert.AreEqual("", task.Commit);
        Assert.AreEqual("", task.Branch);
        Assert.AreEqual("", task.RepositoryUrl);
        Assert.AreEqual("", task.RepositoryRoot);
        Assert.IsEmpty(_engine.Errors);
        Assert.IsEmpty(_engine.Warnings);
    }

    [TestMethod]
    public void OriginUrlWithCredentials_NeverReachesRepositoryUrl()
    {
        using var repo = new GitRepository();
        repo.Git("remote", "add", "upstream", "https://github.com/someone-else/fork.git");
        repo.Git("remote", "add", "origin", "https://ci-bot:ghp_s3cr3tT0ken@github.com/org/repo.git");

        var task = Run(repo.Root);

        Assert.AreEqual("https://github.com/org/repo.git", task.RepositoryUrl);
        Assert.DoesNotContain("s3cr3t", task.RepositoryUrl);
        Assert.DoesNotContain("ci-bot", task.RepositoryUrl);
    }

    private ReadGitInfo Run(string startDirectory)
    {
        var task = new ReadGitInfo { BuildEngine = _engine, StartDirectory = startDirectory };
        Assert.IsTrue(task.Execute(), _engine.ErrorSummary);
        return task;
    }

    /// <summary>Runs with exactly the given CI branch variables set (the rest cleared), then restores them all.</summary>
    private static T WithCiVariables<T>(Dictionary<string, string> values, Func<T> action)
    {
        var saved = CiBranchVariables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var name in CiBranchVariables) Environment.SetEnvironmentVariable(name, values.GetValueOrDefault(name));
            return action();
        }
        finally
        {
            foreach (var (name, value) in saved) Environment.SetEnvironmentVariable(name, value);
        }
    }
}
