using Sdk.MlOps.Hosting;
using Sdk.MlOps.MLflow;
using Sdk.MlOps.Profiling;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Runtime.Tests.Monitoring;

/// <summary>
/// The published bundle carries the training profile and the run its dataset input; the monitor fails on drifted
/// production data and passes on data like the training's, writes the report either way, and logs monitor.* metrics
/// on the model version's run.
/// </summary>
[TestClass]
public sealed class MonitorStageTests
{
    private static TempDirectory s_dir = null!;
    private static Request s_published = null!;

    [ClassInitialize]
    public static void Publish(TestContext context)
    {
        s_dir = new TempDirectory();
        s_published = TestData.Request(s_dir.Path, TestData.Csv(s_dir.File("train.csv", LatencyModel.Csv(3000, seed: 1))));
        s_published.IdColumn = "Id";
        s_published.AllowUngated = true;
        s_published.Command = "publish";
        s_published.PublishDirectory = Path.Combine(s_dir.Path, "publish");
        var reporter = new CapturedReporter();
        Stages.Train(new LatencyModel(), s_published, reporter.Reporter);
        Stages.Publish(new LatencyModel(), s_published, reporter.Reporter);
        Assert.IsEmpty(reporter.Errors, string.Join("\n", reporter.Lines));
    }

    [ClassCleanup]
    public static void Cleanup() => s_dir.Dispose();

    private static FileStore Store => new(s_published.Tracking.LocalStore!);

    private static string RunId => Reports.Json.Read<Reports.Manifest>(Path.Combine(s_published.PublishDirectory!, "mlops-manifest.json")).Run!.RunId;

    private static (CapturedReporter Reporter, string Reports) Monitor(string csv, params DriftGateItem[] gates) =>
        Monitor(settings => settings.Data = [TestData.Csv(s_dir.File($"prod-{Guid.NewGuid():N}.csv", csv))], gates);

    private static (CapturedReporter Reporter, string Reports) Monitor(Action<MonitorSettings> source, DriftGateItem[] gates, params GateItem[] metricGates) =>
        Monitor(source, gates, [], metricGates);

    private static (CapturedReporter Reporter, string Reports) Monitor(Action<MonitorSettings> source, DriftGateItem[] gates, DataContractItem[] contracts, GateItem[] metricGates)
    {
        var request = TestData.Request(s_dir.Path, s_published.TrainingData[0]);
        request.Command = "monitor";
        request.IdColumn = "Id";
        request.DriftGates = [.. gates];
        request.Gates = [.. metricGates];
        request.DataContracts = [.. contracts];
        var reports = Path.Combine(s_dir.Path, "monitor-" + Guid.NewGuid().ToString("N"));
        request.Monitor = new MonitorSettings { Bundle = s_published.PublishDirectory!, ReportDirectory = reports };
        source(request.Monitor);
        var reporter = new CapturedReporter();
        using var tracking = new LifecycleTracking(request, reporter.Reporter);
        new global::Sdk.MlOps.Monitoring.Monitor(new LatencyModel(), request, reporter.Reporter).RunAsync(tracking).GetAwaiter().GetResult();
        return (reporter, reports);
    }

    [TestMethod]
    public void TheBundleHoldsTheTrainingProfile_AndTheRunListsItsDatasetInput()
    {
        var profile = DataProfileFile.Read(Path.Combine(s_published.PublishDirectory!, DataProfileFile.Name));

        Assert.AreEqual(2400, profile.Rows, "the training rows, without the 20 % held out");
        var cpu = profile.Find("Cpu")!;
        Assert.AreEqual(ColumnKind.Numeric, cpu.Kind);
        Assert.AreEqual(50, cpu.Numeric!.Mean, 1);
        Assert.AreEqual(10, cpu.Numeric.StdDev, 0.6);
        Assert.AreEqual(ColumnProfile.IdRole, profile.Find("Id")!.Role);
        Assert.AreEqual(ColumnProfile.LabelRole, profile.Find("LatencyMs")!.Role);
        Assert.AreEqual(600, profile.Predictions!.Rows, "the test rows' predicted scores");

        var inputs = Store.GetRunAsync(RunId).GetAwaiter().GetResult().Inputs!.DatasetInputs;
        var dataset = inputs.Single().Dataset;
        Assert.AreEqual("TestModel-training", dataset.Name);
        StringAssert.Contains(dataset.Source, "train.csv");
        StringAssert.Contains(dataset.Profile!, "\"num_rows\":2400");
        Assert.AreEqual(TrainingDataset.Context, inputs.Single().Tags["mlflow.data.context"]);
    }

