using System.Text;
using Sdk.MlOps.MLflow;

namespace Sdk.MlOps.MLflow.Tests;

/// <summary>
/// Golden files: what lands on disk, byte for byte, checked against the writer spec in the MLflow reference
/// (which a real MLflow 2.12.2 server reads back).
/// </summary>
[TestClass]
public sealed class FileStoreLayoutTests
{
    private const long Later = FixedTime.Start + 5000;
    private readonly TempMlruns _mlruns = new();

    [TestCleanup]
    public void Cleanup() => _mlruns.Dispose();

    private string Uri(params string[] parts) =>
        "file://" + (_mlruns.Root.StartsWith('/') ? "" : "/") + Path.Combine([_mlruns.Root, .. parts]).Replace('\\', '/');

    [TestMethod]
    public void NewRootGetsTheDefaultExperimentAndTrash()
    {
        _mlruns.Open();

        Assert.AreEqual(
            $"""
            artifact_location: {Uri("0")}
            creation_time: 1795761984213
            experiment_id: '0'
            last_update_time: 1795761984213
            lifecycle_stage: active
            name: Default

            """, _mlruns.Read("0", "meta.yaml"));
        Assert.IsTrue(Directory.Exists(Path.Combine(_mlruns.Root, ".trash")));
    }

    [TestMethod]
    public void ExistingRootGetsNoDefaultExperiment()
    {
        Directory.CreateDirectory(_mlruns.Root);

        _mlruns.Open();

        Assert.IsFalse(Directory.Exists(Path.Combine(_mlruns.Root, "0")));
    }

    [TestMethod]
    public async Task ExperimentMetaAndTags()
    {
        var id = await _mlruns.Open().CreateExperimentAsync("demo-exp", new Dictionary<string, string> { ["team"] = "mlops", ["a/b"] = "nested" });

        Assert.AreEqual(18, id.Length);
        Assert.IsTrue(long.TryParse(id, out _), "the migrator needs integer experiment folders");
        Assert.AreEqual(
            $"""
            artifact_location: {Uri(id)}
            creation_time: 1795761984213
            experiment_id: '{id}'
            last_update_time: 1795761984213
            lifecycle_stage: active
            name: demo-exp

            """, _mlruns.Read(id, "meta.yaml"));
        Assert.AreEqual("mlops", _mlruns.Read(id, "tags", "team"));
        Assert.AreEqual("nested", _mlruns.Read(id, "tags", "a", "b"));
    }

    [TestMethod]
    public async Task RunMetaFoldersAndTags()
    {
        var store = _mlruns.Open();
        var exp = await store.CreateExperimentAsync("e");
        var run = await store.CreateRunAsync(exp, "r1", 1795761867462, new Dictionary<string, string> { ["mlops.input_hash"] = "abc" });
        var id = run.Info.RunId;

        Assert.MatchesRegex("^[0-9a-f]{32}$", id);
        Assert.AreEqual(
            $"""
            artifact_uri: {Uri(exp, id, "artifacts")}
            deleted_time: null
            end_time: null
            entry_point_name: ''
            experiment_id: '{exp}'
            lifecycle_stage: active
            run_id: '{id}'
            run_name: r1
            run_uuid: '{id}'
            source_name: ''
            source_type: 4
            source_version: ''
            start_time: 1795761867462
            status: 1
            tags: []
            user_id: {Environment.UserName}

            """, _mlruns.Read(exp, id, "meta.yaml"));
        CollectionAssert.AreEquivalent(
            new[] { "artifacts", "metrics", "params", "tags" },
            Directory.GetDirectories(Path.Combine(_mlruns.Root, exp, id)).Select(Path.GetFileName).ToArray());
        Assert.AreEqual("r1", _mlruns.Read(exp, id, "tags", "mlflow.runName"));
        Assert.AreEqual(Environment.UserName, _mlruns.Read(exp, id, "tags", "mlflow.user"));
        Assert.AreEqual("abc", _mlruns.Read(exp, id, "tags", "mlops.input_hash"));
    }

    [TestMethod]
    public async Task FinishedRunKeepsEveryOtherField()
    {
        var store = _mlruns.Open();
        var exp = await store.CreateExperimentAsync("e");
        var run = await store.CreateRunAsync(exp, "r1", FixedTime.Start);
        var before = _mlruns.Read(exp, run.Info.RunId, "meta.yaml");

        await store.UpdateRunAsync(run.Info.RunId, RunStatus.Finished, Later);

        var expected = before.Replace("end_time: null", $"end_time: {Later}").Replace("status: 1", "status: 3");
        Assert.AreEqual(expected, _mlruns.Read(exp, run.Info.RunId, "meta.yaml"));
    }

