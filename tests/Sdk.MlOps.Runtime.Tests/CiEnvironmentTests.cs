using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class CiEnvironmentTests
{
    private static (string?, string?) Detect(params (string Name, string Value)[] variables) =>
        CiEnvironment.Detect(name => variables.FirstOrDefault(v => v.Name == name).Value);

    [TestMethod]
    public void GitHubActions() => Assert.AreEqual(("github-actions", "https://github.com/org/repo/actions/runs/42"),
        Detect(("GITHUB_ACTIONS", "true"), ("GITHUB_SERVER_URL", "https://github.com"), ("GITHUB_REPOSITORY", "org/repo"), ("GITHUB_RUN_ID", "42")));

    [TestMethod]
    public void AzurePipelines() => Assert.AreEqual(("azure-pipelines", "https://dev.azure.com/org/Proj/_build/results?buildId=7"),
        Detect(("TF_BUILD", "True"), ("SYSTEM_COLLECTIONURI", "https://dev.azure.com/org/"), ("SYSTEM_TEAMPROJECT", "Proj"), ("BUILD_BUILDID", "7")));

    [TestMethod]
    public void GitLabAndJenkins()
    {
        Assert.AreEqual(("gitlab", "https://gitlab.example/job/1"), Detect(("GITLAB_CI", "true"), ("CI_JOB_URL", "https://gitlab.example/job/1")));
        Assert.AreEqual(("jenkins", "https://ci.example/job/9/"), Detect(("JENKINS_URL", "https://ci.example/"), ("BUILD_URL", "https://ci.example/job/9/")));
    }

    [TestMethod]
    public void NoCi() => Assert.AreEqual((null, null), Detect());
}
