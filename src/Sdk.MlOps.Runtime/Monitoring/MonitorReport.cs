using Sdk.MlOps.Profiling;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Monitoring;

/// <summary>What one monitoring run found: the report's content and the metrics' source.</summary>
internal sealed record MonitorReport(
    string Model, DateTime CheckedUtc, IReadOnlyList<string> Sources, DataProfile Reference, DriftReport Data, DriftReport? Predictions, LiveMetrics.Result? Live)
{
    public bool Passed => Data.Passed && Predictions?.Columns.All(c => !c.Drifted) != false && Live?.Gates.All(g => g.Passed) != false;
}

/// <summary>The <c>monitor.*</c> metrics of a report, stamped with the time of the check.</summary>
internal static class MonitorMetrics
{
    public static IReadOnlyList<MLflow.Metric> Of(MonitorReport report)
    {
        long now = new DateTimeOffset(report.CheckedUtc).ToUnixTimeMilliseconds();
        var columns = report.Data.Columns;
        var metrics = new List<MLflow.Metric>
        {
            new("monitor.rows", report.Data.CurrentRows, now),
            new("monitor.drifted_columns", columns.Count(c => c.Drifted), now),
            new("monitor.drifted_share", columns.Count == 0 ? 0 : (double)columns.Count(c => c.Drifted) / columns.Count, now),
            new("monitor.contracts_broken", report.Data.Contracts.Count(c => !c.Passed), now),
            new("monitor.passed", report.Passed ? 1 : 0, now),
        };
        metrics.AddRange(columns.Where(c => double.IsFinite(c.Value)).Select(c => new MLflow.Metric(TrackingKeys.Make("monitor.drift.", c.Column), c.Value, now)));
        metrics.AddRange((report.Predictions?.Columns ?? []).Where(c => double.IsFinite(c.Value)).Select(c => new MLflow.Metric(TrackingKeys.Make("monitor.prediction.", c.Column), c.Value, now)));
        if (report.Live is { } live)
        {
            metrics.Add(new("monitor.live.rows", live.Rows, now));
            metrics.AddRange(live.Metrics.Where(m => double.IsFinite(m.Value)).Select(m => new MLflow.Metric(TrackingKeys.Make("monitor.live.", m.Key), m.Value, now)));
        }
        return metrics;
    }
}
