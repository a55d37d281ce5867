using MathNet.Numerics.Distributions;

namespace Sdk.MlOps.Profiling;

/// <summary>
/// The statistics of <see cref="DriftMethod"/>, on a reference profile and the counts of the current data. Distances
/// are the ones Evidently computes (scipy's definitions); the tests' p-values are asymptotic.
/// </summary>
internal static class DriftStatistics
{
    /// <summary>Evidently's floor of a share in PSI, so an empty bin does not make it infinite.</summary>
    private const double PsiFloor = 1e-4;
    /// <summary>Evidently's floor of the standard deviation the Wasserstein distance is normed by.</summary>
    private const double NormFloor = 0.001;

    public static double Compute(DriftMethod method, ColumnProfile reference, ColumnAccumulator current) => method switch
    {
        DriftMethod.KolmogorovSmirnov => KolmogorovSmirnovP(reference, current),
        DriftMethod.Wasserstein => WassersteinNormed(reference, current),
        DriftMethod.ChiSquared => ChiSquaredP(Categorical(reference, current)),
        DriftMethod.ZTest => ZTestP(Categorical(reference, current)),
        _ => Distance(method, Shares(reference, current)),
    };

    /// <summary>
    /// The p-value that a distance is not chance: Kolmogorov–Smirnov for a number, chi-squared for a category (or a
    /// number with few values); none for text, whose words are not independent draws.
    /// </summary>
    public static double? Significance(ColumnProfile reference, ColumnAccumulator current) => reference.Kind switch
    {
        ColumnKind.Numeric when current.Plan.FewValues.Count == 0 => KolmogorovSmirnovP(reference, current),
        ColumnKind.Numeric or ColumnKind.Categorical => ChiSquaredP(Categorical(reference, current)),
        _ => null,
    };

    /// <summary>The two sides as shares: binned numbers, or categories, or words.</summary>
    private static (double[] Reference, double[] Current) Shares(ColumnProfile reference, ColumnAccumulator current)
    {
        if (reference.Kind == ColumnKind.Numeric && current.Plan.FewValues.Count == 0)
            return Distributions.Binned(reference.Numeric!.Quantiles, current.Numbers!, IsDiscrete(reference));
        var c = Categorical(reference, current);
        return (c.ReferenceShares, c.CurrentShares);
    }