    [TestMethod]
    public async Task MetricLinesParamsAndTagsWithoutNewline()
    {
        var store = _mlruns.Open();
        var exp = await store.CreateExperimentAsync("e");
        var run = (await store.CreateRunAsync(exp, "r", FixedTime.Start)).Info.RunId;

        await store.LogBatchAsync(run,
            [
                new Metric("rmse", 0.5, FixedTime.Start, 0),
                new Metric("rmse", 1e-5, FixedTime.Start + 1, 1),
                new Metric("rmse", double.NaN, FixedTime.Start + 2, 2),
                new Metric("rmse", double.PositiveInfinity, FixedTime.Start + 3, 3),
                new Metric("rmse", double.NegativeInfinity, FixedTime.Start + 4, 4),
                new Metric("eval/auc", 0.9, FixedTime.Start, 7),
            ],
            new Dictionary<string, string> { ["lr"] = "0.01", ["opt/momentum"] = "0.9" },
            new Dictionary<string, string> { ["mlflow.note.content"] = "hello\nworld", ["x/y"] = "z" });

        Assert.AreEqual(
            "1795761984213 0.5 0\n1795761984214 1E-05 1\n1795761984215 NaN 2\n1795761984216 Infinity 3\n1795761984217 -Infinity 4\n",
            _mlruns.Read(exp, run, "metrics", "rmse"));
        Assert.AreEqual("1795761984213 0.9 7\n", _mlruns.Read(exp, run, "metrics", "eval", "auc"));
        CollectionAssert.AreEqual(Encoding.UTF8.GetBytes("0.01"), File.ReadAllBytes(Path.Combine(_mlruns.Root, exp, run, "params", "lr")), "no BOM, no newline");
        Assert.AreEqual("0.9", _mlruns.Read(exp, run, "params", "opt", "momentum"));
        Assert.AreEqual("hello\nworld", _mlruns.Read(exp, run, "tags", "mlflow.note.content"));
        Assert.AreEqual("z", _mlruns.Read(exp, run, "tags", "x", "y"));
    }

    [TestMethod]
    public async Task MetricTextIgnoresTheCurrentCulture()
    {
        var store = _mlruns.Open();
        var exp = await store.CreateExperimentAsync("e");
        var run = (await store.CreateRunAsync(exp, "r", FixedTime.Start)).Info.RunId;
        var before = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            await store.LogBatchAsync(run, [new Metric("acc", 1234.5, 1, 2)]);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }

        Assert.AreEqual("1 1234.5 2\n", _mlruns.Read(exp, run, "metrics", "acc"));
    }

    [TestMethod]
    public async Task RegistryFiles()
    {
        var exp = await _mlruns.Open().CreateExperimentAsync("e");
        var run = (await _mlruns.Open().CreateRunAsync(exp, "r", FixedTime.Start)).Info.RunId;
        await _mlruns.Open().CreateRegisteredModelAsync("demo-model", "written by hand", new Dictionary<string, string> { ["k"] = "v" });
        var source = $"runs:/{run}/model";

        await _mlruns.Open(Later).CreateModelVersionAsync("demo-model", source, run, new Dictionary<string, string> { ["stage"] = "candidate" });
        await _mlruns.Open(Later + 1).SetAliasAsync("demo-model", "champion", "1");

        Assert.AreEqual(
            """
            creation_timestamp: 1795761984213
            description: written by hand
            last_updated_timestamp: 1795761989214
            name: demo-model

            """, _mlruns.Read("models", "demo-model", "meta.yaml"));
        Assert.AreEqual(
            $"""
            creation_timestamp: 1795761989213
            current_stage: None
            description: ''
            last_updated_timestamp: 1795761989213
            name: demo-model
            run_id: '{run}'
            run_link: ''
            source: {source}
            status: READY
            status_message: null
            storage_location: {source}
            user_id: null
            version: 1

            """, _mlruns.Read("models", "demo-model", "version-1", "meta.yaml"));
        Assert.AreEqual("v", _mlruns.Read("models", "demo-model", "tags", "k"));
        Assert.AreEqual("candidate", _mlruns.Read("models", "demo-model", "version-1", "tags", "stage"));
        Assert.AreEqual("1", _mlruns.Read("models", "demo-model", "aliases", "champion"));
    }

    [TestMethod]
    public async Task NoTempFilesAreLeftBehind()
    {
        var store = _mlruns.Open();
        var exp = await store.CreateExperimentAsync("e");
        var run = (await store.CreateRunAsync(exp, "r", FixedTime.Start)).Info.RunId;
        await store.UpdateRunAsync(run, RunStatus.Finished, Later);
        await store.CreateRegisteredModelAsync("m");
        await store.CreateModelVersionAsync("m", "runs:/x/model", run);

        var files = Directory.GetFiles(_mlruns.Root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_mlruns.Root, f)).ToList();

        Assert.IsFalse(files.Any(f => f.EndsWith(".tmp", StringComparison.Ordinal)), string.Join(", ", files));
        Assert.IsTrue(files.Contains(".mlops.lock"));
    }
}
