using Sdk.MlOps.MLflow;

namespace Sdk.MlOps.MLflow.Tests;

/// <summary>Experiments, runs, metrics, params and tags written through <see cref="ITrackingStore"/> and read back through it.</summary>
[TestClass]
public sealed class FileStoreTrackingTests
{
    private readonly TempMlruns _mlruns = new();

    [TestCleanup]
    public void Cleanup() => _mlruns.Dispose();

    private async Task<(ITrackingStore Store, string Experiment, string Run)> NewRun(string runName = "r")
    {
        ITrackingStore store = _mlruns.Open();
        var exp = await store.CreateExperimentAsync("exp");
        var run = await store.CreateRunAsync(exp, runName, FixedTime.Start);
        return (store, exp, run.Info.RunId);
    }

    [TestMethod]
    public async Task ExperimentRoundTrip()
    {
        ITrackingStore store = _mlruns.Open();
        var id = await store.CreateExperimentAsync("demo", new Dictionary<string, string> { ["team"] = "mlops" });

        var found = await store.GetExperimentByNameAsync("demo");

        Assert.IsNotNull(found);
        Assert.AreEqual(id, found.ExperimentId);
        Assert.AreEqual("active", found.LifecycleStage);
        Assert.AreEqual(FixedTime.Start, found.CreationTime);
        Assert.AreEqual("mlops", found.Tags["team"]);
        Assert.EndsWith("/mlruns/" + id, found.ArtifactLocation);
        Assert.IsNull(await store.GetExperimentByNameAsync("nope"));
    }

