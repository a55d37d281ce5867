using ScottPlot;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// The confusion matrix as a heat map: one cell per (true, predicted) class with its count, coloured by the share of
/// the true class's rows it holds, so a small class reads as clearly as a large one. Sized by the number of classes,
/// so 25 classes still leave each cell room for its count.
/// </summary>
internal static class ConfusionChart
{
    public static Chart Draw(Confusion confusion, string section, string id)
    {
        var n = confusion.Classes.Count;
        var labels = confusion.Classes.Select(c => ReportText.Short(c, 24)).ToArray();
        var plot = ChartStyle.New("Confusion matrix", "Predicted class", "True class (colour: share of its rows)");
        var colormap = new ScottPlot.Colormaps.Blues();
        var fontSize = n <= 6 ? 14f : n <= 12 ? 11f : n <= 25 ? 8.5f : 0f;
        for (var t = 0; t < n; t++)
        {
            var total = confusion.RowTotal(t);
            for (var p = 0; p < n; p++)
            {
                var count = confusion.Counts[t, p];
                var share = total > 0 ? count / (double)total : 0;
                double x = p, y = n - 1 - t;
                var cell = plot.Add.Rectangle(new CoordinateRect(x - 0.5, x + 0.5, y - 0.5, y + 0.5));
                // Blues runs from dark to light: an empty cell is near white, a class all in one cell dark.
                cell.FillColor = colormap.GetColor(0.97 - 0.87 * share);
                cell.LineColor = Colors.White;
                cell.LineWidth = 1;
                if (fontSize == 0 || (count == 0 && n > 12)) continue;
                var text = plot.Add.Text(ReportText.Count(count), x, y);
                text.Alignment = Alignment.MiddleCenter;
                text.LabelFontSize = fontSize;
                text.LabelFontColor = share > 0.55 ? Colors.White : ChartStyle.Ink;
            }
        }
        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, labels);
        plot.Axes.Left.SetTicks(positions, labels.Reverse().ToArray());
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.HideGrid();
        var longest = labels.Max(l => l.Length);
        if (n > 3 || longest > 10)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = 30 + longest * 6f;
            // A label turned 45° reaches right of its column by its length: room for the last one.
            plot.Axes.Right.MinimumSize = longest * 5.5f;
        }
        ChartStyle.Finish(plot, labels);
        // Up to 8 classes it sits beside the other plots at their size; more get a row of their own, 34 px a class.
        var labelRoom = n > 3 || longest > 10 ? (int)(longest * 6.5) : 0;
        var side = n > 8 ? Math.Min(200 + 34 * n, 1100) + labelRoom : 560;
        return PlotSvg.Render(plot, section, id, "Confusion matrix", side, n > 8 ? side - 40 : 420 + labelRoom / 2, wide: n > 8);
    }
}
