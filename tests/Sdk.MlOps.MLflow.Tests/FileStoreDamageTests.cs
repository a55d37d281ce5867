using System.Runtime.Versioning;
using Sdk.MlOps.MLflow;

namespace Sdk.MlOps.MLflow.Tests;

/// <summary>
/// A store that was damaged (a meta.yaml cut short or overwritten with garbage) is reported, with the file's path,
/// and never worked around; a write that fails half-way (disk full, read-only) leaves the store as it was.
/// </summary>
[TestClass]
public sealed class FileStoreDamageTests
{
    private TempMlruns _mlruns = null!;

    [TestInitialize]
    public void Create() => _mlruns = new TempMlruns();

    [TestCleanup]
    public void Delete()
    {
        StoreFiles.WriteFault.Value = null;
        _mlruns.Dispose();
    }

    private string PathOf(params string[] parts) => Path.Combine([_mlruns.Root, .. parts]);

    [TestMethod]
    [DataRow("name: churn\n  bad indent\n")]
    [DataRow("")]
    [DataRow("artifact_location: x\nexperiment_id: '999'\nname: churn\n")]
    public async Task ADamagedExperimentIsReportedAndItsNameIsNotTakenAgain(string damaged)
    {
        var store = _mlruns.Open();
        var id = await store.CreateExperimentAsync("churn");
        var meta = PathOf(id, "meta.yaml");
        File.WriteAllText(meta, damaged);

        var lookup = await MlflowAssert.FailsWith(MlflowException.ErrorCodes.DataLoss, () => store.GetExperimentByNameAsync("churn"));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.DataLoss, () => store.CreateExperimentAsync("churn"));

