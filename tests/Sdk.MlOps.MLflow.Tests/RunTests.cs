using System.Text.Json.Nodes;

namespace Sdk.MlOps.MLflow.Tests;

[TestClass]
public sealed class RunTests : FakeServerTest
{

    [TestMethod]
    public async Task ACreatedRunIsRunningWithItsNameTagsAndProxiedArtifactRoot()
    {
        var experimentId = await Client.CreateExperimentAsync("exp");
        var start = TestSupport.Now;

        var run = await Client.CreateRunAsync(experimentId, "r1", start, new Dictionary<string, string> { ["mlops.input_hash"] = "abc" });

        Assert.AreEqual(32, run.Info.RunId.Length);
        Assert.AreEqual(experimentId, run.Info.ExperimentId);
        Assert.AreEqual("r1", run.Info.RunName);
        Assert.AreEqual(RunStatus.Running, run.Info.Status);
        Assert.AreEqual(start, run.Info.StartTime);
        Assert.IsNull(run.Info.EndTime);
        Assert.AreEqual($"mlflow-artifacts:/{experimentId}/{run.Info.RunId}/artifacts", run.Info.ArtifactUri);
        Assert.AreEqual("abc", run.Data.Tags["mlops.input_hash"]);
        Assert.AreEqual("r1", run.Data.Tags["mlflow.runName"]);
        Assert.HasCount(32, run.Data.Tags[MlflowClient.ClientRequestIdTag]);
        // A fresh run has no metrics or params keys at all on the wire: they read as empty.
        Assert.IsEmpty(run.Data.Metrics);
        Assert.IsEmpty(run.Data.Params);
        // user_id is "" and so left out: it reads as "".
        Assert.AreEqual("", run.Info.UserId);
    }

    [TestMethod]
    public async Task LoggedValuesReadBackThroughGetRunAndMetricHistory()
    {
        var run = await TestSupport.NewRunAsync(Client);
        var t = TestSupport.Now;

        await Client.LogBatchAsync(run.Info.RunId,
            [new Metric("rmse", 0.5, t, 0), new Metric("rmse", 0.4, t + 1, 1), new Metric("odd", double.NaN, t), new Metric("big", double.PositiveInfinity, t)],
            new Dictionary<string, string> { ["lr"] = "0.01" },
            new Dictionary<string, string> { ["mlflow.note.content"] = "hello" });
        var read = await Client.GetRunAsync(run.Info.RunId);
        var history = await Client.GetMetricHistoryAsync(run.Info.RunId, "rmse");

        Assert.AreEqual(0.4, read.Data.Metrics.Single(m => m.Key == "rmse").Value);
        Assert.AreEqual(1, read.Data.Metrics.Single(m => m.Key == "rmse").Step);
        Assert.IsTrue(double.IsNaN(read.Data.Metrics.Single(m => m.Key == "odd").Value));
        Assert.IsTrue(double.IsPositiveInfinity(read.Data.Metrics.Single(m => m.Key == "big").Value));
        Assert.AreEqual("0.01", read.Data.Params["lr"]);
        Assert.AreEqual("hello", read.Data.Tags["mlflow.note.content"]);
        CollectionAssert.AreEqual(new[] { 0.5, 0.4 }, history.Select(m => m.Value).ToArray());
        CollectionAssert.AreEqual(new[] { 0L, 1L }, history.Select(m => m.Step).ToArray());
    }

    [TestMethod]
    public async Task UpdateSetsStatusAndEndTime()
    {
        var run = await TestSupport.NewRunAsync(Client);
        var end = TestSupport.Now + 5;

        await Client.UpdateRunAsync(run.Info.RunId, RunStatus.Finished, end);
        var read = await Client.GetRunAsync(run.Info.RunId);

        Assert.AreEqual(RunStatus.Finished, read.Info.Status);
        Assert.AreEqual(end, read.Info.EndTime);
        StringAssert.Contains(Server.RequestsTo("POST", "runs/update").Single().Text, "\"status\":\"FINISHED\"");
    }

