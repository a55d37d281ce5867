using ScottPlot;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>Horizontal bars, one per named item, largest first from the top; tall enough for every name to be read.</summary>
internal static class BarChart
{
    public static Chart Draw(string section, string id, string title, string xLabel, IReadOnlyList<(string Name, double Value)> items,
        Color color, double? max = null)
    {
        var plot = ChartStyle.New(title, xLabel, "");
        var n = items.Count;
        var labels = items.Select(i => ReportText.Short(i.Name)).ToArray();
        var bars = plot.Add.Bars(items.Select((item, k) => new Bar
        {
            Position = n - 1 - k,
            Value = double.IsFinite(item.Value) ? item.Value : 0,
            FillColor = color,
            LineWidth = 0,
            Size = 0.7,
            Label = ReportText.Number(item.Value),
        }).ToArray());
        bars.Horizontal = true;
        bars.ValueLabelStyle.FontSize = n > 15 ? 9 : 11;
        plot.Axes.Left.SetTicks(Enumerable.Range(0, n).Select(k => (double)(n - 1 - k)).ToArray(), labels);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        var values = items.Select(i => i.Value).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        var high = max ?? Math.Max(values.Max(), 0);
        var low = Math.Min(values.Min(), 0);
        var pad = ChartStyle.Pad(low, high);
        plot.Axes.SetLimits(low - (low < 0 ? pad : 0), high + pad, -0.6, n - 0.4);
        ChartStyle.Finish(plot, labels.Append(title));
        return PlotSvg.Render(plot, section, id, title, 560, Math.Clamp(110 + 24 * n, 300, 900));
    }
}
