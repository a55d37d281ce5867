using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Sdk.MlOps.MLflow.Tests;

/// <summary>
/// The client against a real MLflow tracking server with proxied artifacts (e.g. 2.12.2 started by
/// shared/tools/mlflow-server). Needs <c>MLOPS_TEST_MLFLOW_URI</c>; inconclusive without it, as in CI.
/// Every test works in names of its own, so a server may be reused.
/// </summary>
[TestClass]
public sealed class RealServerConformanceTests
{
    private readonly TempDirectory _dir = new();
    private readonly string _unique = Guid.NewGuid().ToString("N")[..10];
    private MlflowClient _client = null!;
    private Uri _uri = null!;

    [TestInitialize]
    public void Connect()
    {
        var uri = Environment.GetEnvironmentVariable("MLOPS_TEST_MLFLOW_URI");
        if (string.IsNullOrWhiteSpace(uri))
            Assert.Inconclusive("Set MLOPS_TEST_MLFLOW_URI to a real MLflow server's URL to run the conformance tests.");
        _uri = new Uri(uri);
        _client = new MlflowClient(new MlflowClientOptions { TrackingUri = _uri, MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(200) });
    }

    [TestCleanup]
    public void Cleanup()
    {
        _client?.Dispose();
        _dir.Dispose();
    }

    private string Name(string what) => $"conformance-{what}-{_unique}";

    private async Task<(string ExperimentId, Run Run)> NewRunAsync(IReadOnlyDictionary<string, string>? tags = null)
    {
        var experimentId = await _client.CreateExperimentAsync(Name("exp"));
        return (experimentId, await _client.CreateRunAsync(experimentId, "run-1", TestSupport.Now, tags));
    }

    [TestMethod]
    public async Task ExperimentsAndRunsWithParamsMetricsAndTags()
    {
        var experimentId = await _client.CreateExperimentAsync(Name("exp"), new Dictionary<string, string> { ["team"] = "mlops" });
        var experiment = await _client.GetExperimentByNameAsync(Name("exp"));
        var duplicate = await Assert.ThrowsExactlyAsync<MlflowException>(() => _client.CreateExperimentAsync(Name("exp")));
        var t = TestSupport.Now;
        var run = await _client.CreateRunAsync(experimentId, "run-1", t, new Dictionary<string, string> { ["mlops.input_hash"] = "abc" });
        await _client.LogBatchAsync(run.Info.RunId,
            [new Metric("rmse", 0.9, t, 0), new Metric("rmse", 0.45, t + 1, 1), new Metric("odd", double.NaN, t)],
            new Dictionary<string, string> { ["lr"] = "0.01" },
            new Dictionary<string, string> { ["mlflow.note.content"] = "hello" });
        var changed = await Assert.ThrowsExactlyAsync<MlflowException>(() =>
            _client.LogBatchAsync(run.Info.RunId, parameters: new Dictionary<string, string> { ["lr"] = "0.02" }));
        await _client.UpdateRunAsync(run.Info.RunId, RunStatus.Finished, t + 10);
        var read = await _client.GetRunAsync(run.Info.RunId);
        var history = await _client.GetMetricHistoryAsync(run.Info.RunId, "rmse");

        Assert.IsNotNull(experiment);
        Assert.AreEqual(experimentId, experiment.ExperimentId);
        Assert.AreEqual("mlops", experiment.Tags["team"]);
        Assert.AreEqual("active", experiment.LifecycleStage);
        Assert.IsNull(await _client.GetExperimentByNameAsync(Name("absent")));
        Assert.AreEqual(MlflowException.ErrorCodes.ResourceAlreadyExists, duplicate.ErrorCode);
        Assert.AreEqual(MlflowException.ErrorCodes.InvalidParameterValue, changed.ErrorCode);
        Assert.AreEqual(RunStatus.Running, run.Info.Status);
        Assert.AreEqual("run-1", run.Data.Tags["mlflow.runName"]);
        Assert.StartsWith("mlflow-artifacts:", run.Info.ArtifactUri);
        Assert.AreEqual(RunStatus.Finished, read.Info.Status);
        Assert.AreEqual(t + 10, read.Info.EndTime);
        Assert.AreEqual("run-1", read.Info.RunName);
        Assert.AreEqual(0.45, read.Data.Metrics.Single(m => m.Key == "rmse").Value);
        Assert.IsTrue(double.IsNaN(read.Data.Metrics.Single(m => m.Key == "odd").Value));
        Assert.AreEqual("0.01", read.Data.Params["lr"]);
        Assert.AreEqual("hello", read.Data.Tags["mlflow.note.content"]);
        Assert.AreEqual("abc", read.Data.Tags["mlops.input_hash"]);
        CollectionAssert.AreEqual(new[] { 0.9, 0.45 }, history.OrderBy(m => m.Step).Select(m => m.Value).ToArray());
    }

