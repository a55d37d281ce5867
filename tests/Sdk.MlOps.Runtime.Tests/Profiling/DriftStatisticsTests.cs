using MathNet.Numerics;
using Sdk.MlOps.Profiling;
using static Sdk.MlOps.Runtime.Tests.Profiling.ProfilingData;

namespace Sdk.MlOps.Runtime.Tests.Profiling;

/// <summary>The drift statistics, from a profile and counts, against values computed here from the raw samples.</summary>
[TestClass]
public sealed class DriftStatisticsTests
{
    private static readonly float[] Reference = Normals(seed: 31, n: 5_000);
    private static readonly float[] Shifted = Normals(seed: 32, n: 3_000, mean: 0.5);

    [TestMethod]
    public void NormedWasserstein_IsTheExactDistanceOverTheReferenceStdDev()
    {
        var (reference, current) = Compared(Numbers(Reference), Numbers(Shifted), NumberColumns);
        double[] a = Sorted(Reference), b = Sorted(Shifted);
        double exact = Wasserstein(a, b) / StdDev(a);

        double value = DriftStatistics.WassersteinNormed(reference, current);

        Assert.AreEqual(exact, value, 0.03 * exact);
        Assert.AreEqual(value, DriftStatistics.Compute(DriftMethod.Wasserstein, reference, current));
    }

    [TestMethod]
    public void NormedWasserstein_CountsTheTailsOutsideTheReferenceRange()
    {
        // Most of the current data lies above the reference's maximum: the distance is the tails' exact part.
        var far = Normals(seed: 33, n: 2_000, mean: 10);
        var (reference, current) = Compared(Numbers(Reference), Numbers(far), NumberColumns);
        double[] a = Sorted(Reference), b = Sorted(far);
        double exact = Wasserstein(a, b) / StdDev(a);

        Assert.AreEqual(exact, DriftStatistics.WassersteinNormed(reference, current), 0.01 * exact);
    }

    [TestMethod]
    public void KolmogorovSmirnovD_IsTheExactTwoSampleD()
    {
        var (reference, current) = Compared(Numbers(Reference), Numbers(Shifted), NumberColumns);
        double exact = KolmogorovSmirnovD(Sorted(Reference), Sorted(Shifted));

        double d = DriftStatistics.KolmogorovSmirnovD(reference.Numeric!.Quantiles, current.Numbers!);

        Assert.AreEqual(exact, d, 0.01);
        Assert.AreEqual(DriftStatistics.KolmogorovP(d, 5_000, 3_000), DriftStatistics.KolmogorovSmirnovP(reference, current));
    }

    /// <summary>Integer ratings 1..10: the reference's CDF must jump at each value, as the current data's does.</summary>
    [TestMethod]
    public void KolmogorovSmirnovD_OfANumberWithTenValues_IsTheExactD()
    {
        float[] Ratings(int seed, int n) { var random = new Random(seed); return Enumerable.Range(0, n).Select(_ => (float)random.Next(1, 11)).ToArray(); }
        float[] reference = Ratings(1, 800), current = Ratings(101, 1_000);
        var (profile, counted) = Compared(Numbers(reference), Numbers(current), NumberColumns);
        double exact = KolmogorovSmirnovD(Sorted(reference), Sorted(current));

        Assert.AreEqual(exact, DriftStatistics.KolmogorovSmirnovD(profile.Numeric!.Quantiles, counted.Numbers!), 0.01);
    }

    [TestMethod]
    public void LInfinityAndPsi_OfNumbers_AreOnTheReferencesFivePercentBins()
    {
        var (reference, current) = Compared(Numbers(Reference), Numbers(Shifted), NumberColumns);
        // The bins: up to the minimum, between every 5th percentile of the profile, above the maximum.
        var edges = Enumerable.Range(0, 21).Select(i => Percentile(reference.Numeric!, 5 * i)).Distinct().ToArray();
        double[] Shares(float[] sample) => Enumerable.Range(0, edges.Length + 1)
            .Select(b => sample.Count(x => (b == 0 || x > edges[b - 1]) && (b == edges.Length || x <= edges[b])) / (double)sample.Length).ToArray();
        double[] p = Shares(Reference), q = Shares(Shifted);
        double psi = p.Zip(q, (a, b) => (Math.Max(b, 1e-4) - Math.Max(a, 1e-4)) * Math.Log(Math.Max(b, 1e-4) / Math.Max(a, 1e-4))).Sum();

        Assert.AreEqual(p.Zip(q, (a, b) => Math.Abs(a - b)).Max(), DriftStatistics.Compute(DriftMethod.LInfinity, reference, current), 0.005);
        Assert.AreEqual(psi, DriftStatistics.Compute(DriftMethod.Psi, reference, current), 0.03 * psi);
    }

    /// <summary>Kolmogorov's distribution at its tabled critical values: P(K ≥ 1.2238) = 0.10, 1.3581 → 0.05, 1.6276 → 0.01.</summary>
    [TestMethod]
    [DataRow(1.2238, 0.10)]
    [DataRow(1.3581, 0.05)]
    [DataRow(1.6276, 0.01)]
    public void KolmogorovP_MatchesTheTabledCriticalValues(double lambda, double p)
    {
        // n = m = 2,000: an effective size of 1,000, with Stephens' correction.
        double d = lambda / (Math.Sqrt(1_000) + 0.12 + 0.11 / Math.Sqrt(1_000));
        Assert.AreEqual(p, DriftStatistics.KolmogorovP(d, 2_000, 2_000), 2e-4);
        Assert.AreEqual(1.0, DriftStatistics.KolmogorovP(0, 2_000, 2_000));
    }

