using Microsoft.ML;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Profiling;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Hosting;

/// <summary>
/// Scores the test data, checks every gate, prints the table, and fails with a coded error per failed gate at its
/// line in the project. Run by the gate test application (<c>dotnet test</c>), the <c>evaluate</c> command and
/// <c>publish</c>.
/// </summary>
internal sealed class Evaluator(ModelBase model, Request request, Reporter reporter)
{
    /// <summary>The training report of the evaluated model, read once; its run is the one the evaluation went to.</summary>
    public TrainingReport Training { get; private set; } = null!;

    public async Task<EvaluationReport> RunAsync(LifecycleTracking tracking)
    {
        Gates.CheckMetricNames(model, request.Gates);
        if (!File.Exists(request.ModelPath) || !File.Exists(request.TrainingReportPath))
            throw new MlOpsException(ErrorCodes.ModelNotTrained,
                $"No trained model at '{request.ModelPath}'. Build the project first (dotnet build), or drop --no-build.",
                new SourceLocation(request.ProjectFile));

        Training = TrainingReportFile.Read(request.TrainingReportPath);
        CheckModelIsTheReported();
        CheckModelMatchesInputs();
        var ml = new MLContext(request.Seed);
        var data = PreparedData.Load(model, ml, request, reporter);
        IReadOnlyDictionary<string, double> metrics;
        ITransformer trained;
        try
        {
            trained = ml.Model.Load(request.ModelPath, out _);
            metrics = model.Evaluate(ml, trained.Transform(data.Test));
        }
        catch (Exception e) when (e is not MlOpsException)
        {
            throw new MlOpsException(ErrorCodes.EvaluationFailed,
                $"Evaluating {request.ModelName} failed: {e.GetType().Name}: {e.Message}", inner: e);
        }

        var performance = request.Gates.Any(g => g.Performance) ? MeasurePerformance(ml, data) : null;
        var gated = performance is null ? metrics : metrics.Concat(performance.ByName()).ToDictionary();
        var candidate = new CandidateRows(model, data.Test, trained);
        var sliced = SliceGatesOf(data, candidate);
        var (results, compared, championVersion) = await CheckGates(tracking, ml, data, candidate, gated, sliced);
        var report = new EvaluationReport(request.InputHash, data.TestRows, metrics, results)
        {
            ComparedRows = compared, ChampionVersion = championVersion, Performance = performance,
            // Only the bundle holds it (data-profile.json): a test run does not score the test rows once more for it.
            Predictions = request.Command == "publish" ? PredictedValues.Profile(ml, trained.Transform(data.Test), model.Task) : null,
            Drift = DriftGates.Check(request, Training, data.Test),
        };
        AtomicFile.WriteText(request.EvaluationReportPath, Json.Write(report));
        Training = await tracking.EnsureRun(Training, request.TrainingReportPath);
        if (tracking.Enabled && Training.Run is { } run) await tracking.RecordEvaluation(run, report);
        if (request.Report) await WriteReport(tracking, ml, data, trained, candidate, report);

        PrintTable(report);
        for (int i = 0; i < results.Count; i++)
        {
            if (!results[i].Passed)
                reporter.Error(ErrorCodes.GateFailed, GateFailedMessage(request.ModelName, results[i], data.TestRows), request.Gates[i].Definition);
        }

        if (report.Drift is { } drift) DriftGates.Report(reporter, request, drift);
        if (results.Count == 0 && !request.AllowUngated)
        {
            var message = $"{request.ModelName} has no MlMetricGate, so nothing decides whether it is good enough to ship. Add e.g. <MlMetricGate Include=\"{model.MetricNames[0]}\" Minimum=\"...\" />, or set MlOpsAllowUngated=true.";
            if (request.Command == "publish") reporter.Error(ErrorCodes.NoGates, message + " Publishing is refused.", new SourceLocation(request.ProjectFile));
            else reporter.Warning(ErrorCodes.NoGates, message, new SourceLocation(request.ProjectFile));
        }

        return report;
    }

