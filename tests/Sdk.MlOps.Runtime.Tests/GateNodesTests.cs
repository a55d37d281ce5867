using Microsoft.Testing.Platform.Extensions.Messages;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Testing;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>How an evaluation becomes the test results of the gate test application.</summary>
[TestClass]
public sealed class GateNodesTests
{
    private static Request Request(params GateItem[] gates) => new() { ModelName = "Triage", ProjectFile = "/p/Triage.csproj", Gates = [.. gates] };

    private static TestNodeStateProperty State(TestNode node) => node.Properties.Single<TestNodeStateProperty>();

    [TestMethod]
    public void NamesAreStable_RelativeBoundsWithoutTheChampionsValue_RepeatedRulesNumbered()
    {
        var request = Request(
            new GateItem { Metric = "Accuracy", Minimum = 0.8, Maximum = 1 },
            new GateItem { Metric = "LogLoss", Maximum = 0.5, MaxRelativeRegression = 0.05 },
            new GateItem { Metric = "LogLoss", Maximum = 0.5, MaxRelativeRegression = 0.05 });

        CollectionAssert.AreEqual(
            new[] { "Gate(Accuracy 0.8 ≤ x ≤ 1)", "Gate(LogLoss ≤ 0.5, at most 5% worse than the champion)", "Gate(LogLoss ≤ 0.5, at most 5% worse than the champion) #2" },
            GateNodes.Names(request).ToArray());
    }

    [TestMethod]
    public void DiscoveryListsTheEvaluationAndEveryGateAtItsLine()
    {
        var nodes = GateNodes.Discovered(Request(new GateItem { Metric = "Accuracy", Minimum = 0.8, DefinedIn = "/p/Triage.csproj", Line = 9 }));

        CollectionAssert.AreEqual(new[] { "MlOps.Evaluate", "Gate(Accuracy ≥ 0.8)" }, nodes.Select(n => n.DisplayName).ToArray());
        Assert.IsTrue(nodes.All(n => State(n) is DiscoveredTestNodeStateProperty));
        Assert.AreEqual(9, nodes[1].Properties.Single<TestFileLocationProperty>().LineSpan.Start.Line);
    }

    [TestMethod]
    public void AnErrorBeforeTheGatesFailsTheEvaluationWithItsCode_AndSkipsTheGates()
    {
        var request = Request(new GateItem { Metric = "Accuracy", Minimum = 0.8 });
        var events = new[] { new ReportedEvent("error", ErrorCodes.ModelNotTrained, new SourceLocation("/p/Triage.csproj"), "No trained model.") };

        var nodes = GateNodes.Ran(request, report: null, events);

        var failed = (FailedTestNodeStateProperty)State(nodes[0]);
        Assert.AreEqual("/p/Triage.csproj: error MLOPS2007: No trained model.", failed.Explanation);
        Assert.IsInstanceOfType<SkippedTestNodeStateProperty>(State(nodes[1]));
    }

    [TestMethod]
    public void WithoutARequestTheEvaluationFailsAlone()
    {
        var events = new[] { new ReportedEvent("error", ErrorCodes.TestRequestMissing, default, "No request.") };

        var node = GateNodes.Ran(null, null, events).Single();

        Assert.AreEqual("MlOps.Evaluate", node.Uid.Value);
        StringAssert.Contains(((FailedTestNodeStateProperty)State(node)).Explanation, "error MLOPS3008: No request.");
    }

    [TestMethod]
    public void WarningsLeaveTheEvaluationPassed_InItsOutput()
    {
        var report = new EvaluationReport("hash", 10, new Dictionary<string, double> { ["Accuracy"] = 0.9 }, [new GateResult("Accuracy", 0.8, null, 0.9, true)]);
        var events = new[] { new ReportedEvent("warning", ErrorCodes.NoGates, new SourceLocation("/p/Triage.csproj", 3, 5), "Careful.") };

        var nodes = GateNodes.Ran(Request(new GateItem { Metric = "Accuracy", Minimum = 0.8 }), report, events);

        Assert.IsInstanceOfType<PassedTestNodeStateProperty>(State(nodes[0]));
        Assert.AreEqual("/p/Triage.csproj(3,5): warning MLOPS3005: Careful.", nodes[0].Properties.Single<StandardOutputProperty>().StandardOutput);
        Assert.IsInstanceOfType<PassedTestNodeStateProperty>(State(nodes[1]));
    }
}
