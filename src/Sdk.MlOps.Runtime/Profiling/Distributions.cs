namespace Sdk.MlOps.Profiling;

/// <summary>
/// The two sides of a comparison as distributions: a number as its CDF on the current side's grid, where the
/// reference's CDF is its percentiles joined linearly; a category or a word as shares of the reference's values plus
/// one share for everything else.
/// </summary>
internal static class Distributions
{
    /// <summary>
    /// The reference's CDF at <paramref name="x"/>: right-continuous, linear between quantiles, a jump where
    /// quantiles tie. A number with few values (<paramref name="steps"/>) has nothing between them, so its CDF is a
    /// staircase: flat up to the next value.
    /// </summary>
    public static double Cdf(IReadOnlyList<double> quantiles, double x, bool steps = false)
    {
        int n = quantiles.Count - 1;
        if (n < 1 || x < quantiles[0]) return 0;
        if (x >= quantiles[n]) return 1;
        int k = UpperBound(quantiles, x) - 1; // the last percentile at or below x
        double low = quantiles[k], high = quantiles[k + 1];
        return (k + (!steps && high > low ? (x - low) / (high - low) : 0)) / n;
    }

    /// <summary>The first index whose value is greater than <paramref name="x"/>.</summary>
    private static int UpperBound(IReadOnlyList<double> sorted, double x)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (sorted[mid] <= x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// Shares of both sides in the bins between the reference's 5 % quantiles (ties merged) and outside its range:
    /// the histogram TFDV and Evidently compare numbers by.
    /// </summary>
    public static (double[] Reference, double[] Current) Binned(IReadOnlyList<double> quantiles, NumericAccumulator current, bool steps = false)
    {
        if (quantiles.Count < 2 || current.Values == 0) return ([1], [1]);
        var edges = Enumerable.Range(0, 21).Select(i => quantiles[i * (quantiles.Count - 1) / 20]).Distinct().ToArray();
        double CurrentAt(double x) => current.CumulativeShareAt(x);

        // One more bin in front: below the training minimum, where the reference has nothing.
        double below = (double)current.BelowGrid / current.Values;
        var reference = new double[edges.Length + 2];
        var now = new double[edges.Length + 2];
        now[0] = below;
        double refBefore = 0, curBefore = below;
        for (int b = 0; b < edges.Length; b++)
        {
            double r = Cdf(quantiles, edges[b], steps), c = CurrentAt(edges[b]);
            reference[b + 1] = r - refBefore;
            now[b + 1] = c - curBefore;
            (refBefore, curBefore) = (r, c);
        }

        reference[^1] = 1 - refBefore;
        now[^1] = 1 - curBefore;
        return (reference, now);
    }

    /// <summary>Shares of the reference's values and of everything else, on both sides, with the counts behind them.</summary>
    public static Categorical Categories(IReadOnlyList<ValueCount> referenceTop, long referenceOther, Func<string, long> currentCount, long currentTotal)
    {
        var reference = referenceTop.Select(v => (double)v.Count).Append(referenceOther).ToArray();
        var current = referenceTop.Select(v => (double)currentCount(v.Value)).ToArray();
        current = [.. current, Math.Max(0, currentTotal - current.Sum())];
        return new Categorical(reference, current);
    }

    internal sealed record Categorical(double[] ReferenceCounts, double[] CurrentCounts)
    {
        public double ReferenceTotal => ReferenceCounts.Sum();
        public double CurrentTotal => CurrentCounts.Sum();
        public double[] ReferenceShares => Shares(ReferenceCounts);
        public double[] CurrentShares => Shares(CurrentCounts);
        private static double[] Shares(double[] counts) { double t = counts.Sum(); return counts.Select(c => t == 0 ? 0 : c / t).ToArray(); }
    }
}