    /// <summary>
    /// The gates' verdicts. Relative gates (and <c>MlOpsPromote=WhenBetter</c>) need the champion: it is scored on the
    /// test rows it never trained on, beside this model, when it can be; else its stored test metric is the baseline.
    /// </summary>
    private async Task<(IReadOnlyList<GateResult> Results, SharedRows? Compared, string? ChampionVersion)> CheckGates(
        LifecycleTracking tracking, MLContext ml, PreparedData data, CandidateRows candidate, IReadOnlyDictionary<string, double> metrics, Func<int, GateResult>? sliced)
    {
        (IReadOnlyList<GateResult>, SharedRows?, string?) WithoutChampion() => (Gates.Check(request.Gates, metrics, sliced: sliced), null, null);
        bool promoteWhenBetter = request.Tracking.Promote && request.Tracking.PromoteWhenBetter;
        if (!request.Gates.Any(Gates.IsRelative) && !promoteWhenBetter) return WithoutChampion();
        if (!tracking.Enabled)
        {
            reporter.Info("Tracking is off (MlOpsTracking=false), so there is no champion to compare with: relative gates pass by rule; the absolute bounds decide.");
            return WithoutChampion();
        }

        var folder = Directory.CreateTempSubdirectory("mlops-champion-").FullName;
        try
        {
            if (await tracking.Champion(folder) is not { } champion) return WithoutChampion();
            var wanted = request.Gates.Select(g => Gates.IsRelative(g) || promoteWhenBetter ? (g.Metric, g.Confidence ?? Gates.DefaultConfidence) : ((string, double)?)null).ToArray();
            var comparison = ChampionComparison.Run(model, ml, data.Test, data.TestFiles, candidate, champion, wanted, request.Seed);
            if (comparison.Refusal is { } why)
                reporter.Warning(ErrorCodes.ChampionNotComparable,
                    $"{request.ModelName} is not compared with its champion on the same rows: {why}. Relative gates compare with the champion's stored test metric instead, which may come from other rows.",
                    new SourceLocation(request.ProjectFile));
            else
                reporter.Info($"Compared with the champion on {comparison.Rows!.Describe()}.");
            return (Gates.Check(request.Gates, metrics, champion.Baseline.Metrics, comparison.For, sliced), comparison.Refusal is null ? comparison.Rows : null, champion.Baseline.Version);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The model report, in obj/ and on the run. A report that cannot be written is a warning: it describes the
    /// evaluation, it does not decide it.
    /// </summary>
    private async Task WriteReport(LifecycleTracking tracking, MLContext ml, PreparedData data, ITransformer trained,
        CandidateRows candidate, EvaluationReport report)
    {
        var writer = new ReportWriter(model, request, reporter);
        try
        {
            await writer.Write(tracking, ml, data.Test, trained, candidate.Rows, Training, report);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or MlOpsException))
        {
            reporter.Warning(ErrorCodes.ReportNotWritten, $"The model report of {request.ModelName} could not be written: {e.GetType().Name}: {e.Message}. The gates are not affected.");
            return;
        }

        if (tracking.Enabled && Training.Run is { } run)
        {
            await tracking.AttachFile(run, writer.HtmlPath);
            await tracking.AttachFile(run, writer.MarkdownPath);
        }
    }

    /// <summary>The slice gates' verdicts, by gate index, computed from the model's per-row outcomes; null without slice gates.</summary>
    private Func<int, GateResult>? SliceGatesOf(PreparedData data, CandidateRows candidate)
    {
        if (!request.Gates.Any(g => g.Slice is not null)) return null;
        var outcomes = candidate.Rows ?? throw new MlOpsException(ErrorCodes.EvaluationFailed,
            $"Evaluating {request.ModelName} failed: its scores could not be read per row for the slice gates ({candidate.Problem}).");
        var results = request.Gates.Select(g => g.Slice is { } column
            ? SliceGates.Check(g, SliceGates.Values(data.Test, model.Schema.Find(column)!.Name), outcomes)
            : null).ToArray();
        return i => results[i]!;
    }

    private PerformanceReport MeasurePerformance(MLContext ml, PreparedData data)
    {
        reporter.Info($"Measuring what serving {request.ModelName} costs (latency, throughput, memory, load time)...");
        try
        {
            var p = PerformanceProbe.Measure(model, ml, request.ModelPath, data.Test);
            reporter.Info($"Serving {request.ModelName}: {p.Describe()}");
            return p;
        }
        catch (Exception e) when (e is not MlOpsException)
        {
            throw new MlOpsException(ErrorCodes.EvaluationFailed, $"Measuring what serving {request.ModelName} costs failed: {e.GetType().Name}: {e.Message}", inner: e);
        }
    }

    /// <summary>A model is only ever tested or published once its bytes are the ones its training report names.</summary>
    private void CheckModelIsTheReported()
    {
        if (Training.ModelSha256 is { } expected && Sha256.Of(request.ModelPath) == expected) return;
        throw new MlOpsException(ErrorCodes.ModelMismatch,
            $"The model {Path.GetFileName(request.ModelPath)} is not the one its training report {Path.GetFileName(request.TrainingReportPath)} names (its SHA-256 differs): it was replaced, or its training was interrupted. Build the project to repair it.",
            new SourceLocation(request.ProjectFile));
    }

    /// <summary>The text of MLOPS3004, the same in an MSBuild error and in a failed gate test.</summary>
    public static string GateFailedMessage(string modelName, GateResult r, int testRows) =>
        $"Gate {r.Metric} {r.Bound} failed: {modelName} scores "
        + (r.Slices is { } slices ? SlicesFailed(r, slices) : $"{GateResult.Format(r.Value)} on {testRows} test rows")
        + (r.Paired is { } p ? $", {GateResult.Format(p.Candidate)} against the champion's {GateResult.Format(p.Champion)} {r.Comparison}" : "")
        + ". Improve the model or its data, or revise the gate.";

    private static string SlicesFailed(GateResult r, IReadOnlyList<GateResult> slices)
    {
        var failed = slices.Where(s => !s.Passed).Select(s => $"{GateResult.Format(s.Value)} in {s.Slice!.Column}={s.Slice.Value} ({s.Slice.Rows} rows)").ToArray();
        var parts = new List<string>();
        if (failed.Length > 0) parts.Add(string.Join(", ", failed));
        if (r.MaxSliceGap is { } max && r.SliceGap > max) parts.Add($"the slices are {GateResult.Format(r.SliceGap.Value)} apart, more than {GateResult.Format(max)}");
        return string.Join("; ", parts);
    }

    /// <summary>
    /// With --no-build the model may come from other inputs than the current ones. Testing it is still useful;
    /// publishing it would ship a model whose gates were checked against data it was not trained for.
    /// </summary>
    private void CheckModelMatchesInputs()
    {
        if (Training.InputHash == request.InputHash) return;
        var message = $"{request.ModelName} was trained from other inputs than the current ones (data, parameters, code or versions changed since). Build the project to retrain it.";
        if (request.Command == "publish") throw new MlOpsException(ErrorCodes.ModelStale, message + " Publishing is refused.", new SourceLocation(request.ProjectFile));
        reporter.Warning(ErrorCodes.ModelStale, message + " It is evaluated as it is.", new SourceLocation(request.ProjectFile));
    }

    private void PrintTable(EvaluationReport report)
    {
        reporter.Info($"Evaluated {request.ModelName} on {report.TestRows} test rows: {Trainer.Summary(report.Metrics, model.Task)}");
        if (report.Gates.Count == 0) return;
        // One line per gate, one more per slice (indented under its gate), and the champion comparison under its gate.
        var rows = report.Gates.SelectMany(g => (IEnumerable<(string First, GateResult Result, string Verdict)>)
            [
                (g.Metric, g, g.Passed ? "passed" : "FAILED"),
                .. (g.Slices ?? []).Select(s => ($"  {s.Slice!.Column}={s.Slice.Value} ({s.Slice.Rows} rows)", s,
                    !s.Slice.Gated ? $"not gated ({s.Slice.Rows} rows < {g.MinimumSliceRows})" : s.Passed ? "passed" : "FAILED")),
            ]).ToArray();
        int width = Math.Max(6, rows.Max(r => r.First.Length));
        int boundWidth = Math.Max(22, rows.Max(r => r.Result.Bound.Length));
        int valueWidth = Math.Max(10, rows.Max(r => GateResult.Format(r.Result.Value).Length));
        reporter.Info($"  {"Gate".PadRight(width)}  {"Value".PadLeft(valueWidth)}  {"Bound".PadRight(boundWidth)}  Verdict");
        foreach (var (first, result, verdict) in rows)
        {
            reporter.Info($"  {first.PadRight(width)}  {GateResult.Format(result.Value).PadLeft(valueWidth)}  {result.Bound.PadRight(boundWidth)}  {verdict}");
            if (result.Comparison.Length > 0) reporter.Info($"  {"".PadRight(width)}  {result.Comparison}");
        }
    }
}
