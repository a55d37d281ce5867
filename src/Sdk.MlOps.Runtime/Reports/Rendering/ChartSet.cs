using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// The plots of a report, by what the data holds: the task's plots from the candidate's per-row outcomes, then
/// permutation importance and metric history when given. Drawing is the one part that needs a native library; when
/// it fails the report keeps its tables and says why it has no plots.
/// </summary>
internal static class ChartSet
{
    /// <summary>At most this many metrics get a history chart: the gated ones first.</summary>
    public const int MaxHistoryCharts = 4;

    /// <summary>
    /// How long drawing may take before the report is written without plots. Drawing takes well under a second; the
    /// budget is a guard against a plotting library that loops on data it did not expect, which must not hang the
    /// test run whose report this is (the drawing thread is then left to end with the process).
    /// </summary>
    public static readonly TimeSpan Budget = TimeSpan.FromMinutes(2);

    public static (IReadOnlyList<Chart> Charts, string? Problem) For(ModelReportData data)
    {
        var drawing = Task.Run(() => Draw(data).ToArray());
        try
        {
            return drawing.Wait(Budget) ? (drawing.Result, null)
                : ([], $"The plots were given up after {Budget.TotalMinutes:0} minutes of drawing; the tables hold the figures.");
        }
        catch (AggregateException e) when (e.InnerException is { } inner and not OutOfMemoryException)
        {
            return ([], $"The plots could not be drawn ({inner.GetType().Name}: {inner.Message}); the tables hold the figures.");
        }
    }

    private static IEnumerable<Chart> Draw(ModelReportData data)
    {
        var next = 0;
        string Id() => "plot" + (++next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        const string outcomes = ReportContent.Outcomes;

        switch (data.Outcomes)
        {
            case BinaryOutcomes { Task: ModelTask.AnomalyDetection } anomaly:
                yield return DistributionChart.Draw(outcomes, Id(), "Scores of anomalies and normal rows", "Score (higher is more anomalous)",
                    [("normal", Scores(anomaly, positive: false), ChartStyle.Blue), ("anomaly", Scores(anomaly, positive: true), ChartStyle.Red)]);
                yield return CurveCharts.Roc(anomaly, outcomes, Id(), "anomalies");
                break;
            case BinaryOutcomes binary:
                yield return ConfusionChart.Draw(Confusion.From(binary)!, outcomes, Id());
                yield return CurveCharts.Roc(binary, outcomes, Id(), "positives");
                yield return CurveCharts.PrecisionRecall(binary, outcomes, Id());
                yield return DistributionChart.Draw(outcomes, Id(), "Scores of positive and negative rows", "Score (above 0: predicted positive)",
                    [("negative", Scores(binary, positive: false), ChartStyle.Blue), ("positive", Scores(binary, positive: true), ChartStyle.Orange)]);
                break;
            case MulticlassOutcomes multiclass:
                var confusion = Confusion.From(multiclass)!;
                if (confusion.Classes.Count > 0) yield return ConfusionChart.Draw(confusion, outcomes, Id());
                var counted = Enumerable.Range(0, multiclass.Rows).Where(i => multiclass.Counted[i] && multiclass.IsScored(i)).ToArray();
                yield return DistributionChart.Draw(outcomes, Id(), "Probability given to the true class", "Score of the true class",
                [
                    ("predicted right", counted.Where(multiclass.IsRight).Select(i => (double)multiclass.TrueClassProbability[i]).ToArray(), ChartStyle.Green),
                    ("predicted wrong", counted.Where(i => !multiclass.IsRight(i)).Select(i => (double)multiclass.TrueClassProbability[i]).ToArray(), ChartStyle.Red),
                ]);
                var present = Enumerable.Range(0, confusion.Classes.Count).Where(c => confusion.RowTotal(c) > 0).ToArray();
                if (present.Length > 0)
                    yield return BarChart.Draw(outcomes, Id(), "Recall per class", "Share of the class's rows predicted as it",
                        present.Select(c => (confusion.Classes[c], confusion.Recall(c))).OrderByDescending(r => r.Item2).ToArray(), ChartStyle.Green, max: 1);
                break;
            case RegressionOutcomes regression:
                foreach (var chart in RegressionCharts.Draw(regression, outcomes, Id)) yield return chart;
                break;
        }

        if (data.Importance is { Count: > 0 } importance)
            yield return BarChart.Draw(ReportContent.Importance, Id(), "Permutation importance",
                $"Drop in {data.ImportanceMetric ?? "the metric"} when the column is shuffled",
                importance.OrderByDescending(i => i.Drop).Take(30).Select(i => (i.Column, i.Drop)).ToArray(), ChartStyle.Blue);

        if (data.History is { Count: > 0 } history)
        {
            var gated = data.Evaluation.Gates.Select(g => g.Metric).ToHashSet(StringComparer.Ordinal);
            var metrics = history.Select(h => h.Metric).Distinct(StringComparer.Ordinal)
                .OrderBy(m => gated.Contains(m) ? 0 : 1).ThenBy(m => m, StringComparer.Ordinal).Take(MaxHistoryCharts);
            foreach (var metric in metrics)
                yield return HistoryChart.Draw(ReportContent.History, Id(), metric, history.Where(h => h.Metric == metric).ToArray(),
                    data.Evaluation.Metrics.TryGetValue(metric, out var value) ? value : null, data.Evaluation.Gates.Where(g => g.Metric == metric));
        }
    }

    private static double[] Scores(BinaryOutcomes outcomes, bool positive) =>
        Enumerable.Range(0, outcomes.Rows).Where(i => outcomes.Counted[i] && outcomes.Positive[i] == positive).Select(i => (double)outcomes.Score[i]).ToArray();
}