    [TestMethod]
    public void DriftedProductionData_Fails_WithAReport_AndMetricsOnTheRun()
    {
        var (reporter, reports) = Monitor(LatencyModel.Csv(2000, seed: 5, cpuShift: 20, withLabel: false), new DriftGateItem { Column = DriftGateItem.AllColumns });

        Assert.Contains(e => e[1] == ErrorCodes.DriftDetected && e[5].Contains("Cpu", StringComparison.Ordinal), reporter.Errors);
        Assert.Contains(e => e[1] == ErrorCodes.PredictionDrift, reporter.Errors, "the scores follow the CPU up");
        StringAssert.Contains(File.ReadAllText(Path.Combine(reports, "DRIFT_REPORT.md")), "FAILED: drift of Cpu");
        StringAssert.Contains(File.ReadAllText(Path.Combine(reports, "DRIFT_REPORT.html")), "<svg");
        var rows = Store.GetMetricHistoryAsync(RunId, "monitor.rows").GetAwaiter().GetResult();
        Assert.Contains(m => m.Value == 2000, rows);
        Assert.IsNotEmpty(Store.GetMetricHistoryAsync(RunId, "monitor.drift.Cpu").GetAwaiter().GetResult());
    }

    [TestMethod]
    public void WithoutDriftGates_OneDriftedColumnOfThree_IsNoDataSetDrift_ButThePredictionsDrift()
    {
        var (reporter, _) = Monitor(LatencyModel.Csv(2000, seed: 5, cpuShift: 20, withLabel: false));

        Assert.DoesNotContain(e => e[1] == ErrorCodes.DriftDetected, reporter.Errors, "1 of 3 columns is less than Evidently's half");
        Assert.Contains(e => e[1] == ErrorCodes.PredictionDrift, reporter.Errors);
    }

    [TestMethod]
    public void AGateOnTheLabel_DoesNotDrift_WhenProductionRowsHaveNoLabel()
    {
        var (reporter, _) = Monitor(LatencyModel.Csv(2000, seed: 6, withLabel: false), new DriftGateItem { Column = "LatencyMs" });

        Assert.IsEmpty(reporter.Errors, string.Join("\n", reporter.Lines));
        Assert.Contains(l => l.Contains("LatencyMs", StringComparison.Ordinal) && l.Contains("not compared", StringComparison.Ordinal), reporter.Lines);
    }

    [TestMethod]
    public void ContractsAlone_StillCompareEveryColumn()
    {
        var (reporter, _) = Monitor(settings => settings.Data = [TestData.Csv(s_dir.File($"prod-{Guid.NewGuid():N}.csv", LatencyModel.Csv(2000, seed: 6, withLabel: false)))],
            [], [new DataContractItem { Column = "Region" }], []);

        Assert.IsEmpty(reporter.Errors, string.Join("\n", reporter.Lines));
        Assert.Contains(l => l.Contains("of 3 compared columns drift", StringComparison.Ordinal), reporter.Lines);
    }

    [TestMethod]
    public void ProductionDataLikeTheTrainingData_Passes()
    {
        var (reporter, reports) = Monitor(LatencyModel.Csv(2000, seed: 6, withLabel: false));

        Assert.IsEmpty(reporter.Errors, string.Join("\n", reporter.Lines));
        StringAssert.Contains(File.ReadAllText(Path.Combine(reports, "DRIFT_REPORT.md")), "✅ Passed**");
    }