        Assert.Contains(meta, lookup.Message);
        Assert.AreEqual(damaged, File.ReadAllText(meta));
        Assert.HasCount(2, Directory.GetDirectories(_mlruns.Root).Where(d => Path.GetFileName(d) is not (".trash")).ToList()); // 0 and churn
    }

    [TestMethod]
    public async Task ADamagedRegisteredModelGetsNoVersionAndIsNotRewritten()
    {
        var store = _mlruns.Open();
        var run = await store.CreateRunAsync("0", "r", 1);
        await store.CreateRegisteredModelAsync("churn");
        await store.CreateModelVersionAsync("churn", "file:///x", run.Info.RunId);
        var meta = PathOf("models", "churn", "meta.yaml");
        File.WriteAllText(meta, "{{ not yaml");

        var error = await MlflowAssert.FailsWith(MlflowException.ErrorCodes.DataLoss, () => store.CreateModelVersionAsync("churn", "file:///y", run.Info.RunId));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.DataLoss, () => store.GetRegisteredModelAsync("churn"));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.DataLoss, () => store.CreateRegisteredModelAsync("churn"));

        Assert.Contains(meta, error.Message);
        Assert.AreEqual("{{ not yaml", File.ReadAllText(meta));
        Assert.IsFalse(Directory.Exists(PathOf("models", "churn", "version-2")));
    }

    [TestMethod]
    public async Task AModelThatLostItsMetaYamlKeepsItsVersions()
    {
        var store = _mlruns.Open();
        var run = await store.CreateRunAsync("0", "r", 1);
        await store.CreateRegisteredModelAsync("churn");
        await store.CreateModelVersionAsync("churn", "file:///x", run.Info.RunId);
        File.Delete(PathOf("models", "churn", "meta.yaml"));

        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.DataLoss, () => store.CreateRegisteredModelAsync("churn"));

        Assert.IsTrue(File.Exists(PathOf("models", "churn", "version-1", "meta.yaml")));
    }

    [TestMethod]
    public async Task ADamagedVersionOrRunIsReportedWithItsPath()
    {
        var store = _mlruns.Open();
        var run = await store.CreateRunAsync("0", "r", 1);
        await store.CreateRegisteredModelAsync("churn");
        await store.CreateModelVersionAsync("churn", "file:///x", run.Info.RunId);
        File.WriteAllText(PathOf("models", "churn", "version-1", "meta.yaml"), "version: 7\n");
        File.WriteAllText(PathOf("0", run.Info.RunId, "meta.yaml"), "run_id: 'someone-else'\nexperiment_id: '0'\n");

        var version = await MlflowAssert.FailsWith(MlflowException.ErrorCodes.DataLoss, () => store.SearchModelVersionsAsync());
        var runError = await MlflowAssert.FailsWith(MlflowException.ErrorCodes.DataLoss, () => store.GetRunAsync(run.Info.RunId));

        Assert.Contains(PathOf("models", "churn", "version-1", "meta.yaml"), version.Message);
        Assert.Contains(PathOf("0", run.Info.RunId, "meta.yaml"), runError.Message);
    }

    [TestMethod]
    public async Task AFolderWithoutMetaYamlIsStillSkipped()
    {
        var store = _mlruns.Open();
        Directory.CreateDirectory(PathOf("123", "tags"));
        Directory.CreateDirectory(PathOf("0", "abc", "tags"));

        Assert.IsNull(await store.GetExperimentByNameAsync("x"));
        Assert.IsEmpty((await store.SearchRunsAsync(["0"])).Items);
    }

    [TestMethod]
    public async Task ADiskThatFillsWhileARunIsMadeLeavesNoRunFolder()
    {
        var store = _mlruns.Open();
        var before = Directory.GetFileSystemEntries(PathOf("0"));
        StoreFiles.WriteFault.Value = path => { if (path.EndsWith("meta.yaml", StringComparison.Ordinal)) throw new IOException("No space left on device"); };

        await Assert.ThrowsExactlyAsync<IOException>(() => store.CreateRunAsync("0", "r", 1, new Dictionary<string, string> { ["t"] = "v" }));

        CollectionAssert.AreEquivalent(before, Directory.GetFileSystemEntries(PathOf("0")));
        StoreFiles.WriteFault.Value = null;
        var run = await store.CreateRunAsync("0", "r", 1);
        Assert.AreEqual("r", (await store.GetRunAsync(run.Info.RunId)).Info.RunName);
    }

    [TestMethod]
    public async Task ARunWhoseTagsCollideHalfWayLeavesNoRunFolder()
    {
        var store = _mlruns.Open();
        var before = Directory.GetFileSystemEntries(PathOf("0"));

        // 'a' is written, then 'a/b' needs 'a' as a folder: a real failure in the middle of making the run.
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue,
            () => store.CreateRunAsync("0", "r", 1, new Dictionary<string, string> { ["a"] = "1", ["a/b"] = "2" }));

        CollectionAssert.AreEquivalent(before, Directory.GetFileSystemEntries(PathOf("0")));
    }

    [TestMethod]
    public async Task AFailedWriteKeepsTheOldValueAndTheMetricHistory()
    {
        var store = _mlruns.Open();
        var run = await store.CreateRunAsync("0", "r", 1);
        await store.LogBatchAsync(run.Info.RunId, [new Metric("m", 1, 1)], null, new Dictionary<string, string> { ["t"] = "first" });
        var runDir = PathOf("0", run.Info.RunId);
        var entries = Directory.GetFileSystemEntries(runDir, "*", SearchOption.AllDirectories).Order().ToList();
        StoreFiles.WriteFault.Value = _ => throw new IOException("No space left on device");

        await Assert.ThrowsExactlyAsync<IOException>(() => store.LogBatchAsync(run.Info.RunId, null, null, new Dictionary<string, string> { ["t"] = "second" }));
        await Assert.ThrowsExactlyAsync<IOException>(() => store.LogBatchAsync(run.Info.RunId, [new Metric("m", 2, 2)]));

        StoreFiles.WriteFault.Value = null;
        var read = await store.GetRunAsync(run.Info.RunId);
        Assert.AreEqual("first", read.Data.Tags["t"]);
        Assert.HasCount(1, await store.GetMetricHistoryAsync(run.Info.RunId, "m"));
        CollectionAssert.AreEqual(entries, Directory.GetFileSystemEntries(runDir, "*", SearchOption.AllDirectories).Order().ToList());
    }

    [TestMethod]
    [UnsupportedOSPlatform("windows")]
    public async Task AReadOnlyExperimentFolderGetsNoHalfRun()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName == "root")
            Assert.Inconclusive("Folder permissions do not stop root.");
        var store = _mlruns.Open();
        var experiment = PathOf("0");
        var mode = File.GetUnixFileMode(experiment);
        File.SetUnixFileMode(experiment, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            await Assert.ThrowsAsync<Exception>(() => store.CreateRunAsync("0", "r", 1));
            Assert.IsEmpty((await store.SearchRunsAsync(["0"])).Items);
        }
        finally
        {
            File.SetUnixFileMode(experiment, mode);
        }
    }
}
