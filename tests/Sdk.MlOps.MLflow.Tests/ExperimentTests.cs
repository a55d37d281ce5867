namespace Sdk.MlOps.MLflow.Tests;

[TestClass]
public sealed class ExperimentTests : FakeServerTest
{

    [TestMethod]
    public async Task CreatedExperimentReadsBackByNameWithItsTags()
    {
        var id = await Client.CreateExperimentAsync("demo-exp", new Dictionary<string, string> { ["team"] = "mlops" });

        var experiment = await Client.GetExperimentByNameAsync("demo-exp");

        Assert.IsNotNull(experiment);
        Assert.AreEqual(id, experiment.ExperimentId);
        Assert.AreEqual("demo-exp", experiment.Name);
        Assert.AreEqual("mlops", experiment.Tags["team"]);
        Assert.AreEqual($"mlflow-artifacts:/{id}", experiment.ArtifactLocation);
        Assert.AreEqual("active", experiment.LifecycleStage);
        Assert.IsGreaterThan(0L, experiment.CreationTime);
        Assert.IsTrue(experiment.Tags.ContainsKey(MlflowClient.ClientRequestIdTag));
        var create = Server.RequestsTo("POST", "experiments/create").Single();
        Assert.AreEqual("application/json", create.ContentType);
        StringAssert.Contains(create.Text, "\"name\":\"demo-exp\"");
    }

    [TestMethod]
    public async Task AbsentExperimentIsNull()
    {
        Assert.IsNull(await Client.GetExperimentByNameAsync("nope"));
    }

    [TestMethod]
    public async Task DuplicateNameFailsWithMlflowsCodeAndTheMethodAndPath()
    {
        await Client.CreateExperimentAsync("twice");

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => Client.CreateExperimentAsync("twice"));

        Assert.AreEqual(MlflowException.ErrorCodes.ResourceAlreadyExists, error.ErrorCode);
        Assert.AreEqual(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        StringAssert.Contains(error.Message, "POST /api/2.0/mlflow/experiments/create");
    }

    [TestMethod]
    public async Task SearchWithoutHitsReadsTheEmptyObjectAsAnEmptyPage()
    {
        await Client.CreateExperimentAsync("a");

        var page = await Client.SearchExperimentsAsync("name = 'zzz'");

        Assert.IsEmpty(page.Items);
        Assert.IsNull(page.NextPageToken);
    }

    [TestMethod]
    public async Task SearchPagesWithTokens()
    {
        foreach (var name in new[] { "e1", "e2", "e3" })
            await Client.CreateExperimentAsync(name);

        var first = await Client.SearchExperimentsAsync(maxResults: 2);
        var second = await Client.SearchExperimentsAsync(maxResults: 2, pageToken: first.NextPageToken);

        Assert.HasCount(2, first.Items);
        Assert.IsNotNull(first.NextPageToken);
        Assert.HasCount(1, second.Items);
        Assert.IsNull(second.NextPageToken);
        CollectionAssert.AreEquivalent(new[] { "e1", "e2", "e3" }, first.Items.Concat(second.Items).Select(e => e.Name).ToArray());
    }

    [TestMethod]
    public async Task ALostAnswerToACreateIsNotReportedAsAlreadyExisting()
    {
        Server.Faults.Add("POST", "experiments/create", new Fault.DropAfterProcessing());

        var id = await Client.CreateExperimentAsync("lost-answer");

        Assert.AreEqual(1, Server.State.ExperimentCount);
        Assert.AreEqual(id, (await Client.GetExperimentByNameAsync("lost-answer"))!.ExperimentId);
    }

    [TestMethod]
    public async Task AnInvalidTagFailsBeforeAnythingIsSent()
    {
        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() =>
            Client.CreateExperimentAsync("x", new Dictionary<string, string> { ["bad key!"] = "v" }));

        Assert.AreEqual(MlflowException.ErrorCodes.InvalidParameterValue, error.ErrorCode);
        Assert.IsEmpty(Server.Requests);
    }
}
