using Sdk.MlOps.MLflow;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class FilterTests
{
    [TestMethod]
    [DataRow("Triage")]
    [DataRow("O'Brien's triage")]
    public async Task ANameWithAQuoteStillFindsItsVersions(string name)
    {
        using var dir = new TempDirectory();
        var store = new FileStore(Path.Combine(dir.Path, "mlruns"));
        var experiment = await store.CreateExperimentAsync("e");
        var run = await store.CreateRunAsync(experiment, "r", 1);
        await store.CreateRegisteredModelAsync(name);
        await store.CreateModelVersionAsync(name, "runs:/x/model", run.Info.RunId);

        var found = await store.SearchModelVersionsAsync($"name={Filter.Literal(name)}");
        Assert.AreEqual(name, found.Items.Single().Name);
    }
}
