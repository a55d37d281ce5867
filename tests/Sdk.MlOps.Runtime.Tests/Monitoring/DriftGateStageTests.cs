using Microsoft.Testing.Platform.Extensions.Messages;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.Profiling;
using Sdk.MlOps.Testing;

namespace Sdk.MlOps.Runtime.Tests.Monitoring;

/// <summary>
/// Drift gates in the test stage, as dotnet test runs it: test data whose column is shifted by two standard
/// deviations fails with MLOPS3013 naming the column and the statistic, at the gate's line; data from the training
/// distribution passes. One training serves every test.
/// </summary>
[TestClass]
public sealed class DriftGateStageTests
{
    private static TempDirectory s_dir = null!;
    private static Request s_trained = null!;

    [ClassInitialize]
    public static void Train(TestContext context)
    {
        s_dir = new TempDirectory();
        s_trained = TestData.Request(s_dir.Path, TestData.Csv(s_dir.File("train.csv", LatencyModel.Csv(3000, seed: 1))));
        s_trained.IdColumn = "Id";
        var reporter = new CapturedReporter();
        Stages.Train(new LatencyModel(), s_trained, reporter.Reporter);
        Assert.IsEmpty(reporter.Errors, string.Join("\n", reporter.Lines));
    }

    [ClassCleanup]
    public static void Cleanup() => s_dir.Dispose();

    private static (Reports.EvaluationReport Report, CapturedReporter Reporter, Request Request) Test(string csv)
    {
        var request = TestData.Request(s_dir.Path, s_trained.TrainingData[0]);
        request.Command = "evaluate";
        request.IdColumn = "Id";
        request.TestData = [TestData.Csv(s_dir.File($"test-{Guid.NewGuid():N}.csv", csv))];
        request.AllowUngated = true;
        request.DriftGates = [new DriftGateItem { Column = DriftGateItem.AllColumns, DefinedIn = "/p/TestModel.csproj", Line = 12 }];
        request.DataContracts = [new DataContractItem { Column = "Region", DefinedIn = "/p/TestModel.csproj", Line = 13 }];
        var reporter = new CapturedReporter();
        return (Stages.Evaluate(new LatencyModel(), request, reporter.Reporter), reporter, request);
    }

    [TestMethod]
    public void TestDataFromTheTrainingDistribution_Passes()
    {
        var (report, reporter, _) = Test(LatencyModel.Csv(600, seed: 2));

        Assert.IsEmpty(reporter.Errors, string.Join("\n", reporter.Lines));
        Assert.IsTrue(report.Drift!.Passed);
        CollectionAssert.AreEquivalent(new[] { "Cpu", "Memory", "Region" }, report.Drift.Columns.Select(c => c.Column).ToArray(), "every feature, not the label, not the id");
        Assert.AreEqual(nameof(DriftMethod.Wasserstein), report.Drift.Columns.Single(c => c.Column == "Cpu").Method, "3,000 reference values: Evidently's rule picks Wasserstein");
        Assert.AreEqual(nameof(DriftMethod.JensenShannon), report.Drift.Columns.Single(c => c.Column == "Region").Method);
    }

    [TestMethod]
    public void ACpuShiftedByTwoStandardDeviations_FailsWithTheColumnAndTheStatistic_AtTheGatesLine()
    {
        var (report, reporter, request) = Test(LatencyModel.Csv(600, seed: 2, cpuShift: 20));

        var error = reporter.Errors.Single(e => e[1] == ErrorCodes.DriftDetected);
        StringAssert.Contains(error[5], "Drift in column 'Cpu'");
        StringAssert.Contains(error[5], "Wasserstein distance (normed)");
        Assert.AreEqual("/p/TestModel.csproj", error[2]);
        Assert.AreEqual("12", error[3]);
        var cpu = report.Drift!.Columns.Single(c => c.Column == "Cpu");
        Assert.AreEqual(2.0, cpu.Value, 0.2, "a shift of two standard deviations is a normed distance of about 2");
        Assert.IsFalse(report.Drift.Columns.Single(c => c.Column == "Memory").Drifted);

        // As a test of its own in dotnet test, beside the evaluation, which passes.
        var nodes = GateNodes.Ran(request, report, reporter.Events);
        Assert.IsInstanceOfType<PassedTestNodeStateProperty>(State(nodes, GateNodes.EvaluateName));
        Assert.IsInstanceOfType<FailedTestNodeStateProperty>(State(nodes, "Drift(Cpu)"));
        Assert.IsInstanceOfType<PassedTestNodeStateProperty>(State(nodes, "Drift(Memory)"));
    }

    [TestMethod]
    public void TheRunsDriftTests_AreListedBeforeItRuns()
    {
        var (report, reporter, request) = Test(LatencyModel.Csv(600, seed: 2));

        var discovered = GateNodes.Discovered(request).Select(n => n.DisplayName).ToArray();
        var ran = GateNodes.Ran(request, report, reporter.Events).Select(n => n.DisplayName).ToArray();

        CollectionAssert.AreEquivalent(ran, discovered, "--list-tests and the IDEs show the tests a run reports");
        CollectionAssert.Contains(discovered, "Drift(Cpu)");
        CollectionAssert.Contains(discovered, "DataContract(Region values)");
    }

    [TestMethod]
    public void ARegionTrainingNeverSaw_BreaksTheContract()
    {
        var csv = LatencyModel.Csv(600, seed: 2).Replace(",sa,", ",mars,");

        var (report, reporter, _) = Test(csv);

        var broken = report.Drift!.Contracts.Single(c => !c.Passed);
        Assert.AreEqual(ContractCheck.ValuesCheck, broken.Check);
        Assert.AreEqual(0.25, broken.Value, 0.06, "about one row in four is in the unseen region");
        Assert.Contains(e => e[1] == ErrorCodes.DataContractViolated && e[5].Contains("'Region'", StringComparison.Ordinal), reporter.Errors);
    }

    private static TestNodeStateProperty State(IReadOnlyList<TestNode> nodes, string name) =>
        nodes.Single(n => n.DisplayName == name).Properties.Single<TestNodeStateProperty>();
}
