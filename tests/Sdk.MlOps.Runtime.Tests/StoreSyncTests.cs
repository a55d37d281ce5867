using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.MLflow;
using Sdk.MlOps.Testing;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>MlOpsSync's failures: MLOPS5004, and the local store exactly as it was, so the sync can simply be run again.</summary>
[TestClass]
public sealed class StoreSyncTests
{
    [TestMethod]
    public async Task WithoutAServer_SyncIsRefused()
    {
        using var dir = new TempDirectory();
        var settings = new TrackingSettings { LocalStore = Path.Combine(dir.Path, "mlruns") };

        var e = await Assert.ThrowsExactlyAsync<MlOpsException>(() => new StoreSync(settings, new CapturedReporter().Reporter).RunAsync());

        Assert.AreEqual(ErrorCodes.SyncFailed, e.Code);
        Assert.Contains("MLFLOW_TRACKING_URI", e.Message, "the message says how to name a server");
    }

    [TestMethod]
    public async Task AServerThatRefuses_StopsTheSync_AndNothingLocalChanges()
    {
        using var dir = new TempDirectory();
        var store = Path.Combine(dir.Path, "mlruns");
        var local = new FileStore(store);
        var experiment = await local.CreateExperimentAsync("Synced");
        var run = await local.CreateRunAsync(experiment, "training", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await local.LogBatchAsync(run.Info.RunId, parameters: new Dictionary<string, string> { ["Iterations"] = "20" });
        await local.UpdateRunAsync(run.Info.RunId, RunStatus.Finished, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var before = Snapshot(store);

        await using var server = await FakeMlflowServer.StartAsync();
        foreach (var path in new[] { "experiments/get-by-name", "experiments/create", "runs/create", "runs/search" })
            server.Faults.Always(path.EndsWith("get-by-name", StringComparison.Ordinal) ? "GET" : "POST", path, new Fault.Status(403, "PERMISSION_DENIED", Message: "not yours"));
        var settings = new TrackingSettings { Uri = server.Uri.ToString(), LocalStore = store };

        var e = await Assert.ThrowsExactlyAsync<MlOpsException>(() => new StoreSync(settings, new CapturedReporter().Reporter).RunAsync());

        Assert.AreEqual(ErrorCodes.SyncFailed, e.Code);
        Assert.Contains("PERMISSION_DENIED", e.Message);
        Assert.IsNotEmpty(server.Requests, "the server was asked");
        CollectionAssert.AreEqual(before, Snapshot(store), "the local store changed");
    }

    /// <summary>Every file of the store, with its content.</summary>
    private static string[] Snapshot(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(root, f) + "=" + File.ReadAllText(f)).ToArray();
}
