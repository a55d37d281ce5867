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
            var names = gate.Performance ? PerformanceProbe.Names : model.MetricNames;
            if (!names.Contains(gate.Metric, StringComparer.Ordinal))
            {
                var near = names.FirstOrDefault(m => string.Equals(m, gate.Metric, StringComparison.OrdinalIgnoreCase));
                var hint = near is not null ? $" Did you mean '{near}'?" : "";
                throw new MlOpsException(ErrorCodes.GateUnknownMetric, gate.Performance
                        ? $"MlPerformanceGate '{gate.Metric}' names no measured figure.{hint} Figures: {string.Join(", ", names)}."
                        : $"MlMetricGate '{gate.Metric}' names no metric of {model.Task}.{hint} Metrics: {string.Join(", ", names)}.",
                    gate.Definition);
            }

            if (gate.Slice is { } slice && model.Schema.Find(slice) is null)
                throw new MlOpsException(ErrorCodes.SliceInvalid,
                    $"MlMetricGate '{gate.Metric}' slices by '{slice}', which is no column of {model.InputType.Name}. Columns: {string.Join(", ", model.Schema.Columns.Select(c => c.Name))}.",
                    gate.Definition);
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

    /// <summary>How sure a regression must be before a relative gate fails on it, when the gate does not say.</summary>
    public const double DefaultConfidence = 0.95;

    /// <summary>
    /// The verdict of each gate. A relative bound compares with the champion: on the same rows when
    /// <paramref name="paired"/> has the gate's difference (the gate fails only when its whole interval is worse
    /// beyond the tolerance), else with the champion's stored test metric.
    /// </summary>
    public static IReadOnlyList<GateResult> Check(IReadOnlyList<GateItem> gates, IReadOnlyDictionary<string, double> metrics,
        IReadOnlyDictionary<string, double>? champion = null, Func<int, Statistics.PairedDifference?>? paired = null, Func<int, GateResult>? sliced = null) =>
        gates.Select((g, i) =>
        {
            if (g.Slice is not null && sliced is not null) return sliced(i);
            // A metric of the task that this trainer does not report, e.g. LogLoss of a non-calibrated binary trainer.
            if (!metrics.TryGetValue(g.Metric, out var value))
                throw new MlOpsException(ErrorCodes.GateUnknownMetric,
                    $"MlMetricGate '{g.Metric}': the model's trainer does not report this metric (it reports {string.Join(", ", metrics.Keys)}). Gate on one of those, or use a calibrated trainer.",
                    g.Definition);
            bool passed = WithinBounds(g, value);
            if (!IsRelative(g)) return new GateResult(g.Metric, g.Minimum, g.Maximum, value, passed);

            // With no champion the rule is explicit: relative bounds pass and the absolute ones decide.
            if (paired?.Invoke(i) is { } p)
            {
                // The least bad end of the interval: worse beyond the tolerance there means worse beyond it for sure.
                double leastWorse = LowerIsBetter.Contains(g.Metric) ? p.Lower : -p.Upper;
                passed &= WithinTolerance(g, leastWorse, p.Champion);
                return new GateResult(g.Metric, g.Minimum, g.Maximum, value, passed, g.MaxRegression, g.MaxRelativeRegression, p.Champion, p);
            }

            double? baseline = champion is not null && champion.TryGetValue(g.Metric, out var c) ? c : null;
            if (baseline is { } b) passed &= WithinTolerance(g, Regression(g.Metric, value, b), b);
            return new GateResult(g.Metric, g.Minimum, g.Maximum, value, passed, g.MaxRegression, g.MaxRelativeRegression, baseline);
        }).ToArray();

    /// <summary>The absolute bounds: a number within Minimum and Maximum (NaN never is).</summary>
    public static bool WithinBounds(GateItem g, double value) =>
        !double.IsNaN(value) && (g.Minimum is not { } min || value >= min) && (g.Maximum is not { } max || value <= max);

    public static bool IsRelative(GateItem g) => g.MaxRegression is not null || g.MaxRelativeRegression is not null;

    /// <summary>Whether the metric is better when higher; the direction a difference is read in.</summary>
    public static bool HigherIsBetter(string metric) => !LowerIsBetter.Contains(metric);

    private static bool WithinTolerance(GateItem g, double worse, double champion) =>
        (g.MaxRegression is not { } maxAbs || worse <= maxAbs) && (g.MaxRelativeRegression is not { } maxRel || worse <= maxRel * Math.Abs(champion));
}
