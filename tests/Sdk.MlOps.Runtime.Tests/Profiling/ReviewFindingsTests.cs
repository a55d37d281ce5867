using Microsoft.ML;
using Sdk.MlOps.Profiling;

namespace Sdk.MlOps.Runtime.Tests.Profiling;

/// <summary>Cases a review found wrong: each would fail without its fix.</summary>
[TestClass]
public sealed class ReviewFindingsTests
{
    private static readonly ProfiledColumn[] X = ProfilingData.NumberColumns;

    [TestMethod]
    public void AValueOnAnEdge_IsCountedAtThatEdge_WhateverTheGuideRounds()
    {
        var counts = new NumericAccumulator([0.7, 1, 1.134, 2.75, 2.8, 3, 3.1, 4.8244, 5.0209, 6.9783, 8.8635, 9.6], 8, [2.9]);
        for (int i = 0; i < 100; i++) counts.Add(2.9);

        Assert.AreEqual(1.0, counts.CumulativeShareAt(2.9));
    }

    [TestMethod]
    public void MassMovingBelowTheTrainingMinimum_IsSeenByKolmogorovSmirnov()
    {
        var reference = Enumerable.Range(0, 800).Select(i => i % 10 < 3 ? 0f : 1 + (i % 97) / 10f).ToArray();
        var current = reference.Select(v => v == 0 ? -1f : v).ToArray();

        var (profile, counted) = ProfilingData.Compared(ProfilingData.Numbers(reference), ProfilingData.Numbers(current), X);

        Assert.IsLessThan(1e-6, DriftStatistics.KolmogorovSmirnovP(profile, counted), "30 % of the values left the training range");
        var (p, q) = Distributions.Binned(profile.Numeric!.Quantiles, counted.Numbers!);
        Assert.AreEqual(0.3, q[0], 0.01, "the bin below the training minimum");
        Assert.AreEqual(0.0, p[0]);
    }

    [TestMethod]
    public void ClusteredDataFarFromZero_DoesNotDriftAgainstItself()
    {
        // Latitudes in four clusters: a sketch of relative accuracy alone would place a handful of edges.
        float[] Latitudes(int seed, int n)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, n).Select(_ => (float)(40.70 + 0.01 * random.Next(4) + 0.002 * (random.NextDouble() - 0.5))).ToArray();
        }

        int drifted = 0;
        for (int run = 0; run < 10; run++)
        {
            var (profile, counted) = ProfilingData.Compared(ProfilingData.Numbers(Latitudes(run, 900)), ProfilingData.Numbers(Latitudes(100 + run, 5000)), X);
            if (DriftStatistics.KolmogorovSmirnovP(profile, counted) < 0.05) drifted++;
        }

        Assert.IsLessThanOrEqualTo(2, drifted, "at a 5 % level, about one run in twenty drifts by chance");
    }

    [TestMethod]
    public void ManyColumnsOfUnchangedData_DoNotFailByChance()
    {
        // Twenty columns of the same lognormal data, a 4,000-row reference and 250 test rows: Evidently's 0.1 on the
        // normed Wasserstein distance is crossed by noise alone; the significance check keeps those from failing.
        var random = new Random(5);
        double Lognormal() => Math.Exp(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        for (int run = 0; run < 3; run++)
        {
            var columns = Enumerable.Range(0, 20).Select(i =>
            {
                var (profile, counted) = ProfilingData.Compared(
                    ProfilingData.Numbers(Enumerable.Range(0, 4000).Select(_ => (float)Lognormal())),
                    ProfilingData.Numbers(Enumerable.Range(0, 250).Select(_ => (float)Lognormal())), X);
                return (Profile: profile with { Name = $"X{i}" }, Counted: counted);
            }).ToArray();
            var check = new DriftCheck(new DataProfile { Source = "training", Rows = 4000, Columns = columns.Select(c => c.Profile).ToArray() },
                [new DriftGateItem { Column = DriftGateItem.AllColumns }], []);

            var report = check.Evaluate(columns.Select(c => c.Counted).ToArray(), "test");

            Assert.IsTrue(report.Passed, string.Join("; ", report.Columns.Where(c => c.Drifted).Select(c => $"{c.Column} {c.Comparison}")));
            Assert.IsGreaterThan(0, report.Columns.Count(c => c.Value >= c.Threshold), "noise alone crosses 0.1 in some columns");
        }
    }

    [TestMethod]
    public void AColumnWhoseEveryValueIsMissing_Drifts()
    {
        var reference = ProfilingData.Normals(1, 2000);
        var (profile, counted) = ProfilingData.Compared(ProfilingData.Numbers(reference), ProfilingData.Numbers(Enumerable.Repeat(float.NaN, 300)), X);
        var check = new DriftCheck(new DataProfile { Source = "training", Rows = 2000, Columns = [profile] }, [new DriftGateItem { Column = DriftGateItem.AllColumns }], []);

        var drift = check.Evaluate([counted], "test").Columns.Single();

        Assert.IsTrue(drift.Drifted);
        Assert.AreEqual("missing share", drift.Statistic);
    }

    [TestMethod]
    public void InfinitiesInTraining_AreCountedAsMissing_AndTheProfileStaysFinite()
    {
        var values = ProfilingData.Normals(2, 1000).Append(float.PositiveInfinity).Append(float.NegativeInfinity).ToArray();

        var profile = DataProfiler.Profile(ProfilingData.Numbers(values), X, "training").Columns.Single();

        Assert.AreEqual(2, profile.Missing);
        Assert.IsTrue(double.IsFinite(profile.Numeric!.Mean) && double.IsFinite(profile.Numeric.StdDev) && double.IsFinite(profile.Numeric.Max));
    }
}
