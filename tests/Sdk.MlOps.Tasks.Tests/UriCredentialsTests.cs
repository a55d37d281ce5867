namespace Sdk.MlOps.Tasks.Tests;

/// <summary>The one credential stripper, shared by the tasks, the engine and the MLflow client.</summary>
[TestClass]
public sealed class UriCredentialsTests
{
    [TestMethod]
    [DataRow("https://user:token@github.com/org/repo.git", "https://github.com/org/repo.git")]
    [DataRow("https://x-access-token:ghs_abc123@github.com/org/repo", "https://github.com/org/repo")]
    [DataRow("https://token@dev.azure.com/org/project/_git/repo", "https://dev.azure.com/org/project/_git/repo")]
    [DataRow("https://user:pass@git.example.com:8443/team/repo.git", "https://git.example.com:8443/team/repo.git")]
    [DataRow("http://user:p@ss@mlflow.example/", "http://mlflow.example/")] // unparsable as a URI
    [DataRow("https://github.com/org/repo.git", "https://github.com/org/repo.git")]
    [DataRow("https://host/path/@scope/package", "https://host/path/@scope/package")] // an '@' in the path is no user
    [DataRow("ssh://git@github.com/org/repo.git", "ssh://git@github.com/org/repo.git")] // an ssh user is no secret
    [DataRow("git@github.com:org/repo.git", "git@github.com:org/repo.git")]
    [DataRow("", "")]
    public void Strip_RemovesUserInfoOnly(string url, string expected)
    {
        Assert.AreEqual(expected, UriCredentials.Strip(url));
        Assert.AreEqual(expected != url, UriCredentials.Carries(url));
    }

    [TestMethod]
    public void Strip_KeepsTheUrlEscaped() =>
        Assert.AreEqual(
            "https://dev.azure.com/org/My%20Project/_git/repo",
            UriCredentials.Strip("https://build:pat@dev.azure.com/org/My%20Project/_git/repo"));

    [TestMethod]
    public void Strip_OfAUri_DropsUserAndPassword() =>
        Assert.AreEqual(new Uri("https://mlflow.example/prefix"), UriCredentials.Strip(new Uri("https://bob:secret@mlflow.example/prefix")));
}
