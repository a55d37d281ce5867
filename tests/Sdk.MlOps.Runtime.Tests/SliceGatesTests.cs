using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Testing;
using Microsoft.Testing.Platform.Extensions.Messages;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>
/// A gate per slice of the test rows: a model that is good in one region and guesses in another passes overall and
/// fails in that region; a slice too small to judge is reported, not gated. One model is trained for the class.
/// </summary>
[TestClass]
public sealed class SliceGatesTests
{
    public sealed class Host
    {
        [LoadColumn(0)] public string Region { get; set; } = "";
        [LoadColumn(1)] public float Load { get; set; }
        [LoadColumn(2)] public bool Failed { get; set; }
    }

    public sealed class FailurePredictor : BinaryClassificationModel<Host>
    {
        public override string LabelColumn => nameof(Host.Failed);

        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
            ml.Transforms.Concatenate("Features", nameof(Host.Load))
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new() { NumberOfThreads = 1 }));
    }

    private static TempDirectory s_dir = null!;
    private static Request s_request = null!;
    private static string s_test = null!;

    [ClassInitialize]
    public static void TrainOnce(TestContext context)
    {
        s_dir = new TempDirectory();
        var random = new Random(11);
        // In eu a host fails when its load is high; in us failures are unrelated to load; apac has a handful of rows.
        string Row(string region)
        {
            float load = random.NextSingle();
            bool failed = region == "us" ? random.NextDouble() < 0.5 : load > 0.5;
            return FormattableString.Invariant($"{region},{load:0.####},{(failed ? "true" : "false")}");
        }

        string Rows(int eu, int us, int apac) => string.Join('\n', Enumerable.Repeat("eu", eu).Concat(Enumerable.Repeat("us", us)).Concat(Enumerable.Repeat("apac", apac)).Select(Row));
        var train = s_dir.File("train.csv", "Region,Load,Failed\n" + Rows(600, 200, 10) + "\n");
        s_test = s_dir.File("test.csv", "Region,Load,Failed\n" + Rows(200, 120, 8) + "\n");
        s_request = TestData.Request(Path.Combine(s_dir.Path, "out"), TestData.Csv(train));
        s_request.TestData = [TestData.Csv(s_test)];
        s_request.Tracking.Enabled = false;
        Stages.Train(new FailurePredictor(), s_request, new CapturedReporter().Reporter);
    }

    [ClassCleanup]
    public static void DeleteFiles() => s_dir?.Dispose();

    private static (EvaluationReport Report, CapturedReporter Reporter) Evaluate(params GateItem[] gates)
    {
        s_request.Gates = [.. gates];
        var reporter = new CapturedReporter();
        return (Stages.Evaluate(new FailurePredictor(), s_request, reporter.Reporter), reporter);
    }

    private static GateItem Gate(double minimum, double? maxGap = null, int? minimumRows = null) =>
        new() { Metric = "Accuracy", Minimum = minimum, Slice = "Region", MaxSliceGap = maxGap, MinimumSliceRows = minimumRows, DefinedIn = "/p/TestModel.csproj", Line = 21 };

    [TestMethod]
    public void TheBoundHoldsInEverySlice_TheWeakSliceFailsIt_TheTinyOneIsReportedNotGated()
    {
        var (report, reporter) = Evaluate(Gate(0.7));

        var gate = report.Gates.Single();
        Assert.IsFalse(gate.Passed);
        var slices = gate.Slices!.ToDictionary(s => s.Slice!.Value);
        CollectionAssert.AreEquivalent(new[] { "apac", "eu", "us" }, slices.Keys.ToArray());
        Assert.IsTrue(slices["eu"].Passed && slices["eu"].Slice!.Gated);
        Assert.IsFalse(slices["us"].Passed);
        Assert.IsFalse(slices["apac"].Slice!.Gated, "8 rows are too few to judge");
        Assert.IsTrue(slices["apac"].Passed);
        Assert.AreEqual(200, slices["eu"].Slice!.Rows);
        var error = reporter.Errors.Single();
        Assert.AreEqual(ErrorCodes.GateFailed, error[1]);
        Assert.AreEqual("21", error[3]);
        Assert.Contains("in Region=us (120 rows)", error[5]);
        Assert.Contains(l => l.Contains("Region=apac (8 rows)", StringComparison.Ordinal) && l.Contains("not gated (8 rows < 30)", StringComparison.Ordinal), reporter.Lines);
    }

    [TestMethod]
    public void ASlicesValue_IsWhatMlNetsEvaluatorSaysOnThatSlicesRows()
    {
        var (report, _) = Evaluate(Gate(0.0));
        var ml = new MLContext(1);
        var model = ml.Model.Load(s_request.ModelPath, out _);
        var eu = s_dir.File("eu.csv", string.Join('\n', File.ReadLines(s_test).Where((l, i) => i == 0 || l.StartsWith("eu,", StringComparison.Ordinal))) + "\n");
        var euRows = ml.Data.LoadFromTextFile<Host>(eu, separatorChar: ',', hasHeader: true);
        var scored = model.Transform(ml.Transforms.CopyColumns("Label", nameof(Host.Failed)).Fit(euRows).Transform(euRows));
        var expected = ml.BinaryClassification.Evaluate(scored).Accuracy;

        Assert.AreEqual(expected, report.Gates.Single().Slices!.Single(s => s.Slice!.Value == "eu").Value, 1e-12);
    }

    [TestMethod]
    public void MaxSliceGap_BoundsHowFarTheBestSliceIsFromTheWorst()
    {
        var (wide, _) = Evaluate(Gate(0.0, maxGap: 0.05));
        var (loose, _) = Evaluate(Gate(0.0, maxGap: 0.9));

        Assert.IsFalse(wide.Gates.Single().Passed, $"gap {wide.Gates.Single().SliceGap}");
        Assert.IsGreaterThan(0.2, wide.Gates.Single().SliceGap!.Value);
        Assert.IsTrue(loose.Gates.Single().Passed);
        Assert.Contains("slice gap ≤ 0.05 (gap ", wide.Gates.Single().Bound);
    }

    [TestMethod]
    public void EverySliceIsATestResultOfItsOwn_TheTinyOneSkippedWithWhy()
    {
        var (report, reporter) = Evaluate(Gate(0.7, minimumRows: 10));

        var nodes = GateNodes.Ran(s_request, report, reporter.Events);

        var name = "Gate(Accuracy ≥ 0.7, in every Region slice of ≥ 10 rows)";
        CollectionAssert.AreEqual(new[] { "MlOps.Evaluate", name, $"{name} [Region=apac]", $"{name} [Region=eu]", $"{name} [Region=us]" }, nodes.Select(n => n.DisplayName).ToArray());
        var states = nodes.ToDictionary(n => n.DisplayName, n => n.Properties.Single<TestNodeStateProperty>());
        Assert.IsInstanceOfType<SkippedTestNodeStateProperty>(states[$"{name} [Region=apac]"]);
        Assert.IsInstanceOfType<PassedTestNodeStateProperty>(states[$"{name} [Region=eu]"]);
        Assert.IsInstanceOfType<FailedTestNodeStateProperty>(states[$"{name} [Region=us]"]);
        Assert.Contains("fewer than 10", states[$"{name} [Region=apac]"].Explanation!);
    }

    [TestMethod]
    public void ASliceColumnTheInputHasNot_IsMlops3011AtTheGate()
    {
        var gate = Gate(0.7);
        gate.Slice = "Zone";

        var e = Assert.ThrowsExactly<MlOpsException>(() => Gates.CheckMetricNames(new FailurePredictor(), [gate]));

        Assert.AreEqual(ErrorCodes.SliceInvalid, e.Code);
        Assert.AreEqual(21, e.Location.Line);
        Assert.Contains("'Zone', which is no column of Host", e.Message);
    }
}
