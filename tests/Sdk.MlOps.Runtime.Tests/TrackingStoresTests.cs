using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class TrackingStoresTests
{
    private static TrackingStores Open(string uri, string localStore = "/repo/mlruns") =>
        new(new TrackingSettings { Uri = uri, LocalStore = localStore }, new CapturedReporter().Reporter);

    [TestMethod]
    [DataRow("file:///srv/store", "/srv/store")]
    [DataRow("file:/srv/store", "/srv/store")]
    [DataRow("file:store", "/repo/store")] // relative to the repository root
    public void EveryFileUriSpellingIsALocalStore(string uri, string expected)
    {
        using var stores = Open(uri);
        Assert.IsFalse(stores.UsesServer);
        Assert.AreEqual(expected, stores.LocalRoot);
    }

    [TestMethod]
    [DataRow("https://user:secret@mlflow.example")]
    [DataRow("http://user:p@ss@mlflow.example/")]
    public void AServerUriWithCredentialsIsRefusedWithoutRepeatingThem(string uri)
    {
        var e = Assert.ThrowsExactly<MlOpsException>(() => Open(uri));
        Assert.AreEqual(ErrorCodes.TrackingUriHasCredentials, e.Code);
        Assert.DoesNotContain("secret", e.Message);
        Assert.DoesNotContain("p@ss", e.Message);
    }

    [TestMethod]
    public void AnUnsupportedSchemeIsACodedError() =>
        Assert.AreEqual(ErrorCodes.TrackingFailed, Assert.ThrowsExactly<MlOpsException>(() => Open("sqlite:///mlflow.db")).Code);

    [TestMethod]
    public void AServerUriIsUsedAsIs()
    {
        using var stores = Open("http://127.0.0.1:5000");
        Assert.IsTrue(stores.UsesServer);
        Assert.AreEqual("http://127.0.0.1:5000/", stores.ServerUri!.ToString());
    }
}
