using Sdk.MlOps.Hosting;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>Gates relative to the champion: how much worse than it a new model may be, whichever way is better.</summary>
[TestClass]
public sealed class RelativeGatesTests
{
    private static GateItem Gate(string metric, double? maxRegression = null, double? maxRelative = null, double? min = null) =>
        new() { Metric = metric, MaxRegression = maxRegression, MaxRelativeRegression = maxRelative, Minimum = min, DefinedIn = "/p/M.csproj", Line = 9 };

    private static bool Passes(GateItem gate, double value, double? champion) =>
        Gates.Check([gate], new Dictionary<string, double> { [gate.Metric] = value },
            champion is { } c ? new Dictionary<string, double> { [gate.Metric] = c } : null).Single().Passed;

    [TestMethod]
    [DataRow(0.80, 0.81, true)]   // 0.01 worse: within 0.02
    [DataRow(0.78, 0.81, false)]  // 0.03 worse
    [DataRow(0.90, 0.81, true)]   // better
    public void HigherIsBetter_AbsoluteRegression(double value, double champion, bool passes) =>
        Assert.AreEqual(passes, Passes(Gate("MicroAccuracy", maxRegression: 0.02), value, champion));

    [TestMethod]
    [DataRow(0.52, 0.50, true)]   // LogLoss up 0.02: within 0.05
    [DataRow(0.60, 0.50, false)]  // up 0.10
    [DataRow(0.40, 0.50, true)]   // down: better
    public void LowerIsBetter_RegressionIsAnIncrease(double value, double champion, bool passes) =>
        Assert.AreEqual(passes, Passes(Gate("LogLoss", maxRegression: 0.05), value, champion));

    [TestMethod]
    [DataRow(95.0, 100.0, true)]   // 5 % worse: within 10 %
    [DataRow(85.0, 100.0, false)]  // 15 % worse
    public void RelativeRegressionIsAFractionOfTheChampion(double value, double champion, bool passes) =>
        Assert.AreEqual(passes, Passes(Gate("RSquared", maxRelative: 0.10), value, champion));

    [TestMethod]
    public void WithoutAChampion_RelativeBoundsPassAndAbsoluteOnesDecide()
    {
        Assert.IsTrue(Passes(Gate("MicroAccuracy", maxRegression: 0), 0.1, champion: null));
        Assert.IsFalse(Passes(Gate("MicroAccuracy", maxRegression: 0, min: 0.5), 0.1, champion: null));
    }

    [TestMethod]
    public void TheBoundNamesTheChampionsValue()
    {
        var result = Gates.Check([Gate("MicroAccuracy", maxRegression: 0.02)], new Dictionary<string, double> { ["MicroAccuracy"] = 0.7 },
            new Dictionary<string, double> { ["MicroAccuracy"] = 0.8 }).Single();
        Assert.AreEqual("at most 0.02 worse than champion 0.8", result.Bound);
        Assert.IsFalse(result.Passed);
    }

    private static GateResult Paired(GateItem gate, double difference, double lower, double upper, double champion = 0.8, double stored = 0.99) =>
        Gates.Check([gate], new Dictionary<string, double> { [gate.Metric] = champion + difference },
            new Dictionary<string, double> { [gate.Metric] = stored },
            _ => new PairedDifference(gate.Metric, champion + difference, champion, difference, lower, upper, 0.95, 300, 1000, null)).Single();

    [TestMethod]
    [DataRow(-0.02, -0.04, 0.001, 0.0, true)]   // the interval holds no difference: not significantly worse
    [DataRow(-0.05, -0.07, -0.03, 0.0, false)]  // wholly worse
    [DataRow(-0.05, -0.07, -0.03, 0.04, true)]  // wholly worse, but its least bad end is within the tolerance
    [DataRow(-0.05, -0.07, -0.03, 0.02, false)] // even its least bad end is worse beyond the tolerance
    [DataRow(0.03, 0.01, 0.05, 0.0, true)]      // significantly better
    public void OnTheSameRows_AHigherIsBetterGateFails_OnlyWhenTheWholeIntervalIsWorseBeyondTheTolerance(
        double difference, double lower, double upper, double tolerance, bool passes) =>
        Assert.AreEqual(passes, Paired(Gate("MacroAccuracy", maxRegression: tolerance), difference, lower, upper).Passed);

    [TestMethod]
    [DataRow(0.05, 0.03, 0.07, false)]  // LogLoss wholly up: worse
    [DataRow(0.03, -0.01, 0.07, true)]  // holds no difference
    [DataRow(-0.05, -0.07, -0.03, true)] // down: better
    public void OnTheSameRows_ALowerIsBetterGate_ReadsTheIntervalTheOtherWay(double difference, double lower, double upper, bool passes) =>
        Assert.AreEqual(passes, Paired(Gate("LogLoss", maxRegression: 0), difference, lower, upper, champion: 0.5).Passed);

    [TestMethod]
    public void OnTheSameRows_ARelativeToleranceIsAFractionOfTheChampionsValueOnThoseRows()
    {
        // Least bad end 0.03 worse; 5 % of the champion's 0.8 on the shared rows is 0.04.
        Assert.IsTrue(Paired(Gate("MacroAccuracy", maxRelative: 0.05), -0.05, -0.07, -0.03).Passed);
        Assert.IsFalse(Paired(Gate("MacroAccuracy", maxRelative: 0.02), -0.05, -0.07, -0.03).Passed);
    }

    [TestMethod]
    public void OnTheSameRows_TheStoredMetricIsNotTheBaseline_AndTheTablePrintsTheInterval()
    {
        // Stored 0.99 would fail a 0.81 candidate; on the same rows the champion scores 0.8 and the difference is noise.
        var result = Paired(Gate("MacroAccuracy", maxRegression: 0), 0.01, -0.01, 0.03);

        Assert.IsTrue(result.Passed);
        Assert.AreEqual("at most 0 worse than the champion on 300 shared rows (0.81 vs 0.8)", result.Bound);
        Assert.AreEqual("vs champion on 300 shared rows: +0.01 [-0.01, +0.03] at 95% confidence: no significant difference", result.Comparison);
        Assert.AreEqual(0, result.Significance);
        Assert.AreEqual(-1, Paired(Gate("MacroAccuracy", maxRegression: 0), -0.05, -0.07, -0.03).Significance);
        Assert.AreEqual(-1, Paired(Gate("LogLoss", maxRegression: 0), 0.05, 0.03, 0.07).Significance);
    }
}
