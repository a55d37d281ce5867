using ScottPlot;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>Two sides' shares in the same bins, bar beside bar: the reference in grey, the compared data in colour.</summary>
internal static class ShareChart
{
    public static Chart Draw(string section, string id, string title, string xLabel,
        IReadOnlyList<string> bins, IReadOnlyList<double> reference, IReadOnlyList<double> current, bool drifted)
    {
        var plot = ChartStyle.New(title, xLabel, "share of values");
        var color = drifted ? ChartStyle.Red : ChartStyle.Blue;
        var bars = Enumerable.Range(0, bins.Count).SelectMany(i => new[]
        {
            new Bar { Position = i - 0.2, Value = reference[i], FillColor = ChartStyle.Gray, LineWidth = 0, Size = 0.4 },
            new Bar { Position = i + 0.2, Value = Math.Max(0, current[i]), FillColor = color, LineWidth = 0, Size = 0.4 },
        }).ToArray();
        plot.Add.Bars(bars);
        var labels = bins.Select(b => ReportText.Short(b)).ToArray();
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, bins.Count).Select(i => (double)i).ToArray(), labels);
        plot.Axes.Bottom.TickLabelStyle.Rotation = bins.Count > 6 ? 45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = bins.Count > 6 ? Alignment.MiddleLeft : Alignment.UpperCenter;
        double high = reference.Concat(current).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimits(-0.7, bins.Count - 0.3, 0, high + ChartStyle.Pad(0, high));
        ChartStyle.Finish(plot, labels.Append(title).Append(xLabel));
        return PlotSvg.Render(plot, section, id, title, 520, bins.Count > 6 ? 340 : 280);
    }
}
