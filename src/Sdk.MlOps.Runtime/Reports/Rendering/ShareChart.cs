using ScottPlot;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>Two sides' shares in the same bins, bar beside bar: the reference in grey, the compared data in colour.</summary>
internal static class ShareChart
{
    public static Chart Draw(string section, string id, string title, string xLabel,
        IReadOnlyList<string> bins, IReadOnlyList<double> reference, IReadOnlyList<double> current, bool drifted)
    {
        // Slanted bin names need the room under the axis; their meaning then goes in the title's line.
        bool slanted = bins.Count > 6;
        var plot = ChartStyle.New(title, slanted ? "" : xLabel, "share of values");
        var color = drifted ? ChartStyle.Red : ChartStyle.Blue;
        var bars = Enumerable.Range(0, bins.Count).SelectMany(i => new[]
        {
            new Bar { Position = i - 0.2, Value = reference[i], FillColor = ChartStyle.Gray, LineWidth = 0, Size = 0.4 },
            new Bar { Position = i + 0.2, Value = Math.Max(0, current[i]), FillColor = color, LineWidth = 0, Size = 0.4 },
        }).ToArray();
        plot.Add.Bars(bars);
        var labels = bins.Select(b => ReportText.Short(b)).ToArray();
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, bins.Count).Select(i => (double)i).ToArray(), labels);
        plot.Axes.Bottom.TickLabelStyle.Rotation = slanted ? 45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = slanted ? Alignment.MiddleLeft : Alignment.UpperCenter;
        double high = reference.Concat(current).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimits(-0.7, bins.Count - 0.3, 0, high + ChartStyle.Pad(0, high));
        ChartStyle.Finish(plot, labels.Append(title).Append(xLabel));
        return PlotSvg.Render(plot, section, id, slanted ? $"{title} ({xLabel})" : title, 520, slanted ? 340 : 280);
    }
}
