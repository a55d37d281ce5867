using ScottPlot;
using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>The ROC and precision–recall curves of a binary score, their areas in the titles as ML.NET computes them.</summary>
internal static class CurveCharts
{
    public static Chart Roc(BinaryOutcomes outcomes, string section, string id, string positive)
    {
        var auc = new RocArea(outcomes).Compute(Ones(outcomes.Rows));
        var title = $"ROC curve — AUC {ReportText.Number(auc)}";
        var plot = ChartStyle.New(title, "False positive rate", $"True positive rate (recall of {positive})");
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LineColor = ChartStyle.Gray;
        chance.LegendText = "chance";
        var (x, y) = Curves.Roc(outcomes);
        if (x.Length > 0)
        {
            var curve = plot.Add.ScatterLine(x, y, ChartStyle.Blue);
            curve.LineWidth = 2;
            curve.LegendText = "model";
        }
        plot.Axes.SetLimits(-0.01, 1.01, -0.01, 1.01);
        plot.ShowLegend(Alignment.LowerRight);
        ChartStyle.Finish(plot, [title, positive]);
        return PlotSvg.Render(plot, section, id, title, 560, 420);
    }

    public static Chart PrecisionRecall(BinaryOutcomes outcomes, string section, string id)
    {
        var area = PrecisionRecallArea.For(outcomes)?.Compute(Ones(outcomes.Rows));
        var title = "Precision–recall curve" + (area is { } a ? $" — area {ReportText.Number(a)}" : "");
        var plot = ChartStyle.New(title, "Recall", "Precision");
        var counted = Enumerable.Range(0, outcomes.Rows).Where(i => outcomes.Counted[i]).ToArray();
        if (counted.Length > 0)
        {
            var rate = counted.Count(i => outcomes.Positive[i]) / (double)counted.Length;
            var guess = plot.Add.HorizontalLine(rate, 1, ChartStyle.Gray, LinePattern.Solid);
            guess.LegendText = $"guessing ({ReportText.Percent(rate)} positive)";
        }
        var (x, y) = Curves.PrecisionRecall(outcomes);
        if (x.Length > 0)
        {
            var curve = plot.Add.ScatterLine(x, y, ChartStyle.Orange);
            curve.LineWidth = 2;
            curve.LegendText = "model";
        }
        plot.Axes.SetLimits(-0.01, 1.01, -0.01, 1.01);
        plot.ShowLegend(Alignment.LowerLeft);
        ChartStyle.Finish(plot, [title]);
        return PlotSvg.Render(plot, section, id, title, 560, 420);
    }

    private static int[] Ones(int rows) => Enumerable.Repeat(1, rows).ToArray();
}