    [TestMethod]
    public async Task SearchFiltersOrdersAndPages()
    {
        var experimentId = await Client.CreateExperimentAsync("exp");
        var t = TestSupport.Now;
        foreach (var (name, hash, offset) in new[] { ("a", "x", 0), ("b", "x", 1), ("c", "y", 2), ("d", "x", 3) })
            await Client.CreateRunAsync(experimentId, name, t + offset, new Dictionary<string, string> { ["mlops.input_hash"] = hash });

        var first = await Client.SearchRunsAsync([experimentId], "tags.`mlops.input_hash` = 'x'", maxResults: 2, orderBy: ["attributes.start_time ASC"]);
        var second = await Client.SearchRunsAsync([experimentId], "tags.`mlops.input_hash` = 'x'", maxResults: 2, orderBy: ["attributes.start_time ASC"], pageToken: first.NextPageToken);

        CollectionAssert.AreEqual(new[] { "a", "b" }, first.Items.Select(r => r.Info.RunName).ToArray());
        CollectionAssert.AreEqual(new[] { "d" }, second.Items.Select(r => r.Info.RunName).ToArray());
        Assert.IsNull(second.NextPageToken);
        var body = JsonNode.Parse(Server.RequestsTo("POST", "runs/search")[0].Text)!;
        Assert.AreEqual("attributes.start_time ASC", body["order_by"]![0]!.GetValue<string>());
        Assert.AreEqual(experimentId, body["experiment_ids"]![0]!.GetValue<string>());
    }

    [TestMethod]
    public async Task SearchWithoutHitsIsEmpty()
    {
        var experimentId = await Client.CreateExperimentAsync("exp");

        var page = await Client.SearchRunsAsync([experimentId], "params.lr = '9'");

        Assert.IsEmpty(page.Items);
        Assert.IsNull(page.NextPageToken);
    }

    [TestMethod]
    public async Task AnAbsentRunFailsWithResourceDoesNotExist()
    {
        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => Client.GetRunAsync("0123456789abcdef0123456789abcdef"));

