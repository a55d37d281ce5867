using Sdk.MlOps.Hosting;
using Sdk.MlOps.MLflow;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>A metric may carry several gates, e.g. an absolute floor and a bound relative to the champion.</summary>
[TestClass]
public sealed class TwoGatesOnOneMetricTests
{
    private static readonly GateItem[] MinimumAndRegression =
    [
        new() { Metric = "AreaUnderRocCurve", Minimum = 0.7, DefinedIn = "/p/M.csproj", Line = 9 },
        new() { Metric = "AreaUnderRocCurve", MaxRegression = 0.01, DefinedIn = "/p/M.csproj", Line = 10 },
    ];

    [TestMethod]
    public void EachGateIsAResultOfItsOwn()
    {
        var results = Gates.Check(MinimumAndRegression, new Dictionary<string, double> { ["AreaUnderRocCurve"] = 0.75 },
            new Dictionary<string, double> { ["AreaUnderRocCurve"] = 0.80 });

        CollectionAssert.AreEqual(new[] { true, false }, results.Select(r => r.Passed).ToArray());
    }

    [TestMethod]
    public async Task TheRunRecordsBothVerdicts()
    {
        using var dir = new TempDirectory();
        var store = new FileStore(dir.Path);
        var experiment = await store.CreateExperimentAsync("m");
        var run = await store.CreateRunAsync(experiment, "r", 0);
        var results = Gates.Check(MinimumAndRegression, new Dictionary<string, double> { ["AreaUnderRocCurve"] = 0.75 },
            new Dictionary<string, double> { ["AreaUnderRocCurve"] = 0.80 });

        await RunLogger.LogEvaluation(store, run.Info.RunId, new EvaluationReport("h", 10, new Dictionary<string, double> { ["AreaUnderRocCurve"] = 0.75 }, results));

        var tag = (await store.GetRunAsync(run.Info.RunId)).Data.Tags["mlops.gate.AreaUnderRocCurve"];
        StringAssert.StartsWith(tag, "passed: ");
        StringAssert.Contains(tag, "; failed: ");
    }
}
