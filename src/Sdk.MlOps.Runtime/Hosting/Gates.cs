using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Hosting;

/// <summary>Metric gates: checked for sense before training, against the test metrics after.</summary>
internal static class Gates
{
    /// <summary>A gate must name a metric ML.NET reports for the model's task; found before any training starts.</summary>
    public static void CheckMetricNames(ModelBase model, IEnumerable<GateItem> gates)
    {
        foreach (var gate in gates)
        {
            if (!model.MetricNames.Contains(gate.Metric, StringComparer.Ordinal))
            {
                var near = model.MetricNames.FirstOrDefault(m => string.Equals(m, gate.Metric, StringComparison.OrdinalIgnoreCase));
                var hint = near is not null ? $" Did you mean '{near}'?" : "";
                throw new MlOpsException(ErrorCodes.GateUnknownMetric,
                    $"MlMetricGate '{gate.Metric}' names no metric of {model.Task}.{hint} Metrics: {string.Join(", ", model.MetricNames)}.",
                    gate.Definition);
            }
        }
    }

    public static IReadOnlyList<GateResult> Check(IEnumerable<GateItem> gates, IReadOnlyDictionary<string, double> metrics) =>
        gates.Select(g =>
        {
            // A metric of the task that this trainer does not report, e.g. LogLoss of a non-calibrated binary trainer.
            if (!metrics.TryGetValue(g.Metric, out var value))
                throw new MlOpsException(ErrorCodes.GateUnknownMetric,
                    $"MlMetricGate '{g.Metric}': the model's trainer does not report this metric (it reports {string.Join(", ", metrics.Keys)}). Gate on one of those, or use a calibrated trainer.",
                    g.Definition);
            bool passed = !double.IsNaN(value) && (g.Minimum is not { } min || value >= min) && (g.Maximum is not { } max || value <= max);
            return new GateResult(g.Metric, g.Minimum, g.Maximum, value, passed);
        }).ToArray();
}
