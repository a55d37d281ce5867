using ScottPlot;
using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// Where a regression model is wrong: predicted against actual (on the line y = x when right), the residuals against
/// the prediction (a pattern there is something the model missed), and how the residuals spread.
/// </summary>
internal static class RegressionCharts
{
    /// <summary>Points drawn at most; more rows are sampled evenly (the residual histogram uses them all).</summary>
    public const int MaxPoints = 2000;

    public static IEnumerable<Chart> Draw(RegressionOutcomes outcomes, string section, Func<string> id)
    {
        var rows = Enumerable.Range(0, outcomes.Rows).Where(i => outcomes.Counted[i] && float.IsFinite(outcomes.Score[i]) && float.IsFinite(outcomes.Label[i])).ToArray();
        var shown = Curves.Spread(rows, MaxPoints);
        var note = shown.Length < rows.Length ? $" ({ReportText.Count(shown.Length)} of {ReportText.Count(rows.Length)} rows)" : "";
        double[] actual = shown.Select(i => (double)outcomes.Label[i]).ToArray(), predicted = shown.Select(i => (double)outcomes.Score[i]).ToArray();

        var title = "Predicted against actual" + note;
        var plot = ChartStyle.New(title, "Actual (label)", "Predicted (score)");
        if (shown.Length > 0)
        {
            double low = Math.Min(actual.Min(), predicted.Min()), high = Math.Max(actual.Max(), predicted.Max());
            var right = plot.Add.Line(low, low, high, high);
            right.LineColor = ChartStyle.Gray;
            right.LegendText = "y = x";
            Points(plot, actual, predicted);
            plot.ShowLegend(Alignment.UpperLeft);
        }
        ChartStyle.Finish(plot, [title]);
        yield return PlotSvg.Render(plot, section, id(), title, 560, 420);

        title = "Residuals against prediction" + note;
        plot = ChartStyle.New(title, "Predicted (score)", "Residual (actual − predicted)");
        plot.Add.HorizontalLine(0, 1, ChartStyle.Gray, LinePattern.Solid);
        if (shown.Length > 0) Points(plot, predicted, actual.Zip(predicted, (a, p) => a - p).ToArray());
        ChartStyle.Finish(plot, [title]);
        yield return PlotSvg.Render(plot, section, id(), title, 560, 420);

        var residuals = rows.Select(i => (double)outcomes.Label[i] - outcomes.Score[i]).ToArray();
        yield return DistributionChart.Draw(section, id(), "Residuals", "Residual (actual − predicted)", [("all rows", residuals, ChartStyle.Blue)]);
    }

    private static void Points(Plot plot, double[] x, double[] y)
    {
        var points = plot.Add.ScatterPoints(x, y, ChartStyle.Blue.WithAlpha(0.45));
        points.MarkerSize = 4;
    }
}
