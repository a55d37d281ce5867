using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class GatesTests
{
    private static readonly Dictionary<string, double> Metrics = new()
    {
        ["MicroAccuracy"] = 0.8,
        ["LogLoss"] = 0.5,
        ["MacroAccuracy"] = double.NaN,
    };

    private static GateItem Gate(string metric, double? min = null, double? max = null) =>
        new() { Metric = metric, Minimum = min, Maximum = max, DefinedIn = "/p/Model.csproj", Line = 12 };

    private static bool Passes(GateItem gate) => Gates.Check([gate], Metrics).Single().Passed;

    [TestMethod]
    public void KnownMetricNamesPass() =>
        Gates.CheckMetricNames(new DataLoaderTests.TicketModel(), [Gate("MicroAccuracy"), Gate("LogLoss")]);

    [TestMethod]
    public void UnknownMetricIsRejectedAtTheGateWithTheCaseInsensitiveMatchSuggested()
    {
        var e = Assert.ThrowsExactly<MlOpsException>(() =>
            Gates.CheckMetricNames(new DataLoaderTests.TicketModel(), [Gate("MicroAccuracy"), Gate("microaccuracy")]));

        Assert.AreEqual(ErrorCodes.GateUnknownMetric, e.Code);
        Assert.Contains("Did you mean 'MicroAccuracy'?", e.Message);
        Assert.AreEqual(new SourceLocation("/p/Model.csproj", 12), e.Location);
    }

    [TestMethod]
    public void MetricOfAnotherTaskIsRejectedWithoutSuggestion()
    {
        var e = Assert.ThrowsExactly<MlOpsException>(() => Gates.CheckMetricNames(new DataLoaderTests.TicketModel(), [Gate("RSquared")]));

        Assert.AreEqual(ErrorCodes.GateUnknownMetric, e.Code);
        Assert.DoesNotContain("Did you mean", e.Message);
    }

    [TestMethod]
    [DataRow(0.8, true)]
    [DataRow(0.81, false)]
    public void MinimumIsInclusive(double min, bool passed) => Assert.AreEqual(passed, Passes(Gate("MicroAccuracy", min: min)));

    [TestMethod]
    [DataRow(0.5, true)]
    [DataRow(0.49, false)]
    public void MaximumIsInclusive(double max, bool passed) => Assert.AreEqual(passed, Passes(Gate("LogLoss", max: max)));

    [TestMethod]
    [DataRow(0.7, 0.9, true)]
    [DataRow(0.85, 0.9, false)]
    [DataRow(0.5, 0.75, false)]
    public void BothBoundsMustHold(double min, double max, bool passed) =>
        Assert.AreEqual(passed, Passes(Gate("MicroAccuracy", min, max)));

    [TestMethod]
    public void NaNFailsEvenAnOpenGate()
    {
        Assert.IsFalse(Passes(Gate("MacroAccuracy", min: 0)));
        Assert.IsFalse(Passes(Gate("MacroAccuracy")));
    }

    [TestMethod]
    public void ResultsKeepGateOrderValueAndBounds()
    {
        var results = Gates.Check([Gate("LogLoss", max: 1), Gate("MicroAccuracy", min: 0.9)], Metrics);

        CollectionAssert.AreEqual(new[] { "LogLoss", "MicroAccuracy" }, results.Select(r => r.Metric).ToArray());
        Assert.AreEqual(0.8, results[1].Value);
        Assert.AreEqual("≥ 0.9", results[1].Bound);
        Assert.AreEqual("≤ 1", results[0].Bound);
    }

    [TestMethod]
    public void MetricTheTrainerDidNotReportIsAnErrorAtTheGate()
    {
        var e = Assert.ThrowsExactly<MlOpsException>(() => Gates.Check([Gate("LogLossReduction", min: 0)], Metrics));

        Assert.AreEqual(ErrorCodes.GateUnknownMetric, e.Code);
        Assert.AreEqual(new SourceLocation("/p/Model.csproj", 12), e.Location);
        Assert.Contains("MicroAccuracy", e.Message);
    }
}