    private static Distributions.Categorical Categorical(ColumnProfile reference, ColumnAccumulator current)
    {
        if (reference.Kind == ColumnKind.Text)
            return Distributions.Categories(reference.Text!.Tokens.Top, reference.Text.Tokens.Other, current.Words!.CountOf, current.Words!.Total);
        if (reference.Kind == ColumnKind.Numeric)
            return Distributions.Categories(reference.Categories!.Top, reference.Categories.Other,
                v => current.CountOf(double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)), current.Numbers!.Values);
        return Distributions.Categories(reference.Categories!.Top, reference.Categories.Other, current.Categories!.CountOf, current.Count - current.Missing);
    }

    private static double Distance(DriftMethod method, (double[] P, double[] Q) s) => method switch
    {
        DriftMethod.JensenShannon => JensenShannon(s.P, s.Q),
        DriftMethod.LInfinity => s.P.Zip(s.Q, (p, q) => Math.Abs(p - q)).Max(),
        DriftMethod.Psi => s.P.Zip(s.Q, (p, q) => { p = Math.Max(p, PsiFloor); q = Math.Max(q, PsiFloor); return (q - p) * Math.Log(q / p); }).Sum(),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    /// <summary>scipy's <c>jensenshannon</c>: the square root of the mean KL divergence to the midpoint, natural log (0..0.83).</summary>
    public static double JensenShannon(double[] p, double[] q)
    {
        double divergence = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double m = (p[i] + q[i]) / 2;
            if (p[i] > 0) divergence += p[i] * Math.Log(p[i] / m) / 2;
            if (q[i] > 0) divergence += q[i] * Math.Log(q[i] / m) / 2;
        }
        return Math.Sqrt(Math.Max(0, divergence));
    }

    /// <summary>The largest gap between the two CDFs on the grid, and its asymptotic p-value.</summary>
    public static double KolmogorovSmirnovP(ColumnProfile reference, ColumnAccumulator current)
    {
        double d = KolmogorovSmirnovD(reference.Numeric!.Quantiles, current.Numbers!, IsDiscrete(reference));
        return KolmogorovP(d, reference.Count - reference.Missing, current.Numbers!.Values);
    }

    public static double KolmogorovSmirnovD(IReadOnlyList<double> quantiles, NumericAccumulator current, bool steps = false)
    {
        var shares = current.CumulativeShares();
        double d = 0;
        for (int i = 0; i < shares.Length; i++) d = Math.Max(d, Math.Abs(Distributions.Cdf(quantiles, current.Edges[i], steps) - shares[i]));
        // Below the grid the reference has nothing; above it, everything.
        if (current.Edges.Count > 0) d = Math.Max(d, Math.Max(1 - shares[^1], current.Values == 0 ? 0 : (double)current.BelowGrid / current.Values));
        return d;
    }

    /// <summary>P(D ≥ d) for samples of <paramref name="n"/> and <paramref name="m"/>: Kolmogorov's limit with Stephens' correction.</summary>
    public static double KolmogorovP(double d, long n, long m)
    {
        if (n == 0 || m == 0) return 1;
        double ne = (double)n * m / (n + m), sqrt = Math.Sqrt(ne);
        double lambda = (sqrt + 0.12 + 0.11 / sqrt) * d;
        if (lambda < 0.2) return 1;
        double sum = 0, sign = 1;
        for (int j = 1; j <= 100; j++)
        {
            double term = sign * Math.Exp(-2 * j * j * lambda * lambda);
            sum += term;
            if (Math.Abs(term) < 1e-12 * Math.Abs(sum)) break;
            sign = -sign;
        }
        return Math.Clamp(2 * sum, 0, 1);
    }

    /// <summary>
    /// ∫ |F_ref − F_cur| dx, both CDFs linear between grid edges (the reference's percentiles are edges), the parts
    /// outside the grid exact; normed by the reference's standard deviation as Evidently norms it.
    /// </summary>
    public static double WassersteinNormed(ColumnProfile reference, ColumnAccumulator current)
    {
        var numbers = current.Numbers!;
        var edges = numbers.Edges;
        var shares = numbers.CumulativeShares();
        var quantiles = reference.Numeric!.Quantiles;
        var (below, above) = numbers.Tails;
        bool steps = IsDiscrete(reference);
        double area = below + above;
        for (int i = 1; i < edges.Count; i++)
        {
            // Two staircases (a number with few values: every value sits on an edge) are flat inside a span.
            double a = Distributions.Cdf(quantiles, edges[i - 1], steps) - shares[i - 1];
            double b = steps ? a : Distributions.Cdf(quantiles, edges[i]) - shares[i];
            area += AbsoluteArea(a, b, edges[i] - edges[i - 1]);
        }

        return area / Math.Max(reference.Numeric.StdDev, NormFloor);
    }

    /// <summary>A number with few values (the profile kept them all): its CDF is a staircase, not a slope.</summary>
    private static bool IsDiscrete(ColumnProfile reference) => reference.Categories is not null;

    /// <summary>∫ |f| over a span of width <paramref name="w"/> where f goes linearly from <paramref name="a"/> to <paramref name="b"/>.</summary>
    private static double AbsoluteArea(double a, double b, double w) =>
        a * b >= 0 ? w * (Math.Abs(a) + Math.Abs(b)) / 2 : w * (a * a + b * b) / (2 * (Math.Abs(a) + Math.Abs(b)));

    /// <summary>Pearson's test of the current counts against the reference's shares; a value the reference never had is drift for sure.</summary>
    public static double ChiSquaredP(Distributions.Categorical c)
    {
        var shares = c.ReferenceShares;
        double n = c.CurrentTotal, statistic = 0;
        int cells = 0;
        for (int i = 0; i < shares.Length; i++)
        {
            if (shares[i] == 0)
            {
                if (c.CurrentCounts[i] > 0) return 0;
                continue;
            }

            double expected = shares[i] * n;
            statistic += (c.CurrentCounts[i] - expected) * (c.CurrentCounts[i] - expected) / expected;
            cells++;
        }

        return cells < 2 || n == 0 ? 1 : 1 - ChiSquared.CDF(cells - 1, statistic);
    }

    /// <summary>Two-sided z-test of two proportions (the share of the reference's most frequent value), pooled.</summary>
    public static double ZTestP(Distributions.Categorical c)
    {
        double n1 = c.ReferenceTotal, n2 = c.CurrentTotal;
        if (n1 == 0 || n2 == 0) return 1;
        double p1 = c.ReferenceCounts[0] / n1, p2 = c.CurrentCounts[0] / n2;
        double pooled = (c.ReferenceCounts[0] + c.CurrentCounts[0]) / (n1 + n2);
        double se = Math.Sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
        if (se == 0) return p1 == p2 ? 1 : 0;
        return 2 * (1 - Normal.CDF(0, 1, Math.Abs(p1 - p2) / se));
    }
}
