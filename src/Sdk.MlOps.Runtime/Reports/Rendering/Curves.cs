using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// The points of the ROC and precision–recall curves, walking the counted rows by descending score, rows of equal
/// score taken together (one threshold between runs of ties). Thinned to a few hundred points: a curve of a million
/// rows looks the same and stays small in the page.
/// </summary>
internal static class Curves
{
    private const double Step = 0.002;

    /// <summary>(false positive rate, true positive rate) from (0, 0) to (1, 1); empty without a positive and a negative row.</summary>
    public static (double[] X, double[] Y) Roc(BinaryOutcomes outcomes)
    {
        var (positives, negatives, runs) = Runs(outcomes);
        if (positives == 0 || negatives == 0) return ([], []);
        var points = new List<(double, double)> { (0, 0) };
        long tp = 0, fp = 0;
        foreach (var (p, n) in runs)
        {
            tp += p;
            fp += n;
            points.Add((fp / (double)negatives, tp / (double)positives));
        }
        return Thin(points);
    }

    /// <summary>(recall, precision), one point per threshold; empty without a positive row.</summary>
    public static (double[] X, double[] Y) PrecisionRecall(BinaryOutcomes outcomes)
    {
        var (positives, _, runs) = Runs(outcomes);
        if (positives == 0) return ([], []);
        var points = new List<(double, double)>();
        long tp = 0, fp = 0;
        foreach (var (p, n) in runs)
        {
            tp += p;
            fp += n;
            points.Add((tp / (double)positives, tp / (double)(tp + fp)));
        }
        return Thin(points);
    }

    /// <summary>Per run of equal scores, highest first: its positive and negative rows.</summary>
    private static (long Positives, long Negatives, List<(long P, long N)> Runs) Runs(BinaryOutcomes outcomes)
    {
        // ML.NET counts no row without a finite score; NaN would also never equal itself and end no run.
        var rows = Enumerable.Range(0, outcomes.Rows).Where(i => outcomes.Counted[i] && float.IsFinite(outcomes.Score[i]))
            .OrderByDescending(i => outcomes.Score[i]).ToArray();
        var runs = new List<(long, long)>();
        long positives = 0, negatives = 0;
        for (var j = 0; j < rows.Length;)
        {
            long p = 0, n = 0;
            var score = outcomes.Score[rows[j]];
            do
            {
                if (outcomes.Positive[rows[j]]) p++; else n++;
                j++;
            }
            while (j < rows.Length && outcomes.Score[rows[j]] == score);
            runs.Add((p, n));
            positives += p;
            negatives += n;
        }
        return (positives, negatives, runs);
    }

    /// <summary>Keeps a point when it moved a visible step from the last kept one; always the first and the last.</summary>
    private static (double[] X, double[] Y) Thin(List<(double X, double Y)> points)
    {
        var kept = new List<(double X, double Y)>();
        for (var i = 0; i < points.Count; i++)
        {
            var (x, y) = points[i];
            if (i == 0 || i == points.Count - 1 || Math.Abs(x - kept[^1].X) >= Step || Math.Abs(y - kept[^1].Y) >= Step) kept.Add((x, y));
        }
        return (kept.Select(p => p.X).ToArray(), kept.Select(p => p.Y).ToArray());
    }

    /// <summary>At most <paramref name="max"/> of the indexes, evenly spread: a scatter of every row of a big test set is a blot, and heavy.</summary>
    public static int[] Spread(IReadOnlyList<int> rows, int max)
    {
        if (rows.Count <= max) return [.. rows];
        return Enumerable.Range(0, max).Select(k => rows[(int)((long)k * rows.Count / max)]).ToArray();
    }
}
