using Sdk.MlOps.Hosting;

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
}
