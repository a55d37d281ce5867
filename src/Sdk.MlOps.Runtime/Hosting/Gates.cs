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

    /// <summary>Metrics where less is better; for all others more is better.</summary>
    private static readonly HashSet<string> LowerIsBetter = new(StringComparer.Ordinal)
        { "LogLoss", "MeanAbsoluteError", "MeanSquaredError", "RootMeanSquaredError", "LossFunction" };

    /// <summary>
    /// How much worse <paramref name="value"/> is than <paramref name="champion"/> (positive = worse), in the
    /// metric's unit, whichever direction is better for it.
    /// </summary>
    public static double Regression(string metric, double value, double champion) =>
        LowerIsBetter.Contains(metric) ? value - champion : champion - value;

    public static IReadOnlyList<GateResult> Check(IEnumerable<GateItem> gates, IReadOnlyDictionary<string, double> metrics, IReadOnlyDictionary<string, double>? champion = null) =>
        gates.Select(g =>
        {
            // A metric of the task that this trainer does not report, e.g. LogLoss of a non-calibrated binary trainer.
            if (!metrics.TryGetValue(g.Metric, out var value))
                throw new MlOpsException(ErrorCodes.GateUnknownMetric,
                    $"MlMetricGate '{g.Metric}': the model's trainer does not report this metric (it reports {string.Join(", ", metrics.Keys)}). Gate on one of those, or use a calibrated trainer.",
                    g.Definition);
            bool passed = !double.IsNaN(value) && (g.Minimum is not { } min || value >= min) && (g.Maximum is not { } max || value <= max);
            double? baseline = champion is not null && champion.TryGetValue(g.Metric, out var c) ? c : null;
            if (baseline is { } b && (g.MaxRegression is not null || g.MaxRelativeRegression is not null))
            {
                // With no champion the rule is explicit: relative bounds pass and the absolute ones decide.
                double worse = Regression(g.Metric, value, b);
                passed &= g.MaxRegression is not { } maxAbs || worse <= maxAbs;
                passed &= g.MaxRelativeRegression is not { } maxRel || worse <= maxRel * Math.Abs(b);
            }

            return new GateResult(g.Metric, g.Minimum, g.Maximum, value, passed, g.MaxRegression, g.MaxRelativeRegression, baseline);
        }).ToArray();
}