    [TestMethod]
    public void JensenShannon_IsScipysDistanceInNats()
    {
        Assert.AreEqual(Math.Sqrt(Math.Log(2)), DriftStatistics.JensenShannon([1, 0], [0, 1]), 1e-12);
        Assert.AreEqual(0, DriftStatistics.JensenShannon([0.2, 0.8], [0.2, 0.8]), 1e-12);
    }

    // Reference a 500, b 300, c 200; current a 200, b 300, c 400 and d 100, never seen in training.
    private static (ColumnProfile, ColumnAccumulator) Categories() => Compared(
        Texts(Repeated(34, ("a", 500), ("b", 300), ("c", 200))),
        Texts(Repeated(35, ("a", 200), ("b", 300), ("c", 400), ("d", 100))),
        TextColumns);

    [TestMethod]
    public void JensenShannon_OfCategories_HasTheUnseenValuesAsOneMore()
    {
        var (reference, current) = Categories();
        // P = (.5, .3, .2, 0), Q = (.2, .3, .4, .1), M = (.35, .3, .3, .05).
        double divergence = (0.5 * Math.Log(0.5 / 0.35) + 0.2 * Math.Log(0.2 / 0.3)) / 2
                          + (0.2 * Math.Log(0.2 / 0.35) + 0.4 * Math.Log(0.4 / 0.3) + 0.1 * Math.Log(0.1 / 0.05)) / 2;

        double value = DriftStatistics.Compute(DriftMethod.JensenShannon, reference, current);

        Assert.AreEqual(Math.Sqrt(divergence), value, 1e-12);
        Assert.AreEqual(0.29129781993464665, value, 1e-12);
    }

    [TestMethod]
    public void LInfinityAndPsi_OfCategories()
    {
        var (reference, current) = Categories();

        Assert.AreEqual(0.3, DriftStatistics.Compute(DriftMethod.LInfinity, reference, current), 1e-12);
        // Σ (q − p) ln(q / p), an empty share floored at 1e-4.
        double psi = (0.2 - 0.5) * Math.Log(0.2 / 0.5) + (0.4 - 0.2) * Math.Log(0.4 / 0.2) + (0.1 - 1e-4) * Math.Log(0.1 / 1e-4);
        Assert.AreEqual(psi, DriftStatistics.Compute(DriftMethod.Psi, reference, current), 1e-12);
    }

    [TestMethod]
    public void ChiSquared_OfAKnownTable()
    {
        // Expected 150, 90, 60 of 300: χ² = 900/150 + 100/90 + 400/60; two degrees of freedom, P = exp(−χ²/2).
        var (reference, current) = Compared(
            Texts(Repeated(36, ("a", 500), ("b", 300), ("c", 200))),
            Texts(Repeated(37, ("a", 120), ("b", 100), ("c", 80))),
            TextColumns);
        double statistic = 900.0 / 150 + 100.0 / 90 + 400.0 / 60;

        double p = DriftStatistics.Compute(DriftMethod.ChiSquared, reference, current);

        Assert.AreEqual(Math.Exp(-statistic / 2), p, 1e-12);
        Assert.AreEqual(0.0010190454849489828, p, 1e-12);
    }

    [TestMethod]
    public void ChiSquared_OfTwoValues_IsTheNormalTail()
    {
        // Expected 120 and 80 of 200, seen 100 and 100: χ² = 400/120 + 400/80 with one degree of freedom, P = erfc(√(χ²/2)).
        var (reference, current) = Compared(
            Texts(Repeated(38, ("x", 600), ("y", 400))),
            Texts(Repeated(39, ("x", 100), ("y", 100))),
            TextColumns);
        double statistic = 400.0 / 120 + 400.0 / 80;

        Assert.AreEqual(SpecialFunctions.Erfc(Math.Sqrt(statistic / 2)), DriftStatistics.Compute(DriftMethod.ChiSquared, reference, current), 1e-9);
    }

    [TestMethod]
    public void ChiSquared_OfAValueNeverSeen_IsZero()
    {
        var (reference, current) = Categories();

        Assert.AreEqual(0, DriftStatistics.Compute(DriftMethod.ChiSquared, reference, current));
    }

    [TestMethod]
    public void ZTest_OfTheMostFrequentValuesShare()
    {
        // true: 600 of 1,000 against 250 of 500, pooled 850 of 1,500.
        var (reference, current) = Compared(
            View(Repeated(40, ("true", 600), ("false", 400)).Select(v => new Flag { F = v == "true" })),
            View(Repeated(41, ("true", 250), ("false", 250)).Select(v => new Flag { F = v == "true" })),
            [new("F", "Boolean", ColumnProfile.FeatureRole)]);
        double pooled = 850.0 / 1_500, se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / 1_000 + 1.0 / 500)), z = (0.6 - 0.5) / se;

        double p = DriftStatistics.Compute(DriftMethod.ZTest, reference, current);

        Assert.AreEqual(SpecialFunctions.Erfc(z / Math.Sqrt(2)), p, 1e-9);
        Assert.IsLessThan(0.001, p);
    }

    private sealed class Flag
    {
        public bool F { get; set; }
    }
}
