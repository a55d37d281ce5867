using Sdk.MlOps.MLflow;
using Sdk.MlOps.Reports.Rendering;

namespace Sdk.MlOps.Tracking;

/// <summary>The test metrics of the experiment's latest runs, for the report's history chart.</summary>
internal static class MetricHistory
{
    public const int Runs = 50;

    /// <summary>The points of the latest runs but <paramref name="except"/> (the run being reported on).</summary>
    public static async Task<IReadOnlyList<MetricHistoryPoint>> Load(ITrackingStore store, string experimentName, IReadOnlyCollection<string> metrics, string? except = null, CancellationToken ct = default)
    {
        if (await store.GetExperimentByNameAsync(experimentName, ct) is not { } experiment) return [];
        var runs = await store.SearchRunsAsync([experiment.ExperimentId], null, Runs, ["attributes.start_time DESC"], null, ct);
        return runs.Items
            .Where(run => run.Info.RunId != except)
            .SelectMany(run => run.Data.Metrics
                .Where(m => m.Key.StartsWith("test.", StringComparison.Ordinal) && metrics.Contains(m.Key["test.".Length..]))
                .Select(m => new MetricHistoryPoint(
                    DateTimeOffset.FromUnixTimeMilliseconds(run.Info.StartTime).UtcDateTime,
                    run.Data.Tags.TryGetValue("mlops.version", out var version) ? version : null,
                    m.Key["test.".Length..], m.Value)))
            .ToArray();
    }
}
