using System.Text.Json.Nodes;

namespace Sdk.MlOps.MLflow.Tests;

[TestClass]
public sealed class RegistryTests : FakeServerTest
{

    [TestMethod]
    public async Task AModelItsVersionsTagsAndAliasesReadBack()
    {
        var run = await TestSupport.NewRunAsync(Client);
        var created = await Client.CreateRegisteredModelAsync("demo-model", "d", new Dictionary<string, string> { ["k"] = "v" });
        var v1 = await Client.CreateModelVersionAsync("demo-model", $"runs:/{run.Info.RunId}/model", run.Info.RunId);
        var v2 = await Client.CreateModelVersionAsync("demo-model", $"runs:/{run.Info.RunId}/model", run.Info.RunId, new Dictionary<string, string> { ["stage"] = "candidate" });
        await Client.SetModelVersionTagAsync("demo-model", "2", "validated", "true");
        await Client.SetAliasAsync("demo-model", "champion", "2");

        var model = await Client.GetRegisteredModelAsync("demo-model");
        var version = await Client.GetModelVersionAsync("demo-model", "2");

        Assert.AreEqual("d", created.Description);
        Assert.AreEqual("v", created.Tags["k"]);
        Assert.IsEmpty(created.LatestVersions);
        Assert.IsEmpty(created.Aliases);
        Assert.AreEqual("1", v1.Version);
        Assert.AreEqual("2", v2.Version);
        Assert.AreEqual(run.Info.RunId, v2.RunId);
        Assert.AreEqual("READY", v2.Status);
        Assert.AreEqual("None", v2.CurrentStage);
        Assert.AreEqual("", v2.Description);
        Assert.IsNotNull(model);
        Assert.AreEqual("2", model.Aliases["champion"]);
        Assert.AreEqual("2", model.LatestVersions.Single().Version);
        Assert.IsNotNull(version);
        Assert.AreEqual("true", version.Tags["validated"]);
        Assert.AreEqual("candidate", version.Tags["stage"]);
        CollectionAssert.AreEqual(new[] { "champion" }, version.Aliases.ToArray());
    }

    [TestMethod]
    public async Task AbsentModelsAndVersionsAreNull()
    {
        await Client.CreateRegisteredModelAsync("m");

        Assert.IsNull(await Client.GetRegisteredModelAsync("nope"));
        Assert.IsNull(await Client.GetModelVersionAsync("m", "9"));
        Assert.IsNull(await Client.GetModelVersionAsync("nope", "1"));
    }

    [TestMethod]
    public async Task AnAliasIsSetReadAndDeletedWithAJsonBody()
    {
        var run = await TestSupport.NewRunAsync(Client);
        await Client.CreateRegisteredModelAsync("m");
        await Client.CreateModelVersionAsync("m", $"runs:/{run.Info.RunId}/model", run.Info.RunId);

        await Client.SetAliasAsync("m", "champion", "1");
        var before = await Client.GetModelVersionByAliasAsync("m", "champion");
        await Client.DeleteAliasAsync("m", "champion");
        var after = await Client.GetModelVersionByAliasAsync("m", "champion");

        Assert.AreEqual("1", before?.Version);
        Assert.IsNull(after);
        var delete = Server.RequestsTo("DELETE", "registered-models/alias").Single();
        Assert.AreEqual("application/json", delete.ContentType);
        var body = JsonNode.Parse(delete.Text)!;
        Assert.AreEqual("m", body["name"]!.GetValue<string>());
        Assert.AreEqual("champion", body["alias"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task AnAliasOfAnAbsentModelIsNull()
    {
        Assert.IsNull(await Client.GetModelVersionByAliasAsync("nope", "champion"));
    }

    [TestMethod]
    [DataRow("v1")]
    [DataRow("latest")]
    [DataRow("with space")]
    public async Task AnInvalidAliasFailsBeforeAnythingIsSent(string alias)
    {
        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => Client.SetAliasAsync("m", alias, "1"));

        Assert.AreEqual(MlflowException.ErrorCodes.InvalidParameterValue, error.ErrorCode);
        Assert.IsEmpty(Server.Requests);
    }

    [TestMethod]
    public async Task SearchesFilterAndPage()
    {
        var run = await TestSupport.NewRunAsync(Client);
        foreach (var name in new[] { "alpha", "beta", "gamma" })
            await Client.CreateRegisteredModelAsync(name);
        for (var i = 0; i < 3; i++)
            await Client.CreateModelVersionAsync("beta", $"runs:/{run.Info.RunId}/model", run.Info.RunId);

        var models = await Client.SearchRegisteredModelsAsync("name = 'beta'");
        var none = await Client.SearchRegisteredModelsAsync("name = 'zeta'");
        var first = await Client.SearchModelVersionsAsync("name = 'beta'", maxResults: 2);
        var second = await Client.SearchModelVersionsAsync("name = 'beta'", maxResults: 2, pageToken: first.NextPageToken);

        Assert.AreEqual("beta", models.Items.Single().Name);
        Assert.IsEmpty(none.Items);
        Assert.IsNull(none.NextPageToken);
        Assert.HasCount(2, first.Items);
        Assert.HasCount(1, second.Items);
        Assert.IsNull(second.NextPageToken);
        var search = Server.RequestsTo("GET", "registered-models/search")[0];
        StringAssert.Contains(search.Query, "filter=name%20%3D%20%27beta%27");
    }
}
