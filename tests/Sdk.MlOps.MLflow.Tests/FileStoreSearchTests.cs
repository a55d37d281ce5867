using Sdk.MlOps.MLflow;

namespace Sdk.MlOps.MLflow.Tests;

/// <summary>The filter subset MLflow's clients send, evaluated by the store itself.</summary>
[TestClass]
public sealed class FileStoreSearchTests
{
    private readonly TempMlruns _mlruns = new();
    private ITrackingStore _store = null!;
    private string _exp = "";
    private readonly Dictionary<string, string> _runs = [];

    [TestCleanup]
    public void Cleanup() => _mlruns.Dispose();

    /// <summary>Three runs: a (finished, rmse 0.4), b (finished, rmse 0.6), c (running, no metric), started in that order.</summary>
    [TestInitialize]
    public async Task Initialize()
    {
        _store = _mlruns.Open();
        _exp = await _store.CreateExperimentAsync("search");
        var start = 1000;
        foreach (var (name, hash, lr, rmse) in new[] { ("a", "abc", "0.01", 0.4), ("b", "abc", "0.1", 0.6), ("c", "def", "0.01", double.NaN) })
        {
            var run = await _store.CreateRunAsync(_exp, name, start++, new Dictionary<string, string> { ["mlops.input_hash"] = hash });
            _runs[name] = run.Info.RunId;
            await _store.LogBatchAsync(run.Info.RunId,
                double.IsNaN(rmse) ? [] : [new Metric("rmse", rmse, 1)],
                new Dictionary<string, string> { ["lr"] = lr });
            if (name != "c") await _store.UpdateRunAsync(run.Info.RunId, RunStatus.Finished, 5000);
        }
    }

    private async Task<string[]> Names(string? filter, params string[] orderBy) =>
        (await _store.SearchRunsAsync([_exp], filter, orderBy: orderBy.Length == 0 ? null : orderBy)).Items.Select(r => r.Info.RunName).ToArray();

    [TestMethod]
    [DataRow("tags.`mlops.input_hash` = 'abc'")]
    [DataRow("tags.\"mlops.input_hash\" = 'abc'")]
    [DataRow("tags.mlops.input_hash = 'abc'")]
    [DataRow("tag.mlops.input_hash = \"abc\"")]
    [DataRow("tags.mlops.input_hash LIKE 'ab%'")]
    [DataRow("tags.mlops.input_hash ILIKE 'AB_'")]
    [DataRow("tags.mlops.input_hash != 'def'")]
    public async Task TagFilterForms(string filter) =>
        CollectionAssert.AreEquivalent(new[] { "a", "b" }, await Names(filter));

    [TestMethod]
    public async Task ParamStatusAndMetricFilters()
    {
        CollectionAssert.AreEquivalent(new[] { "a", "c" }, await Names("params.lr = '0.01'"));
        CollectionAssert.AreEquivalent(new[] { "a", "b" }, await Names("attributes.status = 'FINISHED'"));
        CollectionAssert.AreEquivalent(new[] { "a" }, await Names("attributes.status = 'FINISHED' and params.lr = '0.01'"));
        CollectionAssert.AreEquivalent(new[] { "a" }, await Names("metrics.rmse < 0.45"));
        CollectionAssert.AreEquivalent(new[] { "a", "b" }, await Names("metrics.rmse >= 0.4"), "a run without the metric never matches");
        CollectionAssert.AreEquivalent(new[] { "b" }, await Names("metrics.rmse > 0.45 AND tags.`mlops.input_hash` = 'abc'"));
        CollectionAssert.AreEquivalent(new[] { "c" }, await Names("status = 'RUNNING'"));
        Assert.IsEmpty(await Names("params.lr = 'nope'"));
    }

    [TestMethod]
    public async Task OrderByStartTime()
    {
        CollectionAssert.AreEqual(new[] { "c", "b", "a" }, await Names(null), "newest first by default");
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, await Names(null, "attributes.start_time ASC"));
        CollectionAssert.AreEqual(new[] { "c", "b", "a" }, await Names(null, "attributes.start_time DESC"));
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, await Names(null, "metrics.rmse"), "missing values last");
    }

    [TestMethod]
    public async Task PagesFollowTheToken()
    {
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await _store.SearchRunsAsync([_exp], maxResults: 2, pageToken: token, orderBy: ["attributes.start_time ASC"]);
            seen.AddRange(page.Items.Select(r => r.Info.RunName));
            token = page.NextPageToken;
        }
        while (token is not null);

        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, seen);
    }

    [TestMethod]
    public async Task TokensAreMlflowsOffsetTokens()
    {
        var page = await _store.SearchRunsAsync([_exp], maxResults: 1);

        Assert.AreEqual("eyJvZmZzZXQiOiAxfQ==", page.NextPageToken, "base64 of {\"offset\": 1}, as MLflow writes it");
    }

    [TestMethod]
    [DataRow("tags.x = 'a' or tags.y = 'b'")]
    [DataRow("datasets.name = 'x'")]
    [DataRow("attributes.nope = 'x'")]
    [DataRow("metrics.rmse = 'high'")]
    [DataRow("params.lr < 1")]
    [DataRow("tags.x = 'unterminated")]
    public async Task UnsupportedFiltersAreRejected(string filter) =>
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () => _store.SearchRunsAsync([_exp], filter));

    [TestMethod]
    public async Task BadPageTokenIsRejected() =>
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () => _store.SearchRunsAsync([_exp], pageToken: "not-a-token"));

    [TestMethod]
    public async Task UnknownExperimentsAreEmpty() =>
        Assert.IsEmpty((await _store.SearchRunsAsync(["123456"])).Items);
}
