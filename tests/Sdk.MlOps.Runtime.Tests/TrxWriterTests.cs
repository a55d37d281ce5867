using System.Xml.Linq;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class TrxWriterTests
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    private static readonly EvaluationReport Report = new("hash", 120,
        new Dictionary<string, double> { ["MicroAccuracy"] = 0.82, ["LogLoss"] = 0.9 },
        [new GateResult("MicroAccuracy", 0.8, null, 0.82, true), new GateResult("LogLoss", null, 0.5, 0.9, false)]);

    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    private XDocument Write(string subfolder, EvaluationReport report)
    {
        var path = TrxWriter.Write(Path.Combine(_dir.Path, subfolder), "Triage", report);
        Assert.StartsWith(Path.Combine(_dir.Path, subfolder), path);
        Assert.EndsWith(".trx", path);
        return XDocument.Load(path);
    }

    private static XElement[] Results(XDocument trx) => trx.Descendants(Ns + "UnitTestResult").ToArray();

    [TestMethod]
    public void OneResultPerGateWithItsOutcome()
    {
        var results = Results(Write("a", Report));

        Assert.HasCount(2, results);
        Assert.AreEqual("Passed", results[0].Attribute("outcome")?.Value);
        Assert.AreEqual("Failed", results[1].Attribute("outcome")?.Value);
        Assert.AreEqual("Gate(LogLoss ≤ 0.5)", results[1].Attribute("testName")?.Value);
        Assert.Contains("LogLoss = 0.9 on 120 test rows", results[1].Descendants(Ns + "Message").Single().Value);
        Assert.IsEmpty(results[0].Descendants(Ns + "ErrorInfo"));
    }

    [TestMethod]
    public void CountersAndSummaryOutcomeMatchTheGates()
    {
        var summary = Write("a", Report).Descendants(Ns + "ResultSummary").Single();
        var counters = summary.Element(Ns + "Counters")!;

        Assert.AreEqual("Failed", summary.Attribute("outcome")?.Value);
        Assert.AreEqual("2", counters.Attribute("total")?.Value);
        Assert.AreEqual("2", counters.Attribute("executed")?.Value);
        Assert.AreEqual("1", counters.Attribute("passed")?.Value);
        Assert.AreEqual("1", counters.Attribute("failed")?.Value);
    }

    [TestMethod]
    public void AllPassedCompletes()
    {
        var passing = Report with { Gates = [Report.Gates[0]] };

        Assert.AreEqual("Completed", Write("a", passing).Descendants(Ns + "ResultSummary").Single().Attribute("outcome")?.Value);
    }

    [TestMethod]
    public void ResultsDefinitionsAndEntriesAgreeOnIds()
    {
        var trx = Write("a", Report);
        var results = Results(trx).Select(r => (r.Attribute("testId")!.Value, r.Attribute("executionId")!.Value)).ToArray();
        var definitions = trx.Descendants(Ns + "UnitTest")
            .Select(d => (d.Attribute("id")!.Value, d.Element(Ns + "Execution")!.Attribute("id")!.Value)).ToArray();
        var entries = trx.Descendants(Ns + "TestEntry").Select(e => (e.Attribute("testId")!.Value, e.Attribute("executionId")!.Value)).ToArray();

        CollectionAssert.AreEqual(results, definitions);
        CollectionAssert.AreEqual(results, entries);
        Assert.AreNotEqual(results[0].Item1, results[1].Item1);
    }

    [TestMethod]
    public void SameGateKeepsItsTestIdAcrossRuns()
    {
        var first = Results(Write("first", Report)).Select(r => r.Attribute("testId")!.Value).ToArray();
        var second = Results(Write("second", Report with { Gates = [Report.Gates[1] with { Value = 0.4, Passed = true }, Report.Gates[0]] }))
            .Select(r => r.Attribute("testId")!.Value).ToArray();

        CollectionAssert.AreEqual(first, second.Reverse().ToArray());
    }
}