    [TestMethod]
    public async Task ExperimentNamesAreUnique()
    {
        ITrackingStore store = _mlruns.Open();
        await store.CreateExperimentAsync("demo");

        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.ResourceAlreadyExists, () => store.CreateExperimentAsync("demo"));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.ResourceAlreadyExists, () => store.CreateExperimentAsync("Default"));
    }

    [TestMethod]
    public async Task SearchExperimentsByNameWithPages()
    {
        ITrackingStore store = _mlruns.Open();
        foreach (var name in new[] { "alpha-1", "alpha-2", "beta" }) await store.CreateExperimentAsync(name);

        var first = await store.SearchExperimentsAsync("name LIKE 'alpha%'", maxResults: 1);
        var second = await store.SearchExperimentsAsync("name LIKE 'alpha%'", maxResults: 1, pageToken: first.NextPageToken);
        var exact = await store.SearchExperimentsAsync("name = 'beta'");
        var all = await store.SearchExperimentsAsync();

        Assert.IsNotNull(first.NextPageToken);
        Assert.IsNull(second.NextPageToken);
        CollectionAssert.AreEquivalent(new[] { "alpha-1", "alpha-2" }, first.Items.Concat(second.Items).Select(e => e.Name).ToArray());
        Assert.AreEqual("beta", exact.Items.Single().Name);
        Assert.HasCount(4, all.Items, "the three plus Default");
    }

    [TestMethod]
    public async Task RunRoundTrip()
    {
        var (store, exp, runId) = await NewRun("first-run");
        await store.LogBatchAsync(runId,
            [
                new Metric("rmse", 0.9, 100, 0),
                new Metric("rmse", 0.3, 50, 2),
                new Metric("rmse", 0.5, 200, 1),
                new Metric("eval/auc", 0.7, 10, 0),
            ],
            new Dictionary<string, string> { ["lr"] = "0.01", ["nested/p"] = "x" },
            new Dictionary<string, string> { ["mlops.input_hash"] = "abc" });
        await store.UpdateRunAsync(runId, RunStatus.Finished, 999);

        var run = await store.GetRunAsync(runId);

        Assert.AreEqual(exp, run.Info.ExperimentId);
        Assert.AreEqual("first-run", run.Info.RunName);
        Assert.AreEqual(RunStatus.Finished, run.Info.Status);
        Assert.AreEqual(999L, run.Info.EndTime);
        Assert.AreEqual(FixedTime.Start, run.Info.StartTime);
        Assert.AreEqual(Environment.UserName, run.Info.UserId);
        Assert.AreEqual(new Metric("rmse", 0.3, 50, 2), run.Data.Metrics.Single(m => m.Key == "rmse"), "latest = max by (step, timestamp, value)");
        Assert.AreEqual(0.7, run.Data.Metrics.Single(m => m.Key == "eval/auc").Value);
        Assert.AreEqual("0.01", run.Data.Params["lr"]);
        Assert.AreEqual("x", run.Data.Params["nested/p"]);
        Assert.AreEqual("abc", run.Data.Tags["mlops.input_hash"]);
        Assert.AreEqual("first-run", run.Data.Tags["mlflow.runName"]);

        var history = await store.GetMetricHistoryAsync(runId, "rmse");
        CollectionAssert.AreEqual(new[] { 0.9, 0.3, 0.5 }, history.Select(m => m.Value).ToArray(), "history keeps logging order");
        Assert.IsEmpty(await store.GetMetricHistoryAsync(runId, "never-logged"));
    }

    [TestMethod]
    public async Task SpecialMetricValuesRoundTrip()
    {
        var (store, _, runId) = await NewRun();
        double[] values = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e-300, -0.0, 0.1 + 0.2];

        await store.LogBatchAsync(runId, values.Select((v, i) => new Metric("m", v, i, i)).ToList());

        CollectionAssert.AreEqual(values, (await store.GetMetricHistoryAsync(runId, "m")).Select(m => m.Value).ToArray());
    }

    [TestMethod]
    public async Task ParamsAreWriteOnce()
    {
        var (store, _, runId) = await NewRun();
        await store.LogBatchAsync(runId, parameters: new Dictionary<string, string> { ["lr"] = "0.01" });

        await store.LogBatchAsync(runId, parameters: new Dictionary<string, string> { ["lr"] = "0.01" });
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () =>
            store.LogBatchAsync(runId, [new Metric("loss", 1, 1)], new Dictionary<string, string> { ["lr"] = "0.02", ["new"] = "1" }));

        var run = await store.GetRunAsync(runId);
        Assert.AreEqual("0.01", run.Data.Params["lr"]);
        Assert.IsFalse(run.Data.Params.ContainsKey("new"), "a failed batch writes nothing");
        Assert.IsEmpty(run.Data.Metrics);
    }

    [TestMethod]
    public async Task BadKeysAndValuesFailBeforeAnythingIsWritten()
    {
        var (store, _, runId) = await NewRun();

        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () =>
            store.LogBatchAsync(runId, [new Metric("ok", 1, 1)], tags: new Dictionary<string, string> { ["../escape"] = "x" }));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () =>
            store.LogBatchAsync(runId, parameters: new Dictionary<string, string> { ["p"] = new string('x', Limits.MaxParamValueLength + 1) }));

        Assert.IsEmpty((await store.GetRunAsync(runId)).Data.Metrics);
    }

    [TestMethod]
    public async Task AKeyAndItsNestedKeyCollideClearly()
    {
        var (store, _, runId) = await NewRun();
        await store.LogBatchAsync(runId, tags: new Dictionary<string, string> { ["a"] = "1" });

        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () =>
            store.LogBatchAsync(runId, tags: new Dictionary<string, string> { ["a/b"] = "2" }));
    }

    [TestMethod]
    public async Task MissingThingsAreReportedAsMissing()
    {
        ITrackingStore store = _mlruns.Open();

        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.ResourceDoesNotExist, () => store.CreateRunAsync("123", "r", 1));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.ResourceDoesNotExist, () => store.GetRunAsync(Guid.NewGuid().ToString("N")));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.ResourceDoesNotExist, () => store.LogBatchAsync(Guid.NewGuid().ToString("N"), [new Metric("m", 1, 1)]));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () => store.GetRunAsync("../0"));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () => store.CreateRunAsync("../..", "r", 1));
    }

    [TestMethod]
    public async Task RunNameTagMustAgreeWithTheRunName()
    {
        ITrackingStore store = _mlruns.Open();
        var exp = await store.CreateExperimentAsync("e");

        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () =>
            store.CreateRunAsync(exp, "a", 1, new Dictionary<string, string> { ["mlflow.runName"] = "b" }));
        var run = await store.CreateRunAsync(exp, "", 1, new Dictionary<string, string> { ["mlflow.runName"] = "b" });

        Assert.AreEqual("b", run.Info.RunName);
        Assert.AreEqual("b", (await store.GetRunAsync(run.Info.RunId)).Info.RunName);
    }

    [TestMethod]
    public async Task ArtifactsCopyListAndDownload()
    {
        var (store, _, runId) = await NewRun();
        var report = _mlruns.Local("report.txt", "hello artifacts");
        _mlruns.Local("model/model.json", "{}");
        _mlruns.Local("model/weights/w.bin", "0123456789");

        await store.LogArtifactAsync(runId, report);
        await store.LogArtifactsAsync(runId, Path.GetDirectoryName(_mlruns.Local("model/x", ""))!, "model");

        var root = await store.ListArtifactsAsync(runId);
        var model = await store.ListArtifactsAsync(runId, "model");
        CollectionAssert.AreEqual(
            new[] { new ArtifactFile("model", true, null), new ArtifactFile("report.txt", false, 15) },
            root.ToArray());
        CollectionAssert.AreEqual(
            new[] { new ArtifactFile("model/model.json", false, 2), new ArtifactFile("model/weights", true, null), new ArtifactFile("model/x", false, 0) },
            model.ToArray());
        Assert.IsEmpty(await store.ListArtifactsAsync(runId, "missing"));

        var downloaded = Path.Combine(_mlruns.Parent, "down", "w.bin");
        await store.DownloadArtifactAsync(runId, "model/weights/w.bin", downloaded);
        Assert.AreEqual("0123456789", File.ReadAllText(downloaded));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.ResourceDoesNotExist, () => store.DownloadArtifactAsync(runId, "nope.txt", downloaded));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () => store.DownloadArtifactAsync(runId, "../meta.yaml", downloaded));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () => store.LogArtifactAsync(runId, report, "../../escape"));
    }

    [TestMethod]
    public async Task AnotherStoreInstanceSeesTheSameRun()
    {
        var (_, _, runId) = await NewRun("shared");

        var run = await _mlruns.Open().GetRunAsync(runId);

        Assert.AreEqual("shared", run.Info.RunName);
    }
}
