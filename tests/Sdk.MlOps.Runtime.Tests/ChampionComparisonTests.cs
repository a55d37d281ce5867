using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Data;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>
/// A relative gate on real corefx issues: the candidate and the champion are scored on the same test rows and a
/// regression fails the gate only when it is significant. One champion is trained and published for the class.
/// </summary>
[TestClass]
public sealed class ChampionComparisonTests
{
    public sealed class Issue
    {
        [LoadColumn(0)] public string ID { get; set; } = "";
        [LoadColumn(1)] public string Area { get; set; } = "";
        [LoadColumn(2)] public string Title { get; set; } = "";
        [LoadColumn(3)] public string Description { get; set; } = "";
    }

    public sealed class Triage : MulticlassClassificationModel<Issue>
    {
        public override string LabelColumn => nameof(Issue.Area);

        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
            ml.Transforms.Conversion.MapValueToKey("Label")
                .Append(ml.Transforms.Text.FeaturizeText("Features", nameof(Issue.Title)))
                .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new()
                {
                    L2Regularization = p.Get("L2Regularization", 0.0001f),
                    MaximumNumberOfIterations = 20,
                    NumberOfThreads = 1,
                }))
                .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
    }

    private static TempDirectory s_dir = null!;
    private static string s_store = null!;
    private static string s_train = null!;
    private static string s_test = null!;

    [ClassInitialize]
    public static void PublishAChampion(TestContext context)
    {
        s_dir = new TempDirectory();
        s_store = Path.Combine(s_dir.Path, "mlruns");
        var rows = File.ReadLines(Path.Combine(TestData.RepoRoot(), "samples", "IncidentTriage", "data", "corefx-issues.tsv")).ToList();
        var (header, training, rest) = (rows[0], rows.Skip(1).Take(1100).ToList(), rows.Skip(1101));
        var areas = training.Select(Area).ToHashSet();
        s_train = s_dir.File("train.tsv", string.Join('\n', [header, .. training]) + "\n");
        s_test = s_dir.File("test.tsv", string.Join('\n', [header, .. rest.Where(r => areas.Contains(Area(r)))]) + "\n");

        var champion = Request("champion", s_train);
        champion.Command = "publish";
        champion.PublishDirectory = Path.Combine(s_dir.Path, "champion", "publish");
        champion.Tracking.Promote = true;
        var reporter = new CapturedReporter();
        Stages.Train(new Triage(), champion, reporter.Reporter);
        Stages.Publish(new Triage(), champion, reporter.Reporter);
        Assert.IsTrue(reporter.Lines.Any(l => l.Contains("(challenger, champion)", StringComparison.Ordinal)), string.Join("\n", reporter.Lines));
    }

    [ClassCleanup]
    public static void DeleteFiles() => s_dir?.Dispose();

    [TestMethod]
    public void ARetrainThatChangesNothingReal_PassesAZeroRegressionGate_AndPrintsTheInterval()
    {
        var (report, lines) = TrainAndTest("l2", s_train, l2: "0.00011");

        var gate = report.Gates.Single();
        Assert.IsTrue(gate.Passed, string.Join("\n", lines));
        Assert.IsNotNull(gate.Paired);
        Assert.IsLessThanOrEqualTo(0.0, gate.Paired.Lower);
        Assert.IsGreaterThanOrEqualTo(0.0, gate.Paired.Upper, "a tiny L2 change is no significant difference");
        // The champion trained on none of the test file's rows; its filter takes about 0.1 % of unseen rows for seen ones.
        Assert.IsGreaterThanOrEqualTo(report.TestRows * 0.99, report.ComparedRows!.Rows);
        Assert.Contains(l => l.Contains("vs champion on", StringComparison.Ordinal) && l.Contains("no significant difference", StringComparison.Ordinal), lines);
    }

    [TestMethod]
    public void AModelTrainedOnLabelsShuffledFor30PercentOfRows_FailsIt_AndPrintsTheInterval()
    {
        var random = new Random(3);
        var rows = File.ReadLines(s_train).ToList();
        var areas = rows.Skip(1).Select(Area).ToArray();
        var shuffled = rows.Skip(1).Select(row => random.NextDouble() < 0.3 ? WithArea(row, areas[random.Next(areas.Length)]) : row);
        var noisy = s_dir.File("noisy.tsv", string.Join('\n', [rows[0], .. shuffled]) + "\n");

        var (report, lines) = TrainAndTest("noisy", noisy);

        var gate = report.Gates.Single();
        Assert.IsFalse(gate.Passed, string.Join("\n", lines));
        Assert.IsLessThan(0.0, gate.Paired!.Upper, "significantly worse");
        Assert.Contains(l => l.Contains("MLOPS3004", StringComparison.Ordinal) && l.Contains("significantly worse", StringComparison.Ordinal), lines);
    }

    [TestMethod]
    public void ARetrainOnAnotherSplit_IsComparedOnlyOnRowsNeitherModelTrainedOn()
    {
        // A champion trained on a held-out split with seed 1, a candidate with seed 2, in a store of their own.
        var store = Path.Combine(s_dir.Path, "split-store");
        var champion = Request("split-champion", s_train, store: store, testFile: null, seed: 1);
        champion.Command = "publish";
        champion.PublishDirectory = Path.Combine(s_dir.Path, "split-champion", "publish");
        champion.Tracking.Promote = true;
        var reporter = new CapturedReporter();
        Stages.Train(new Triage(), champion, reporter.Reporter);
        Stages.Publish(new Triage(), champion, reporter.Reporter);

        var (report, lines) = TrainAndTest("split-candidate", s_train, store: store, testFile: null, seed: 2);

        // The rows both splits held out, found independently of the engine.
        var labels = File.ReadLines(s_train).Skip(1).Select(Area).ToArray();
        var heldOutBoth = Splitter.Split(labels, 0.2, 1, stratify: true).Test.Intersect(Splitter.Split(labels, 0.2, 2, stratify: true).Test).Count();
        var compared = report.ComparedRows!;
        Assert.AreEqual(report.TestRows, compared.TestRows);
        Assert.IsLessThanOrEqualTo(heldOutBoth, compared.Rows, string.Join("\n", lines));
        Assert.IsGreaterThanOrEqualTo(heldOutBoth * 0.95, compared.Rows, "about 0.1 % of unseen rows may be dropped with the champion's");
        Assert.Contains(l => l.Contains($"Compared with the champion on {compared.Rows} of {compared.TestRows} test rows", StringComparison.Ordinal), lines);
    }

    [TestMethod]
    public void AChampionWhoseRunLostItsModel_IsMlops3010_AndTheStoredMetricIsTheBaseline()
    {
        var store = Path.Combine(s_dir.Path, "lost-store");
        var champion = Request("lost-champion", s_train, store: store);
        champion.Command = "publish";
        champion.PublishDirectory = Path.Combine(s_dir.Path, "lost-champion", "publish");
        champion.Tracking.Promote = true;
        Stages.Train(new Triage(), champion, new CapturedReporter().Reporter);
        Stages.Publish(new Triage(), champion, new CapturedReporter().Reporter);
        foreach (var artifact in Directory.GetFiles(store, "TestModel.zip", SearchOption.AllDirectories)) File.Delete(artifact);

        var (report, lines) = TrainAndTest("lost-candidate", s_train, l2: "0.00011", store: store);

        var gate = report.Gates.Single();
        Assert.IsNull(gate.Paired);
        Assert.IsNull(report.ComparedRows);
        Assert.Contains(l => l.Contains($"warning|{ErrorCodes.ChampionNotComparable}|", StringComparison.Ordinal) && l.Contains("the champion's model is not available", StringComparison.Ordinal), lines);
        Assert.StartsWith("at most 0 worse than champion ", gate.Bound, "the stored test metric is the baseline");
    }

    private static (EvaluationReport Report, string[] Lines) TrainAndTest(string name, string training, string? l2 = null, string? store = null, string? testFile = "", int seed = 1)
    {
        var request = Request(name, training, store, testFile, seed);
        if (l2 is not null) request.Parameters = [new() { Name = "L2Regularization", Value = l2 }];
        var reporter = new CapturedReporter();
        Stages.Train(new Triage(), request, reporter.Reporter);
        var report = Stages.Evaluate(new Triage(), request, reporter.Reporter);
        return (report, reporter.Lines);
    }

    private static Request Request(string name, string training, string? store = null, string? testFile = "", int seed = 1)
    {
        var request = TestData.Request(Path.Combine(s_dir.Path, name), TestData.Csv(training, separator: "tab", allowQuoting: false));
        request.Seed = seed;
        request.InputHash = name;
        request.Tracking.LocalStore = store ?? s_store;
        if (testFile is not null) request.TestData = [TestData.Csv(testFile.Length == 0 ? s_test : testFile, separator: "tab", allowQuoting: false)];
        request.Gates = [new() { Metric = "MacroAccuracy", MaxRegression = 0, DefinedIn = "/p/TestModel.csproj", Line = 12 }];
        return request;
    }

    private static string Area(string row) => row.Split('\t')[1];

    private static string WithArea(string row, string area)
    {
        var fields = row.Split('\t');
        fields[1] = area;
        return string.Join('\t', fields);
    }
}
