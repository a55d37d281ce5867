using Sdk.MlOps.MLflow;

namespace Sdk.MlOps.MLflow.Tests;

/// <summary>Registered models, versions, tags and aliases through <see cref="IModelRegistry"/>.</summary>
[TestClass]
public sealed class FileStoreRegistryTests
{
    private readonly TempMlruns _mlruns = new();

    [TestCleanup]
    public void Cleanup() => _mlruns.Dispose();

    private static readonly string RunA = new('a', 32);
    private static readonly string RunB = new('b', 32);

    private async Task<IModelRegistry> ModelWithVersions(int count)
    {
        IModelRegistry registry = _mlruns.Open();
        await registry.CreateRegisteredModelAsync("demo-model", "d", new Dictionary<string, string> { ["team"] = "mlops" });
        for (var i = 1; i <= count; i++)
            await registry.CreateModelVersionAsync("demo-model", $"runs:/{(i % 2 == 1 ? RunA : RunB)}/model", i % 2 == 1 ? RunA : RunB);
        return registry;
    }

    [TestMethod]
    public async Task ModelRoundTrip()
    {
        var registry = await ModelWithVersions(3);

        var model = await registry.GetRegisteredModelAsync("demo-model");

        Assert.IsNotNull(model);
        Assert.AreEqual("d", model.Description);
        Assert.AreEqual("mlops", model.Tags["team"]);
        Assert.AreEqual("3", model.LatestVersions.Single().Version, "latest per stage; all are in stage None");
        Assert.IsEmpty(model.Aliases);
        Assert.IsNull(await registry.GetRegisteredModelAsync("other"));
    }

    [TestMethod]
    public async Task VersionsCountUpAndReadBack()
    {
        var registry = await ModelWithVersions(2);

        var v2 = await registry.GetModelVersionAsync("demo-model", "2");

        Assert.IsNotNull(v2);
        Assert.AreEqual($"runs:/{RunB}/model", v2.Source);
        Assert.AreEqual(RunB, v2.RunId);
        Assert.AreEqual("READY", v2.Status);
        Assert.AreEqual("None", v2.CurrentStage);
        Assert.AreEqual(FixedTime.Start, v2.CreationTimestamp);
        Assert.IsNull(await registry.GetModelVersionAsync("demo-model", "3"));
        Assert.IsNull(await registry.GetModelVersionAsync("other", "1"));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () => registry.GetModelVersionAsync("demo-model", "../1"));
    }

    [TestMethod]
    public async Task DuplicatesAndMissingModels()
    {
        var registry = await ModelWithVersions(0);

        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.ResourceAlreadyExists, () => registry.CreateRegisteredModelAsync("demo-model"));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.ResourceDoesNotExist, () => registry.CreateModelVersionAsync("other", "runs:/x/model", RunA));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () => registry.CreateRegisteredModelAsync("a/b"));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () => registry.CreateRegisteredModelAsync(".."));
    }

    [TestMethod]
    public async Task AliasesPointAtVersions()
    {
        var registry = await ModelWithVersions(2);

        await registry.SetAliasAsync("demo-model", "champion", "2");
        await registry.SetAliasAsync("demo-model", "challenger", "1");
        await registry.SetAliasAsync("demo-model", "champion", "1");

        var model = await registry.GetRegisteredModelAsync("demo-model");
        CollectionAssert.AreEquivalent(
            new Dictionary<string, string> { ["champion"] = "1", ["challenger"] = "1" },
            model!.Aliases.ToDictionary());
        CollectionAssert.AreEqual(new[] { "challenger", "champion" }, (await registry.GetModelVersionAsync("demo-model", "1"))!.Aliases.ToArray());
        Assert.IsEmpty((await registry.GetModelVersionAsync("demo-model", "2"))!.Aliases);
        Assert.AreEqual("1", (await registry.GetModelVersionByAliasAsync("demo-model", "champion"))!.Version);

        await registry.DeleteAliasAsync("demo-model", "champion");
        await registry.DeleteAliasAsync("demo-model", "champion");

        Assert.IsNull(await registry.GetModelVersionByAliasAsync("demo-model", "champion"));
        Assert.IsNull(await registry.GetModelVersionByAliasAsync("other", "champion"));
    }

    [TestMethod]
    public async Task BadAliasesAndMissingVersions()
    {
        var registry = await ModelWithVersions(1);

        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.ResourceDoesNotExist, () => registry.SetAliasAsync("demo-model", "champion", "7"));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () => registry.SetAliasAsync("demo-model", "v1", "1"));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () => registry.SetAliasAsync("demo-model", "latest", "1"));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.ResourceDoesNotExist, () => registry.DeleteAliasAsync("other", "champion"));
    }

    [TestMethod]
    public async Task VersionTags()
    {
        var registry = await ModelWithVersions(1);

        await registry.SetModelVersionTagAsync("demo-model", "1", "validated", "yes");

        Assert.AreEqual("yes", (await registry.GetModelVersionAsync("demo-model", "1"))!.Tags["validated"]);
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.ResourceDoesNotExist, () => registry.SetModelVersionTagAsync("demo-model", "9", "k", "v"));
    }

    [TestMethod]
    public async Task SearchModelsByName()
    {
        IModelRegistry registry = _mlruns.Open();
        foreach (var name in new[] { "churn", "churn-v2", "fraud" }) await registry.CreateRegisteredModelAsync(name);

        CollectionAssert.AreEqual(new[] { "churn" }, (await registry.SearchRegisteredModelsAsync("name='churn'")).Items.Select(m => m.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "churn", "churn-v2" }, (await registry.SearchRegisteredModelsAsync("name LIKE 'churn%'")).Items.Select(m => m.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "churn", "churn-v2", "fraud" }, (await registry.SearchRegisteredModelsAsync()).Items.Select(m => m.Name).ToArray());
        var page = await registry.SearchRegisteredModelsAsync(maxResults: 2);
        Assert.AreEqual("fraud", (await registry.SearchRegisteredModelsAsync(maxResults: 2, pageToken: page.NextPageToken)).Items.Single().Name);
    }

    [TestMethod]
    public async Task SearchVersionsByNameAndRun()
    {
        var registry = await ModelWithVersions(3);
        await registry.CreateRegisteredModelAsync("other");
        await registry.CreateModelVersionAsync("other", "runs:/x/model", RunB);

        CollectionAssert.AreEquivalent(new[] { "1", "2", "3" }, (await registry.SearchModelVersionsAsync("name='demo-model'")).Items.Select(v => v.Version).ToArray());
        CollectionAssert.AreEquivalent(
            new[] { "demo-model/2", "other/1" },
            (await registry.SearchModelVersionsAsync($"run_id='{RunB}'")).Items.Select(v => v.Name + "/" + v.Version).ToArray());
        CollectionAssert.AreEquivalent(
            new[] { "2" },
            (await registry.SearchModelVersionsAsync($"name = 'demo-model' and run_id = '{RunB}'")).Items.Select(v => v.Version).ToArray());
    }
}
