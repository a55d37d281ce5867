using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.MLflow;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>
/// MlPerformanceGate: what serving the model costs is measured, gated, printed, and recorded in the manifest, the
/// model card and the MLflow run. One regression model is trained and published for the class.
/// </summary>
[TestClass]
public sealed class PerformanceGateTests
{
    public sealed class Load
    {
        [LoadColumn(0)] public float Hosts { get; set; }
        [LoadColumn(1)] public float Severity { get; set; }
        [LoadColumn(2)] public float Minutes { get; set; }
    }

    public sealed class ResolutionTime : RegressionModel<Load>
    {
        public override string LabelColumn => nameof(Load.Minutes);

        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
            ml.Transforms.Concatenate("Features", nameof(Load.Hosts), nameof(Load.Severity))
                .Append(ml.Regression.Trainers.Sdca(new() { NumberOfThreads = 1 }));
    }

    private static TempDirectory s_dir = null!;
    private static Request s_request = null!;
    private static string[] s_lines = null!;

    [ClassInitialize]
    public static void PublishOnce(TestContext context)
    {
        s_dir = new TempDirectory();
        var random = new Random(5);
        var rows = Enumerable.Range(0, 600).Select(_ => (h: random.Next(1, 50), s: random.Next(1, 5)))
            .Select(r => $"{r.h},{r.s},{(10 + 2 * r.h + 15 * r.s + random.NextDouble() * 5).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}");
        var data = s_dir.File("incidents.csv", "Hosts,Severity,Minutes\n" + string.Join('\n', rows) + "\n");
        s_request = TestData.Request(Path.Combine(s_dir.Path, "out"), TestData.Csv(data));
        s_request.Command = "publish";
        s_request.Report = true;
        s_request.PublishDirectory = Path.Combine(s_dir.Path, "publish");
        s_request.Gates =
        [
            new() { Metric = "RSquared", Minimum = 0.5, DefinedIn = "/p/TestModel.csproj", Line = 10 },
            new() { Metric = PerformanceProbe.LatencyP99, Maximum = 1000, Performance = true, DefinedIn = "/p/TestModel.csproj", Line = 11 },
            new() { Metric = PerformanceProbe.ModelSize, Maximum = 100, Performance = true, DefinedIn = "/p/TestModel.csproj", Line = 12 },
            new() { Metric = PerformanceProbe.Throughput, Minimum = 1, Performance = true, DefinedIn = "/p/TestModel.csproj", Line = 13 },
        ];
        var reporter = new CapturedReporter();
        Stages.Train(new ResolutionTime(), s_request, reporter.Reporter);
        Stages.Publish(new ResolutionTime(), s_request, reporter.Reporter);
        s_lines = reporter.Lines;
    }

    [ClassCleanup]
    public static void DeleteFiles() => s_dir?.Dispose();

    [TestMethod]
    public void TheFiguresAreMeasured_AndOrdered()
    {
        var p = Json.Read<EvaluationReport>(s_request.EvaluationReportPath).Performance!;

        Assert.IsGreaterThan(0.0, p.LatencyP50Ms);
        Assert.IsTrue(p.LatencyP50Ms <= p.LatencyP95Ms && p.LatencyP95Ms <= p.LatencyP99Ms, $"{p.LatencyP50Ms} {p.LatencyP95Ms} {p.LatencyP99Ms}");
        Assert.IsGreaterThanOrEqualTo(200, p.LatencyPredictions);
        Assert.IsGreaterThan(0.0, p.ThroughputRowsPerSecond);
        Assert.IsGreaterThanOrEqualTo(120, p.ThroughputRows, "at least one pass over the 120 test rows");
        Assert.AreEqual(new FileInfo(s_request.ModelPath).Length / 1048576.0, p.ModelSizeMB, 1e-9);
        Assert.IsGreaterThan(10.0, p.PeakMemoryMB, "a .NET process with ML.NET loaded");
        Assert.IsGreaterThan(0.0, p.LoadTimeMs);
    }

