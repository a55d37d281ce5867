using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Testing;
using Microsoft.Testing.Platform.Extensions.Messages;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>
/// The engine end to end on 300 real corefx issues: one training and evaluation shared by the class, since
/// training is the slow part.
/// </summary>
[TestClass]
public sealed class TrainerEvaluatorTests
{
    public sealed class Issue
    {
        [LoadColumn(0)] public string ID { get; set; } = "";
        [LoadColumn(1)] public string Area { get; set; } = "";
        [LoadColumn(2)] public string Title { get; set; } = "";
        [LoadColumn(3)] public string Description { get; set; } = "";
    }

    public sealed class TinyTriage : MulticlassClassificationModel<Issue>
    {
        public override string LabelColumn => nameof(Issue.Area);

        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
            ml.Transforms.Conversion.MapValueToKey("Label", nameof(Issue.Area))
                .Append(ml.Transforms.Text.FeaturizeText("Features", new(), nameof(Issue.Title), nameof(Issue.Description)))
                .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new()
                {
                    MaximumNumberOfIterations = p.Get("Iterations", 100),
                    NumberOfThreads = 1, // more threads make SDCA differ run to run
                }))
                .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
    }

    private const string ProjectFile = "/p/TestModel.csproj";
    private static TempDirectory s_dir = null!;
    private static Request s_request = null!;
    private static CapturedReporter s_training = null!;
    private static CapturedReporter s_evaluation = null!;
    private static EvaluationReport s_evaluated = null!;

    [ClassInitialize]
    public static void TrainAndEvaluateOnce(TestContext context)
    {
        s_dir = new TempDirectory();
        var sample = Path.Combine(TestData.RepoRoot(), "samples", "IncidentTriage", "data", "corefx-issues.tsv");
        var data = s_dir.File("issues.tsv", string.Join('\n', File.ReadLines(sample).Take(301)) + "\n");

        s_request = TestData.Request(Path.Combine(s_dir.Path, "run1"), TestData.Csv(data, separator: "tab", allowQuoting: false));
        s_request.Parameters = [new() { Name = "Iterations", Value = "10" }, new() { Name = "Iteratoins", Value = "5", DefinedIn = ProjectFile, Line = 18 }];
        s_request.Gates =
        [
            new() { Metric = "MicroAccuracy", Minimum = 0.99, DefinedIn = ProjectFile, Line = 21 },
            new() { Metric = "LogLoss", Maximum = 100, DefinedIn = ProjectFile, Line = 22 },
        ];

        s_training = new CapturedReporter();
        Stages.Train(new TinyTriage(), s_request, s_training.Reporter);
        s_evaluation = new CapturedReporter();
        s_evaluated = Stages.Evaluate(new TinyTriage(), s_request, s_evaluation.Reporter);
    }

    [ClassCleanup]
    public static void DeleteFiles() => s_dir?.Dispose();

    [TestMethod]
    public void TrainingWritesTheModelAndItsReport()
    {
        var report = Json.Read<TrainingReport>(s_request.TrainingReportPath);

        Assert.IsTrue(File.Exists(s_request.ModelPath));
        Assert.IsInRange(double.Epsilon, 1.0, report.Metrics["MicroAccuracy"]);
        Assert.AreEqual(300, report.Data.TrainRows + report.Data.TestRows);
        Assert.AreEqual(0.2, report.Data.SplitFraction);
        Assert.StartsWith("SdcaMaximumEntropy", report.Trainer);
        Assert.AreEqual(typeof(TinyTriage).FullName, report.ModelClass);
        CollectionAssert.AreEquivalent(new[] { "ID", "Area", "Title", "Description" }, report.Schema.Input.Select(c => c.Name).ToArray());
        Assert.AreEqual("Area", report.Schema.Input.Single(c => c.Role == ColumnReport.LabelRole).Name, "the label column is marked");
        CollectionAssert.Contains(report.Schema.Output.Select(c => c.Name).ToArray(), "PredictedLabel");
    }

    [TestMethod]
    public void ParameterNeverReadIsAWarningAtItsItem() =>
        Assert.Contains(l => l.StartsWith($"##mlops|warning|{ErrorCodes.ParameterUnused}|{ProjectFile}|18|", StringComparison.Ordinal) && l.Contains("'Iteratoins'"), s_training.Lines);

    [TestMethod]
    public void EvaluationReportsTestMetricsAndGateVerdicts()
    {
        var saved = Json.Read<EvaluationReport>(s_request.EvaluationReportPath);

        Assert.IsInRange(double.Epsilon, 1.0, saved.Metrics["MicroAccuracy"]);
        Assert.AreEqual(s_evaluated.Metrics["MicroAccuracy"], saved.Metrics["MicroAccuracy"]);
        Assert.AreEqual(Json.Read<TrainingReport>(s_request.TrainingReportPath).Data.TestRows, saved.TestRows);
        CollectionAssert.AreEqual(new[] { false, true }, saved.Gates.Select(g => g.Passed).ToArray());
        Assert.IsFalse(saved.Passed);
    }

    [TestMethod]
    public void FailedGateIsAnErrorAtTheLineThatDefinesIt()
    {
        var error = s_evaluation.Errors.Single();

        CollectionAssert.AreEqual(new[] { "error", ErrorCodes.GateFailed, ProjectFile, "21" }, error[..4]);
        Assert.Contains("Gate MicroAccuracy ≥ 0.99 failed", error[5]);
    }

    [TestMethod]
    public void EachGateIsATestWithItsVerdictAndTheTextOfItsError()
    {
        var nodes = GateNodes.Ran(s_request, s_evaluated, s_evaluation.Events);

        CollectionAssert.AreEqual(new[] { "MlOps.Evaluate", "Gate(MicroAccuracy ≥ 0.99)", "Gate(LogLoss ≤ 100)" }, nodes.Select(n => n.Uid.Value).ToArray());
        Assert.IsInstanceOfType<PassedTestNodeStateProperty>(nodes[0].Properties.Single<TestNodeStateProperty>());
        Assert.IsInstanceOfType<PassedTestNodeStateProperty>(nodes[2].Properties.Single<TestNodeStateProperty>());
        var failed = (FailedTestNodeStateProperty)nodes[1].Properties.Single<TestNodeStateProperty>();
        Assert.AreEqual($"{ErrorCodes.GateFailed}: {s_evaluation.Errors.Single()[5]}", failed.Explanation, "the failed test says what the MSBuild error says");
        var location = nodes[1].Properties.Single<TestFileLocationProperty>();
        Assert.AreEqual((ProjectFile, 21), (location.FilePath, location.LineSpan.Start.Line));
        Assert.Contains("Evaluated TestModel", nodes[0].Properties.Single<StandardOutputProperty>().StandardOutput, "the gate table goes with the evaluation");
    }

    [TestMethod]
    public void SameSeedTrainsTheSameModel()
    {
        var again = TestData.Request(Path.Combine(s_dir.Path, "run2"), s_request.TrainingData[0]);
        again.Parameters = [new() { Name = "Iterations", Value = "10" }];

        Stages.Train(new TinyTriage(), again, new CapturedReporter().Reporter);

        var first = Json.Read<TrainingReport>(s_request.TrainingReportPath).Metrics;
        var second = Json.Read<TrainingReport>(again.TrainingReportPath).Metrics;
        Assert.IsTrue(first.ContainsKey("MicroAccuracy"));
        CollectionAssert.AreEqual(first.OrderBy(m => m.Key).ToArray(), second.OrderBy(m => m.Key).ToArray());
    }

    /// <summary>A request for the model the class trained, as a later run with other inputs would make it.</summary>
    private static Request StaleRequest(string command)
    {
        var request = TestData.Request(Path.Combine(s_dir.Path, "stale-" + command), s_request.TrainingData[0]);
        request.Command = command;
        request.ModelPath = s_request.ModelPath;
        request.TrainingReportPath = s_request.TrainingReportPath;
        request.InputHash = "changed-since";
        request.AllowUngated = true;
        return request;
    }

    [TestMethod]
    public void ModelFromOtherInputsIsEvaluatedWithAWarning()
    {
        var reporter = new CapturedReporter();

        var report = Stages.Evaluate(new TinyTriage(), StaleRequest("evaluate"), reporter.Reporter);

        Assert.IsTrue(report.Metrics.ContainsKey("MicroAccuracy"));
        Assert.Contains(l => l.StartsWith($"##mlops|warning|{ErrorCodes.ModelStale}|{ProjectFile}|", StringComparison.Ordinal), reporter.Lines);
        Assert.IsFalse(reporter.Reporter.HasErrors);
    }

    [TestMethod]
    public void ModelFromOtherInputsIsNeverPublished()
    {
        var e = Assert.ThrowsExactly<MlOpsException>(() => Stages.Evaluate(new TinyTriage(), StaleRequest("publish"), new CapturedReporter().Reporter));

        Assert.AreEqual(ErrorCodes.ModelStale, e.Code);
        Assert.Contains("Publishing is refused", e.Message);
    }
}
