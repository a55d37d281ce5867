namespace Sdk.MlOps.MLflow.Tests;

[TestClass]
public sealed class ExperimentTests
{
    private FakeMlflowServer _server = null!;
    private MlflowClient _client = null!;

    [TestInitialize]
    public async Task StartAsync()
    {
        _server = await FakeMlflowServer.StartAsync();
        _client = TestSupport.Client(_server);
    }

    [TestCleanup]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [TestMethod]
    public async Task CreatedExperimentReadsBackByNameWithItsTags()
    {
        var id = await _client.CreateExperimentAsync("demo-exp", new Dictionary<string, string> { ["team"] = "mlops" });

        var experiment = await _client.GetExperimentByNameAsync("demo-exp");

        Assert.IsNotNull(experiment);
        Assert.AreEqual(id, experiment.ExperimentId);
        Assert.AreEqual("demo-exp", experiment.Name);
        Assert.AreEqual("mlops", experiment.Tags["team"]);
        Assert.AreEqual($"mlflow-artifacts:/{id}", experiment.ArtifactLocation);
        Assert.AreEqual("active", experiment.LifecycleStage);
        Assert.IsGreaterThan(0L, experiment.CreationTime);
        Assert.IsTrue(experiment.Tags.ContainsKey(MlflowClient.ClientRequestIdTag));
        var create = _server.RequestsTo("POST", "experiments/create").Single();
        Assert.AreEqual("application/json", create.ContentType);
        StringAssert.Contains(create.Text, "\"name\":\"demo-exp\"");
    }

    [TestMethod]
    public async Task AbsentExperimentIsNull()
    {
        Assert.IsNull(await _client.GetExperimentByNameAsync("nope"));
    }

    [TestMethod]
    public async Task DuplicateNameFailsWithMlflowsCodeAndTheMethodAndPath()
    {
        await _client.CreateExperimentAsync("twice");

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => _client.CreateExperimentAsync("twice"));

        Assert.AreEqual(MlflowException.ErrorCodes.ResourceAlreadyExists, error.ErrorCode);
        Assert.AreEqual(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        StringAssert.Contains(error.Message, "POST /api/2.0/mlflow/experiments/create");
    }

    [TestMethod]
    public async Task SearchWithoutHitsReadsTheEmptyObjectAsAnEmptyPage()
    {
        await _client.CreateExperimentAsync("a");

        var page = await _client.SearchExperimentsAsync("name = 'zzz'");

        Assert.IsEmpty(page.Items);
        Assert.IsNull(page.NextPageToken);
    }

    [TestMethod]
    public async Task SearchPagesWithTokens()
    {
        foreach (var name in new[] { "e1", "e2", "e3" })
            await _client.CreateExperimentAsync(name);

        var first = await _client.SearchExperimentsAsync(maxResults: 2);
        var second = await _client.SearchExperimentsAsync(maxResults: 2, pageToken: first.NextPageToken);

        Assert.HasCount(2, first.Items);
        Assert.IsNotNull(first.NextPageToken);
        Assert.HasCount(1, second.Items);
        Assert.IsNull(second.NextPageToken);
        CollectionAssert.AreEquivalent(new[] { "e1", "e2", "e3" }, first.Items.Concat(second.Items).Select(e => e.Name).ToArray());
    }

    [TestMethod]
    public async Task ALostAnswerToACreateIsNotReportedAsAlreadyExisting()
    {
        _server.Faults.Add("POST", "experiments/create", new Fault.DropAfterProcessing());

        var id = await _client.CreateExperimentAsync("lost-answer");

        Assert.AreEqual(1, _server.State.ExperimentCount);
        Assert.AreEqual(id, (await _client.GetExperimentByNameAsync("lost-answer"))!.ExperimentId);
    }

    [TestMethod]
    public async Task AnInvalidTagFailsBeforeAnythingIsSent()
    {
        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() =>
            _client.CreateExperimentAsync("x", new Dictionary<string, string> { ["bad key!"] = "v" }));

        Assert.AreEqual(MlflowException.ErrorCodes.InvalidParameterValue, error.ErrorCode);
        Assert.IsEmpty(_server.Requests);
    }
}