    [TestMethod]
    public void TheGateTablePrintsThePerformanceGates()
    {
        Assert.Contains(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"LatencyP99Ms\s+[\d.]+\s+≤ 1000\s+passed"), s_lines);
        Assert.Contains(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"ModelSizeMB\s+[\d.]+\s+≤ 100\s+passed"), s_lines);
        Assert.Contains(l => l.Contains("Serving TestModel: latency p50", StringComparison.Ordinal), s_lines);
    }

    [TestMethod]
    public void TheManifestAndTheModelCardRecordThem()
    {
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_request.PublishDirectory!, "mlops-manifest.json"))).RootElement;
        var performance = manifest.GetProperty("performance");
        Assert.IsGreaterThan(0.0, performance.GetProperty("latencyP99Ms").GetDouble());
        Assert.IsGreaterThan(0.0, performance.GetProperty("modelSizeMB").GetDouble());
        Assert.IsTrue(manifest.GetProperty("gates").EnumerateArray().Any(g => g.GetProperty("metric").GetString() == PerformanceProbe.LatencyP99 && g.GetProperty("passed").GetBoolean()));

        var html = File.ReadAllText(Path.Combine(s_request.PublishDirectory!, "MODEL_REPORT.html"));
        Assert.Contains("<svg", html, "the bundle's report has its plots");
        Assert.Contains("LatencyP99Ms", File.ReadAllText(Path.Combine(s_request.PublishDirectory!, "MODEL_REPORT.md")));
        var card = File.ReadAllText(Path.Combine(s_request.PublishDirectory!, "MODEL_CARD.md"));
        Assert.Contains("## Serving cost", card);
        Assert.Contains("| Latency, one row (p50 / p95 / p99) |", card);
    }

    [TestMethod]
    public async Task TheMlflowRunRecordsThem()
    {
        var store = new FileStore(s_request.Tracking.LocalStore!);
        var report = Json.Read<TrainingReport>(s_request.TrainingReportPath);
        var run = await store.GetRunAsync(report.Run!.RunId);

        var metrics = run.Data.Metrics.ToDictionary(m => m.Key, m => m.Value);
        Assert.IsGreaterThan(0.0, metrics["perf." + PerformanceProbe.LatencyP99]);
        Assert.IsGreaterThan(0.0, metrics["perf." + PerformanceProbe.ModelSize]);
        Assert.IsTrue(metrics.ContainsKey("perf." + PerformanceProbe.PeakMemory));
        var artifacts = (await store.ListArtifactsAsync(run.Info.RunId, "")).Select(a => a.Path).ToArray();
        CollectionAssert.IsSubsetOf(new[] { "MODEL_REPORT.html", "MODEL_REPORT.md" }, artifacts, "the report is on the run");
    }

    [TestMethod]
    public void AModelTooLargeForItsGate_FailsIt_AtTheGatesLine()
    {
        var request = Clone(s_request);
        request.Command = "evaluate";
        request.Gates = [new() { Metric = PerformanceProbe.ModelSize, Maximum = 0.000001, Performance = true, DefinedIn = "/p/TestModel.csproj", Line = 14 }];
        var reporter = new CapturedReporter();

        var report = Stages.Evaluate(new ResolutionTime(), request, reporter.Reporter);

        Assert.IsFalse(report.Passed);
        var error = reporter.Errors.Single();
        Assert.AreEqual(ErrorCodes.GateFailed, error[1]);
        Assert.AreEqual("14", error[3]);
        Assert.Contains("Gate ModelSizeMB ≤ 0", error[5]);
    }

    [TestMethod]
    public void AnUnknownFigure_IsMlops3001_NamingTheFigures()
    {
        var request = Clone(s_request);
        request.Gates = [new() { Metric = "LatencyP99", Maximum = 5, Performance = true, DefinedIn = "/p/TestModel.csproj", Line = 15 }];

        var e = Assert.ThrowsExactly<MlOpsException>(() => Gates.CheckMetricNames(new ResolutionTime(), request.Gates));

        Assert.AreEqual(ErrorCodes.GateUnknownMetric, e.Code);
        Assert.Contains("MlPerformanceGate 'LatencyP99' names no measured figure", e.Message);
        Assert.Contains("LatencyP99Ms", e.Message);
    }

    private static Request Clone(Request request) =>
        JsonSerializer.Deserialize<Request>(JsonSerializer.Serialize(request, RequestJsonOptions), RequestJsonOptions)!;

    private static readonly JsonSerializerOptions RequestJsonOptions = new(JsonSerializerDefaults.Web);
}
