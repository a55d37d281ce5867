using ScottPlot;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// Overlaid histograms of a value in several groups of rows (positives and negatives, right and wrong), each as a
/// share of its own rows: where the groups overlap, the model cannot tell them apart.
/// </summary>
internal static class DistributionChart
{
    public static Chart Draw(string section, string id, string title, string xLabel, IReadOnlyList<(string Name, IReadOnlyList<double> Values, Color Color)> groups)
    {
        var histogram = Histogram.Of(groups.Select(g => g.Values).ToArray());
        var plot = ChartStyle.New(title, xLabel, groups.Count > 1 ? "Share of the group's rows" : "Share of the rows");
        for (var g = 0; g < groups.Count; g++)
        {
            var bars = plot.Add.Bars(Enumerable.Range(0, histogram.Bins).Select(b => new Bar
            {
                Position = histogram.Center(b),
                Value = histogram.Shares[g][b],
                Size = histogram.Width,
                FillColor = groups[g].Color.WithAlpha(groups.Count > 1 ? 0.5 : 0.8),
                LineWidth = 0,
            }).ToArray());
            if (groups.Count > 1) bars.LegendText = $"{groups[g].Name} ({ReportText.Count(groups[g].Values.Count(double.IsFinite))} rows)";
        }
        // Room above the bars for the legend, so it hides none of them.
        plot.Axes.Margins(bottom: 0, top: groups.Count > 1 ? 0.3 : 0.1);
        if (histogram.Shares.All(s => s.All(v => v == 0))) plot.Axes.SetLimits(histogram.Start, histogram.Start + histogram.Width * histogram.Bins, 0, 1);
        if (groups.Count > 1) plot.ShowLegend(Alignment.UpperCenter);
        else plot.HideLegend();
        ChartStyle.Finish(plot, groups.Select(g => g.Name));
        return PlotSvg.Render(plot, section, id, title, 560, 400);
    }
}