    [TestMethod]
    public void LateLabels_GiveLiveMetrics_CheckedAgainstTheMetricGates()
    {
        var labelled = LatencyModel.Csv(2000, seed: 7).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var labels = s_dir.File($"labels-{Guid.NewGuid():N}.csv", string.Join('\n', ["Id,LatencyMs", .. labelled.Skip(1).Take(500).Select(r => $"{r.Split(',')[0]},{r.Split(',')[4]}")]) + "\n");
        var gate = new GateItem { Metric = "RSquared", Minimum = 0.999, DefinedIn = "/p/TestModel.csproj", Line = 21 };

        var (reporter, reports) = Monitor(settings =>
        {
            settings.Data = [TestData.Csv(s_dir.File($"prod-{Guid.NewGuid():N}.csv", LatencyModel.Csv(2000, seed: 7, withLabel: false)))];
            settings.Labels = TestData.Csv(labels);
        }, [], gate);

        var failed = reporter.Errors.Single(e => e[1] == ErrorCodes.LiveGateFailed);
        StringAssert.Contains(failed[5], "on 500 production rows whose labels arrived later");
        Assert.AreEqual("21", failed[3], "at the gate's line");
        var live = Store.GetMetricHistoryAsync(RunId, "monitor.live.RSquared").GetAwaiter().GetResult();
        Assert.IsTrue(live.Count > 0 && live[^1].Value is > 0.8 and < 0.999, "the model fits the synthetic latency well, not perfectly");
        StringAssert.Contains(File.ReadAllText(Path.Combine(reports, "DRIFT_REPORT.md")), "Live metrics on 500 production rows");
    }

    [TestMethod]
    public void ThePredictionLog_IsCountedLikeAFile_AndABrokenLineIsSkippedWithItsLine()
    {
        var rows = LatencyModel.Csv(1500, seed: 8, cpuShift: 20, withLabel: false).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(r => r.Split(','))
            .Select(f => $"{{\"time\":\"2026-12-01T00:00:00Z\",\"model\":\"TestModel\",\"version\":\"1.0.0\",\"input\":{{\"Id\":\"{f[0]}\",\"Cpu\":{f[1]},\"Memory\":{f[2]},\"Region\":\"{f[3]}\"}},\"output\":{{\"score\":{f[1]}}}}}");
        var log = Path.Combine(s_dir.Path, "log-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(log);
        var foreign = "{\"time\":\"2026-12-01T00:00:00Z\",\"model\":\"Other\",\"version\":\"2.0.0\",\"input\":{\"Id\":\"x\",\"Cpu\":1},\"output\":{\"score\":1}}";
        File.WriteAllText(Path.Combine(log, "predictions-20261201T000000Z-1.jsonl"), string.Join('\n', [.. rows, foreign]) + "\n{\"time\":\"2026-12-01T00:0");

        var (reporter, _) = Monitor(settings => settings.PredictionLog = log, [new DriftGateItem { Column = DriftGateItem.AllColumns }]);

        Assert.Contains(e => e[1] == ErrorCodes.DriftDetected && e[5].Contains("'Cpu'", StringComparison.Ordinal) && e[5].Contains("1500 rows", StringComparison.Ordinal), reporter.Errors);
        Assert.DoesNotContain(e => e[5].Contains("'Memory'", StringComparison.Ordinal), reporter.Errors);
        Assert.Contains(l => l.Contains("1 records of", StringComparison.Ordinal) && l.Contains("another model's", StringComparison.Ordinal), reporter.Lines);
        Assert.Contains(l => l.Contains(ErrorCodes.PredictionLogUnreadable, StringComparison.Ordinal) && l.Contains("Line 1502", StringComparison.Ordinal), reporter.Lines);
    }

    [TestMethod]
    public void NoPublishedBundle_IsMLOPS4001()
    {
        var request = TestData.Request(s_dir.Path, s_published.TrainingData[0]);
        request.Monitor = new MonitorSettings { Bundle = Path.Combine(s_dir.Path, "nothing"), ReportDirectory = s_dir.Path };
        var reporter = new CapturedReporter();
        using var tracking = new LifecycleTracking(request, reporter.Reporter);

        var e = Assert.ThrowsExactly<Diagnostics.MlOpsException>(() => new global::Sdk.MlOps.Monitoring.Monitor(new LatencyModel(), request, reporter.Reporter).RunAsync(tracking).GetAwaiter().GetResult());
        Assert.AreEqual(ErrorCodes.MonitorBundleMissing, e.Code);
    }
}