    [TestMethod]
    public async Task ABatchOfMoreThan1000MetricsArrivesWhole()
    {
        var (_, run) = await NewRunAsync();
        var t = TestSupport.Now;
        var metrics = Enumerable.Range(0, 2500).Select(i => new Metric(i % 2 == 0 ? "loss" : "acc", i, t + i, i)).ToList();
        var parameters = Enumerable.Range(0, 150).ToDictionary(i => $"p{i}", i => $"v{i}");
        var tags = Enumerable.Range(0, 120).ToDictionary(i => $"t{i}", i => $"w{i}");

        await _client.LogBatchAsync(run.Info.RunId, metrics, parameters, tags);
        var loss = await _client.GetMetricHistoryAsync(run.Info.RunId, "loss");
        var read = await _client.GetRunAsync(run.Info.RunId);

        Assert.HasCount(1250, loss);
        CollectionAssert.AreEquivalent(metrics.Where(m => m.Key == "loss").Select(m => m.Value).ToArray(), loss.Select(m => m.Value).ToArray());
        Assert.HasCount(150, read.Data.Params);
        Assert.AreEqual("w119", read.Data.Tags["t119"]);
        Assert.AreEqual(2499, read.Data.Metrics.Single(m => m.Key == "acc").Value);
    }

    [TestMethod]
    public async Task ArtifactsUploadListAndDownloadByteExact()
    {
        var (_, run) = await NewRunAsync();
        var bytes = new byte[200_000];
        new Random(7).NextBytes(bytes);
        var model = _dir.File(Path.Combine("model", "weights file.bin"), bytes);
        _dir.File(Path.Combine("model", "meta", "MLmodel"), "flavors: {}\n"u8.ToArray());
        var report = _dir.File("report.txt", "hello artifacts"u8.ToArray());

        await _client.LogArtifactAsync(run.Info.RunId, report);
        await _client.LogArtifactsAsync(run.Info.RunId, Path.Combine(_dir.Path, "model"), "model");
        var root = await _client.ListArtifactsAsync(run.Info.RunId);
        var inModel = await _client.ListArtifactsAsync(run.Info.RunId, "model");
        var target = Path.Combine(_dir.Path, "out", "weights.bin");
        await _client.DownloadArtifactAsync(run.Info.RunId, "model/weights file.bin", target);
        var reportCopy = Path.Combine(_dir.Path, "out", "report.txt");
        await _client.DownloadArtifactAsync(run.Info.RunId, "report.txt", reportCopy);

        CollectionAssert.AreEquivalent(new[] { new ArtifactFile("model", true, null), new ArtifactFile("report.txt", false, 15) }, root.ToArray());
        CollectionAssert.AreEquivalent(new[] { new ArtifactFile("model/meta", true, null), new ArtifactFile("model/weights file.bin", false, 200_000) }, inModel.ToArray());
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(target));
        Assert.AreEqual("hello artifacts", File.ReadAllText(reportCopy));
        Assert.IsEmpty(await _client.ListArtifactsAsync(run.Info.RunId, "nothing-here"));
        var missing = await Assert.ThrowsExactlyAsync<MlflowException>(() => _client.DownloadArtifactAsync(run.Info.RunId, "model/absent.bin", Path.Combine(_dir.Path, "absent")));
        Assert.AreEqual(MlflowException.ErrorCodes.ResourceDoesNotExist, missing.ErrorCode);
    }

    [TestMethod]
    public async Task RegisteredModelVersionsTagsAndAliases()
    {
        var (_, run) = await NewRunAsync();
        var name = Name("model");
        var created = await _client.CreateRegisteredModelAsync(name, "d", new Dictionary<string, string> { ["k"] = "v" });
        var v1 = await _client.CreateModelVersionAsync(name, $"runs:/{run.Info.RunId}/model", run.Info.RunId);
        var v2 = await _client.CreateModelVersionAsync(name, $"runs:/{run.Info.RunId}/model", run.Info.RunId, new Dictionary<string, string> { ["stage"] = "candidate" });
        await _client.SetModelVersionTagAsync(name, "2", "validated", "true");
        await _client.SetAliasAsync(name, "champion", "2");
        var byAlias = await _client.GetModelVersionByAliasAsync(name, "champion");
        var model = await _client.GetRegisteredModelAsync(name);
        var version = await _client.GetModelVersionAsync(name, "2");
        await _client.DeleteAliasAsync(name, "champion");

        Assert.AreEqual("d", created.Description);
        Assert.AreEqual("v", created.Tags["k"]);
        Assert.AreEqual("1", v1.Version);
        Assert.AreEqual("2", v2.Version);
        Assert.AreEqual(run.Info.RunId, v2.RunId);
        Assert.AreEqual("2", byAlias?.Version);
        Assert.AreEqual("2", model?.Aliases["champion"]);
        Assert.AreEqual("2", model?.LatestVersions.Single().Version);
        Assert.AreEqual("true", version?.Tags["validated"]);
        Assert.AreEqual("candidate", version?.Tags["stage"]);
        CollectionAssert.Contains(version!.Aliases.ToArray(), "champion");
        Assert.IsNull(await _client.GetModelVersionByAliasAsync(name, "champion"));
        Assert.IsNull(await _client.GetModelVersionAsync(name, "9"));
        Assert.IsNull(await _client.GetRegisteredModelAsync(Name("absent")));
        Assert.IsNull(await _client.GetModelVersionByAliasAsync(Name("absent"), "champion"));
    }

    [TestMethod]
    public async Task SearchesWithTagFiltersOrderAndPages()
    {
        var experimentId = await _client.CreateExperimentAsync(Name("exp"));
        var t = TestSupport.Now;
        foreach (var (run, hash, offset) in new[] { ("a", "x", 0), ("b", "x", 1), ("c", "y", 2), ("d", "x", 3) })
            await _client.CreateRunAsync(experimentId, run, t + offset, new Dictionary<string, string> { ["mlops.input_hash"] = hash });
        var modelName = Name("model");
        await _client.CreateRegisteredModelAsync(modelName, tags: new Dictionary<string, string> { ["family"] = "triage" });

        var first = await _client.SearchRunsAsync([experimentId], "tags.`mlops.input_hash` = 'x'", maxResults: 2, orderBy: ["attributes.start_time ASC"]);
        var second = await _client.SearchRunsAsync([experimentId], "tags.`mlops.input_hash` = 'x'", maxResults: 2, orderBy: ["attributes.start_time ASC"], pageToken: first.NextPageToken);
        var quoted = await _client.SearchRunsAsync([experimentId], "tags.\"mlops.input_hash\" = 'y'");
        var none = await _client.SearchRunsAsync([experimentId], "tags.`mlops.input_hash` = 'zzz'");
        var experiments = await _client.SearchExperimentsAsync($"name = '{Name("exp")}'");
        var models = await _client.SearchRegisteredModelsAsync($"name = '{modelName}'");
        var noModels = await _client.SearchRegisteredModelsAsync($"name = '{Name("absent")}'");

        CollectionAssert.AreEqual(new[] { "a", "b" }, first.Items.Select(r => r.Info.RunName).ToArray());
        CollectionAssert.AreEqual(new[] { "d" }, second.Items.Select(r => r.Info.RunName).ToArray());
        Assert.AreEqual("c", quoted.Items.Single().Info.RunName);
        Assert.IsEmpty(none.Items);
        Assert.IsNull(none.NextPageToken);
        Assert.AreEqual(experimentId, experiments.Items.Single().ExperimentId);
        Assert.AreEqual("triage", models.Items.Single().Tags["family"]);
        Assert.IsEmpty(noModels.Items);
    }

    [TestMethod]
    public async Task DatasetInputsAreLoggedOnceAndReadBack()
    {
        var (experimentId, run) = await NewRunAsync();
        var issues = new MlflowDataset("issues", "12345678", "local", """{"uri": "data/issues.tsv"}""", """{"mlflow_colspec": [{"type": "string", "name": "Title"}]}""");
        var other = new DatasetInput(new MlflowDataset("other", "d2", "http", """{"url": "https://example.org/x.csv"}""", Profile: """{"num_rows": 5}"""),
            new Dictionary<string, string> { ["a:b"] = "c: d", ["empty"] = "" });

        await _client.LogInputsAsync(run.Info.RunId, [DatasetInput.WithContext(issues, "training"), other]);
        // Again, changed: the server keeps what it was given first.
        await _client.LogInputsAsync(run.Info.RunId, [DatasetInput.WithContext(issues with { Source = "changed" }, "evaluation")]);
        var read = await _client.GetRunAsync(run.Info.RunId);
        var found = (await _client.SearchRunsAsync([experimentId])).Items.Single();

        foreach (var inputs in new[] { read.Inputs.DatasetInputs, found.Inputs.DatasetInputs })
        {
            Assert.HasCount(2, inputs);
            var training = inputs.Single(i => i.Dataset.Name == "issues");
            Assert.AreEqual(issues, training.Dataset);
            Assert.AreEqual("training", training.Tags[DatasetInput.ContextTag]);
            var second = inputs.Single(i => i.Dataset.Name == "other");
            Assert.AreEqual(other.Dataset, second.Dataset);
            CollectionAssert.AreEquivalent(other.Tags.ToArray(), second.Tags.ToArray());
        }
    }

    /// <summary>The client's dataset limits are the server's: one character more is what the server refuses.</summary>
    [TestMethod]
    [DataRow("name", Limits.MaxDatasetNameLength)]
    [DataRow("digest", Limits.MaxDatasetDigestLength)]
    [DataRow("source", Limits.MaxDatasetSourceLength)]
    [DataRow("schema", Limits.MaxDatasetSchemaLength)]
    [DataRow("tag key", Limits.MaxInputTagKeyLength)]
    [DataRow("tag value", Limits.MaxInputTagValueLength)]
    public async Task DatasetLimitsAreTheServers(string field, int limit)
    {
        var (_, run) = await NewRunAsync();
        using var http = new HttpClient { BaseAddress = _uri };

        async Task<HttpStatusCode> Send(int length)
        {
            var text = new string('x', length);
            var dataset = new JsonObject { ["name"] = "n", ["digest"] = "d", ["source_type"] = "local", ["source"] = "s" };
            var tag = new JsonObject { ["key"] = "k", ["value"] = "v" };
            if (field.StartsWith("tag ", StringComparison.Ordinal)) tag[field[4..]] = text;
            else dataset[field] = text;
            if (field != "digest") dataset["digest"] = Guid.NewGuid().ToString("N")[..8];
            var body = new JsonObject
            {
                ["run_id"] = run.Info.RunId,
                ["datasets"] = new JsonArray(new JsonObject { ["tags"] = new JsonArray(tag), ["dataset"] = dataset }),
            };
            using var response = await http.PostAsync("api/2.0/mlflow/runs/log-inputs", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            return response.StatusCode;
        }

        Assert.AreEqual(HttpStatusCode.OK, await Send(limit));
        Assert.AreEqual(HttpStatusCode.BadRequest, await Send(limit + 1));
    }

    [TestMethod]
    public async Task CreatesWhoseAnswersAreLostAreNotDuplicated()
    {
        await using var proxy = await DroppingProxy.StartAsync(_uri);
        using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = proxy.Uri, MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(100) });
        proxy.DropAfterProcessing("experiments/create");
        var experimentId = await client.CreateExperimentAsync(Name("exp"));
        proxy.DropAfterProcessing("runs/create");
        var run = await client.CreateRunAsync(experimentId, "once", TestSupport.Now);
        proxy.DropAfterProcessing("registered-models/create");
        var model = await client.CreateRegisteredModelAsync(Name("model"));
        proxy.DropAfterProcessing("model-versions/create");
        var version = await client.CreateModelVersionAsync(model.Name, $"runs:/{run.Info.RunId}/model", run.Info.RunId);

        var runs = await _client.SearchRunsAsync([experimentId]);
        var versions = await _client.SearchModelVersionsAsync($"name = '{model.Name}'");
        Assert.AreEqual(run.Info.RunId, runs.Items.Single().Info.RunId);
        Assert.AreEqual("1", version.Version);
        Assert.AreEqual("1", versions.Items.Single().Version);
        // Each create reached the server once and was found again by the lookup before the retry.
        foreach (var create in new[] { "experiments/create", "runs/create", "registered-models/create", "model-versions/create" })
            Assert.AreEqual(1, proxy.Seen(create), create);
        Assert.AreEqual(1, proxy.Seen("experiments/get-by-name"));
        Assert.AreEqual(1, proxy.Seen("runs/search"));
        Assert.AreEqual(1, proxy.Seen("registered-models/get"));
        Assert.AreEqual(1, proxy.Seen("model-versions/search"));
    }
}
