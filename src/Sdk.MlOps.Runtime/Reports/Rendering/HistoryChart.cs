using ScottPlot;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// A metric over the experiment's runs, oldest to newest, this run last and marked, the gate's bounds drawn: whether
/// the model is getting better, and how close it runs to its gate. Runs are evenly spaced and named by version (by
/// date without one): a run is a step, whatever the days between.
/// </summary>
internal static class HistoryChart
{
    public static Chart Draw(string section, string id, string metric, IReadOnlyList<MetricHistoryPoint> points, double? current, IEnumerable<GateResult> gates)
    {
        var title = $"{metric} over the runs";
        var plot = ChartStyle.New(title, "Run", metric);
        var ordered = points.OrderBy(p => p.Utc).ToArray();
        var labels = ordered.Select(p => p.Version is { } v ? "v" + v : p.Utc.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var earlier = plot.Add.ScatterLine(Enumerable.Range(0, ordered.Length).Select(i => (double)i).ToArray(), ordered.Select(p => p.Value).ToArray(), ChartStyle.Blue);
        earlier.MarkerSize = 7;
        earlier.LineWidth = 1.5f;
        earlier.LegendText = "earlier runs";
        if (current is { } value && double.IsFinite(value))
        {
            var now = plot.Add.Marker(ordered.Length, value, MarkerShape.FilledDiamond, 14, ChartStyle.Red);
            now.LegendText = $"this run: {ReportText.Number(value)}";
            labels.Add("this run");
        }
        var bounds = gates.ToArray();
        foreach (var gate in bounds)
        {
            foreach (var (bound, word) in new[] { (gate.Minimum, "minimum"), (gate.Maximum, "maximum") })
            {
                if (bound is not { } b) continue;
                var line = plot.Add.HorizontalLine(b, 1.5f, ChartStyle.Orange, LinePattern.Solid);
                line.LegendText = $"gate {word} {ReportText.Number(b)}";
            }
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray(), [.. labels]);
        var shown = ordered.Select(p => p.Value).Append(current ?? double.NaN)
            .Concat(bounds.SelectMany(g => new[] { g.Minimum ?? double.NaN, g.Maximum ?? double.NaN })).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        double low = shown.Min(), high = shown.Max(), pad = ChartStyle.Pad(low, high);
        plot.Axes.SetLimits(-0.5, labels.Count - 0.5, low - pad, high + pad);
        // Below the plot, not on it: a legend inside would hide the first runs.
        plot.ShowLegend(Edge.Bottom);
        ChartStyle.Finish(plot, labels.Append(title));
        return PlotSvg.Render(plot, section, id, title, 560, 420);
    }
}
