using Sdk.MlOps.Profiling;
using static Sdk.MlOps.Runtime.Tests.Profiling.ProfilingData;

namespace Sdk.MlOps.Runtime.Tests.Profiling;

/// <summary>The numeric profile against the exact statistics of the same sample.</summary>
[TestClass]
public sealed class DataProfilerTests
{
    private static ColumnProfile ProfileOf(float[] values) => DataProfiler.Profile(Numbers(values), NumberColumns, "training").Columns.Single();

    /// <summary>The profile's quantiles at the given percentiles against the exact ones.</summary>
    private static void AssertQuantiles(ColumnProfile column, double[] sorted, int[] percentiles, Func<double, double> tolerance)
    {
        foreach (var p in percentiles)
        {
            double exact = Quantile(sorted, p / 100.0), profiled = Percentile(column.Numeric!, p);
            Assert.AreEqual(exact, profiled, tolerance(exact), $"percentile {p}");
        }
    }

    [TestMethod]
    public void StandardNormal_CountsMomentsQuantilesAndHistogram()
    {
        var values = Normals(seed: 11, n: 20_000);
        var sorted = Sorted(values);

        var column = ProfileOf(values);

        Assert.AreEqual(ColumnKind.Numeric, column.Kind);
        Assert.AreEqual(20_000, column.Count);
        Assert.AreEqual(0, column.Missing);
        var numeric = column.Numeric!;
        Assert.AreEqual(sorted[0], numeric.Min);
        Assert.AreEqual(sorted[^1], numeric.Max);
        Assert.AreEqual(sorted.Average(), numeric.Mean, 1e-8);
        Assert.AreEqual(StdDev(sorted), numeric.StdDev, 1e-8);
        Assert.AreEqual(0, numeric.Mean, 0.03);
        Assert.AreEqual(1, numeric.StdDev, 0.03);
        Assert.AreEqual(0, (numeric.Quantiles.Count - 1) % 100, "every percentile is a quantile");
        // The quantiles are rounded to ten significant digits; the minimum and maximum are not.
        Assert.AreEqual(sorted[0], numeric.Quantiles[0], 1e-8);
        Assert.AreEqual(sorted[^1], numeric.Quantiles[^1], 1e-8);
        AssertQuantiles(column, sorted, [1, 50, 99], _ => 0.02);
        AssertQuantiles(column, sorted, [5, 10, 25, 75, 90, 95], _ => 0.02);
        Assert.AreEqual(column.Count, numeric.Histogram.Counts.Sum());
        Assert.HasCount(21, numeric.Histogram.Edges);
        Assert.HasCount(20, numeric.Histogram.Counts);
    }

    [TestMethod]
    public void HistogramCounts_MatchTheEqualWidthBins()
    {
        var values = Normals(seed: 12, n: 20_000);
        var numeric = ProfileOf(values).Numeric!;

        double width = (numeric.Max - numeric.Min) / 20;
        long profiled = 0;
        for (int b = 0; b < 20; b++)
        {
            profiled += numeric.Histogram.Counts[b];
            double edge = numeric.Min + (b + 1) * width;
            long exact = b == 19 ? values.Length : values.Count(v => v <= edge);
            // Counted from the grid, whose bins are far narrower than these: a few values near an edge may fall on its other side.
            Assert.AreEqual(exact, profiled, 10, $"values up to the end of bin {b}");
        }
    }

    [TestMethod]
    public void NaNIsMissing_AndLeftOutOfTheMomentsAndQuantiles()
    {
        var values = Normals(seed: 13, n: 5_000);
        for (int i = 0; i < values.Length; i += 10) values[i] = float.NaN;
        var sorted = Sorted(values);

        var column = ProfileOf(values);

        Assert.AreEqual(5_000, column.Count);
        Assert.AreEqual(500, column.Missing);
        Assert.AreEqual(0.1, column.MissingShare, 1e-12);
        Assert.AreEqual(sorted.Average(), column.Numeric!.Mean, 1e-8);
        Assert.AreEqual(StdDev(sorted), column.Numeric.StdDev, 1e-8);
        Assert.AreEqual(sorted[0], column.Numeric.Min);
        Assert.AreEqual(sorted[^1], column.Numeric.Max);
        AssertQuantiles(column, sorted, [1, 50, 99], _ => 0.03);
        Assert.AreEqual(4_500, column.Numeric.Histogram.Counts.Sum());
    }

    /// <summary>70 ± 2: the sketch's 0.5 % relative error is ±0.35 here, a sixth of the spread; the grid must repair it.</summary>
    [TestMethod]
    public void FarFromZero_QuantilesAreExactToTheGrid()
    {
        var values = Normals(seed: 14, n: 20_000, mean: 70, sd: 2);
        var sorted = Sorted(values);

        var column = ProfileOf(values);

        Assert.AreEqual(sorted.Average(), column.Numeric!.Mean, 1e-6);
        Assert.AreEqual(StdDev(sorted), column.Numeric.StdDev, 1e-6);
        AssertQuantiles(column, sorted, [1, 5, 10, 25, 50, 75, 90, 95, 99], _ => 0.05);
        Assert.AreEqual(20_000, column.Numeric.Histogram.Counts.Sum());
    }

    /// <summary>exp(3·N(0,1)): from about e⁻¹² to e¹², wider than the sketch's 2,048 buckets, whose lowest ones merge.</summary>
    [TestMethod]
    public void HeavyTailed_MedianWithinOnePercent()
    {
        var values = Normals(seed: 15, n: 20_000).Select(z => (float)Math.Exp(3 * z)).ToArray();
        var sorted = Sorted(values);

        var column = ProfileOf(values);

        Assert.AreEqual(sorted[0], column.Numeric!.Min);
        Assert.AreEqual(sorted[^1], column.Numeric.Max);
        AssertQuantiles(column, sorted, [50], exact => 0.01 * exact);
        AssertQuantiles(column, sorted, [1, 10, 25, 75, 90], exact => 0.02 * exact);
    }

    [TestMethod]
    public void DatesAreSecondsSince1970()
    {
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var rows = Enumerable.Range(0, 100).Select(i => new Dated { When = start.AddHours(i) });

        var column = DataProfiler.Profile(View(rows), [new("When", "DateTime", ColumnProfile.FeatureRole)], "training").Columns.Single();

        Assert.AreEqual(ColumnKind.Numeric, column.Kind);
        Assert.AreEqual((start - DateTime.UnixEpoch).TotalSeconds, column.Numeric!.Min);
        Assert.AreEqual((start.AddHours(99) - DateTime.UnixEpoch).TotalSeconds, column.Numeric.Max);
    }

    private sealed class Dated
    {
        public DateTime When { get; set; }
    }
}
