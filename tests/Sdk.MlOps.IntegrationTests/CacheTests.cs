using Sdk.MlOps.IntegrationTests.Infrastructure;
using Sdk.MlOps.Testing;

namespace Sdk.MlOps.IntegrationTests;

/// <summary>Never train the same model twice: the local model cache across clones, and the server as a remote cache.</summary>
[TestClass]
public sealed class CacheTests
{
    [TestMethod]
    public void AFreshCloneRestoresFromTheCache_ADamagedEntryIsDetected_AndTheCacheCanBeTurnedOff()
    {
        var first = Models.DetectorProject("Cached");
        Assert.IsTrue(first.Build().ShouldSucceed().Trained);
        var trained = File.ReadAllBytes(first.ModelFile);

        var clone = first.Clone("CachedClone");
        var restored = clone.Build().ShouldSucceed();
        Assert.IsFalse(restored.Trained, restored.Output);
        Assert.Contains("Restored the model from the cache", restored.Output);
        CollectionAssert.AreEqual(trained, File.ReadAllBytes(clone.ModelFile));
        clone.Test().ShouldSucceed(); // the restored model and its report are complete

        var cachedModel = Directory.GetFiles(first.Environment["MLOPS_CACHE_DIR"], "model.zip", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(cachedModel);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(cachedModel, bytes);
        var afterDamage = first.Clone("DamagedClone").Build().ShouldSucceed();
        afterDamage.ShouldWarn("MLOPS6001");
        Assert.IsTrue(afterDamage.Trained, "a damaged entry is discarded and the model trained again");

        var uncached = first.Clone("Uncached").Build("-p:MlOpsCache=false").ShouldSucceed();
        Assert.IsTrue(uncached.Trained, "MlOpsCache=false trains even when the cache has the model");
    }

    [TestMethod]
    public async Task ACloneRestoresFromTheTrackingServer_AndFillsItsLocalCache()
    {
        await using var server = await FakeMlflowServer.StartAsync();
        var first = Models.DetectorProject("Remote");
        first.Environment["MLFLOW_TRACKING_URI"] = server.Uri.ToString();
        Assert.IsTrue(first.Build().ShouldSucceed().Trained);

        // Another machine: same server, empty local cache.
        var elsewhere = first.Clone("RemoteElsewhere");
        elsewhere.Environment["MLOPS_CACHE_DIR"] = Path.Combine(elsewhere.Directory, ".cache");
        var build = elsewhere.Build().ShouldSucceed();
        Assert.IsFalse(build.Trained, build.Output);
        Assert.Contains("from the tracking server", build.Output);
        CollectionAssert.AreEqual(File.ReadAllBytes(first.ModelFile), File.ReadAllBytes(elsewhere.ModelFile));
        Assert.IsNotEmpty(Directory.GetFiles(elsewhere.Environment["MLOPS_CACHE_DIR"], "entry.tsv", SearchOption.AllDirectories), "the local cache is filled");
        Assert.AreEqual(1, server.State.RunCount, "restoring records no new run");

        // A clone that tracks locally restores the same cached report, which names the server's run: the server is
        // not contacted (this machine's credentials go nowhere it was not pointed at); the training is recorded here.
        var local = first.Clone("RemoteReportLocalTracking");
        local.Environment.Remove("MLFLOW_TRACKING_URI");
        local.Environment["MLFLOW_TRACKING_TOKEN"] = "tok-not-for-that-server";
        int before = server.Requests.Count;
        Assert.IsFalse(local.Build().ShouldSucceed().Trained);
        local.Test().ShouldSucceed();
        Assert.AreEqual(before, server.Requests.Count, "a run named in a cached report is never followed to its server");
        Assert.IsTrue(Directory.Exists(local.LocalStore), "the training is recorded in this build's own store");

        var off = elsewhere.Clone("RemoteOff");
        off.Environment["MLOPS_CACHE_DIR"] = Path.Combine(off.Directory, ".cache");
        Assert.IsTrue(off.Build("-p:MlOpsRemoteCache=false").ShouldSucceed().Trained, "MlOpsRemoteCache=false trains");
    }
}
