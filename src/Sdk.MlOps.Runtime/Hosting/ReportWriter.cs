using Microsoft.ML;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Reports.Rendering;
using Sdk.MlOps.Statistics;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Hosting;

/// <summary>
/// Writes the model report of an evaluation (HTML to look at, Markdown to read in CI) beside the evaluation report in
/// obj/, from which publish puts it in the bundle; `dotnet test` also hands the Markdown to the CI's job summary.
/// </summary>
internal sealed class ReportWriter(ModelBase model, Request request, Reporter reporter)
{
    public const string HtmlName = "MODEL_REPORT.html", MarkdownName = "MODEL_REPORT.md";

    // The bundle's names already in obj/: each file links to the other by name, and the pair travels as it is.
    public string HtmlPath => Path.Combine(Folder, HtmlName);

    public string MarkdownPath => Path.Combine(Folder, MarkdownName);

    private string Folder => Path.GetDirectoryName(Path.GetFullPath(request.EvaluationReportPath))!;

    public async Task Write(LifecycleTracking tracking, MLContext ml, IDataView test, ITransformer trained, RowOutcomes? outcomes, TrainingReport training, EvaluationReport evaluation)
    {
        // The first gated ML.NET metric (a serving cost is not one), else the task's first.
        var metric = evaluation.Gates.FirstOrDefault(g => evaluation.Metrics.ContainsKey(g.Metric))?.Metric
            ?? model.MetricNames.First(evaluation.Metrics.ContainsKey);
        var importance = ColumnImportance.Compute(ml, trained, test, model.SuppliedColumns,
            scored => model.Evaluate(ml, scored)[metric], Gates.HigherIsBetter(metric), request.Seed);
        // Earlier runs only: this run is the report's own values.
        var history = await tracking.History(evaluation.Metrics.Keys.ToArray(), except: training.Run?.RunId);
        var data = new ModelReportData(request.ModelName, request.Lineage.Version, model.Task, training.Trainer, training.TrainedUtc, evaluation, outcomes)
        {
            Importance = importance,
            ImportanceMetric = metric,
            History = history,
            Slices = evaluation.Gates.SelectMany(g => (g.Slices ?? []).Select(s =>
                new SliceRow(s.Slice!.Column, s.Slice.Value, s.Slice.Rows, s.Metric, s.Value, s.Slice.Gated ? s.Passed : null))).ToArray(),
        };
        ModelReport.Write(data, HtmlPath, MarkdownPath);
        reporter.Info($"Model report: {HtmlPath}");
        // Once per pipeline: at test, not again at publish.
        if (request.Command != "publish" && StepSummary.Publish(MarkdownPath) is { Published: true } summary) reporter.Info($"Model report: {summary.Description}.");
    }
}