        Assert.AreEqual(MlflowException.ErrorCodes.ResourceDoesNotExist, error.ErrorCode);
        Assert.AreEqual(System.Net.HttpStatusCode.NotFound, error.StatusCode);
        StringAssert.Contains(error.Message, "GET /api/2.0/mlflow/runs/get");
        Assert.DoesNotContain("?", error.Message.Split(' ').Single(w => w.StartsWith("/api", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task ABigBatchIsSplitWithinEveryLimitAndEveryValueArrives()
    {
        var run = await TestSupport.NewRunAsync(Client);
        var t = TestSupport.Now;
        var metrics = Enumerable.Range(0, 2500).Select(i => new Metric($"m{i % 7}", i, t + i, i)).ToList();
        var parameters = Enumerable.Range(0, 250).ToDictionary(i => $"p{i}", i => $"v{i}");
        var tags = Enumerable.Range(0, 150).ToDictionary(i => $"t{i}", i => $"w{i}");

        await Client.LogBatchAsync(run.Info.RunId, metrics, parameters, tags);

        var calls = Server.State.LogBatchCalls;
        Assert.IsGreaterThanOrEqualTo(3, calls.Count);
        foreach (var call in calls)
        {
            var m = call.Objects("metrics").Count();
            var p = call.Objects("params").Count();
            var g = call.Objects("tags").Count();
            Assert.IsLessThanOrEqualTo(1000, m);
            Assert.IsLessThanOrEqualTo(100, p);
            Assert.IsLessThanOrEqualTo(100, g);
            Assert.IsLessThanOrEqualTo(1000, m + p + g);
        }
        var stored = Server.State.MetricsOf(run.Info.RunId);
        Assert.HasCount(2500, stored);
        CollectionAssert.AreEquivalent(metrics.Select(x => x.Value).ToArray(), stored.Select(x => x.Value).ToArray());
        Assert.HasCount(250, Server.State.ParamsOf(run.Info.RunId));
        Assert.AreEqual("v249", Server.State.ParamsOf(run.Info.RunId)["p249"]);
        Assert.AreEqual("w149", Server.State.TagsOf(run.Info.RunId)["t149"]);
    }

    [TestMethod]
    [DataRow("bad key!")]
    [DataRow("../escape")]
    public async Task AnInvalidMetricKeySendsNothing(string key)
    {
        var run = await TestSupport.NewRunAsync(Client);
        var metrics = Enumerable.Range(0, 1500).Select(i => new Metric("fine", i, 1, i)).Append(new Metric(key, 1, 1)).ToList();

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => Client.LogBatchAsync(run.Info.RunId, metrics));

        Assert.AreEqual(MlflowException.ErrorCodes.InvalidParameterValue, error.ErrorCode);
        Assert.IsEmpty(Server.RequestsTo("POST", "runs/log-batch"));
    }

    [TestMethod]
    public async Task AnOverlongParamValueSendsNothing()
    {
        var run = await TestSupport.NewRunAsync(Client);

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => Client.LogBatchAsync(run.Info.RunId,
            parameters: new Dictionary<string, string> { ["ok"] = "1", ["long"] = new string('x', Limits.MaxParamValueLength + 1) }));

        Assert.AreEqual(MlflowException.ErrorCodes.InvalidParameterValue, error.ErrorCode);
        Assert.IsEmpty(Server.RequestsTo("POST", "runs/log-batch"));
    }

    [TestMethod]
    public async Task ChangingAParamFailsWithTheServersCode()
    {
        var run = await TestSupport.NewRunAsync(Client);
        await Client.LogBatchAsync(run.Info.RunId, parameters: new Dictionary<string, string> { ["lr"] = "0.01" });
        await Client.LogBatchAsync(run.Info.RunId, parameters: new Dictionary<string, string> { ["lr"] = "0.01" });

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() =>
            Client.LogBatchAsync(run.Info.RunId, parameters: new Dictionary<string, string> { ["lr"] = "0.02" }));

        Assert.AreEqual(MlflowException.ErrorCodes.InvalidParameterValue, error.ErrorCode);
        StringAssert.Contains(error.Message, "Changing param values is not allowed");
    }

    [TestMethod]
    public async Task UnknownFieldsStringNumbersAndMissingFieldsAreRead()
    {
        Server.Faults.Add("GET", "runs/get", new Fault.Raw(200, """
            {"run":{"info":{"run_uuid":"abc","experiment_id":"7","status":"FAILED","start_time":"1795761867462",
                            "artifact_uri":"mlflow-artifacts:/7/abc/artifacts","future":{"deep":[1,{"x":null}]}},
                    "data":{"metrics":[{"key":"m","value":"NaN","timestamp":5},{"key":"n","value":2}],
                            "tags":[{"key":"k"}],"brand_new":[]},
                    "outputs":{"model_outputs":[{"model_id":"m-1"}]}},
             "workspace":"default"}
            """));

        var run = await Client.GetRunAsync("abc");

        Assert.AreEqual("abc", run.Info.RunId);
        Assert.AreEqual(RunStatus.Failed, run.Info.Status);
        Assert.AreEqual(1795761867462L, run.Info.StartTime);
        Assert.AreEqual("", run.Info.RunName);
        Assert.AreEqual("", run.Info.LifecycleStage);
        Assert.IsTrue(double.IsNaN(run.Data.Metrics[0].Value));
        Assert.AreEqual(0L, run.Data.Metrics[1].Timestamp);
        Assert.AreEqual("", run.Data.Tags["k"]);
        Assert.IsEmpty(run.Data.Params);
    }
}
