using ScottPlot;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// One look for every plot: the embedded font, a light grid, a plain title, the report's colours. Reference lines
/// (chance, y = x, a gate's bound) are solid and grey or orange, never dashed: Skia's SVG writer has no dashes, and
/// says so on standard error for every dashed line it draws.
/// </summary>
internal static class ChartStyle
{
    public static readonly Color Blue = Color.FromHex("#1f77b4");
    public static readonly Color Orange = Color.FromHex("#ff7f0e");
    public static readonly Color Green = Color.FromHex("#2ca02c");
    public static readonly Color Red = Color.FromHex("#d62728");
    public static readonly Color Gray = Color.FromHex("#7f7f7f");
    public static readonly Color Ink = Color.FromHex("#222222");

    public static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, 15);
        plot.Axes.Title.Label.Bold = false;
        plot.XLabel(xLabel, 13);
        plot.YLabel(yLabel, 13);
        plot.Axes.Bottom.Label.Bold = false;
        plot.Axes.Left.Label.Bold = false;
        plot.Grid.MajorLineColor = Color.FromHex("#000000").WithAlpha(0.08);
        return plot;
    }

    /// <summary>Sets the font on every text of the plot, last, once all its texts are known.</summary>
    public static void Finish(Plot plot, IEnumerable<string> texts)
    {
        var font = ReportFont.For(texts);
        plot.Font.Set(font);
        foreach (var text in plot.GetPlottables().OfType<ScottPlot.Plottables.Text>()) text.LabelFontName = font;
    }

    /// <summary>
    /// Room around values from <paramref name="low"/> to <paramref name="high"/>: an eighth of their span, or a fixed
    /// amount when they are all one value. An axis of zero span makes ScottPlot's tick generator search forever.
    /// </summary>
    public static double Pad(double low, double high) => high - low > 1e-9 * Math.Max(1, Math.Abs(high)) ? (high - low) * 0.12 : Math.Max(Math.Abs(high) * 0.1, 0.1);
}
