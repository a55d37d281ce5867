using Microsoft.ML;
using Sdk.MlOps.Profiling;

namespace Sdk.MlOps.Runtime.Tests.Profiling;

/// <summary>Seeded data for the profiling tests, and the exact sample statistics the profile is checked against.</summary>
internal static class ProfilingData
{
    /// <summary><paramref name="n"/> values of N(<paramref name="mean"/>, <paramref name="sd"/>²), Box–Muller on a seeded Random.</summary>
    public static float[] Normals(int seed, int n, double mean = 0, double sd = 1)
    {
        var random = new Random(seed);
        var values = new float[n];
        for (int i = 0; i < n; i++)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            values[i] = (float)(mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return values;
    }

    /// <summary>numpy's default (linear) quantile of sorted values.</summary>
    public static double Quantile(double[] sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        return lo + 1 >= sorted.Length ? sorted[^1] : sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /// <summary>The profile's <paramref name="percent"/>th percentile, whatever the step of its quantiles (the minimum is the 0th, the maximum the 100th).</summary>
    public static double Percentile(NumericProfile numeric, int percent) => numeric.Quantiles[percent * (numeric.Quantiles.Count - 1) / 100];

    public static double[] Sorted(IEnumerable<float> values) => values.Where(v => !float.IsNaN(v)).Select(v => (double)v).Order().ToArray();

    /// <summary>The sample standard deviation (n − 1), as the profile reports it.</summary>
    public static double StdDev(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    /// <summary>The two-sample Kolmogorov–Smirnov D: the largest gap between the two empirical CDFs.</summary>
    public static double KolmogorovSmirnovD(double[] a, double[] b)
    {
        int i = 0, j = 0;
        double d = 0;
        while (i < a.Length || j < b.Length)
        {
            double x = j >= b.Length || i < a.Length && a[i] <= b[j] ? a[i] : b[j];
            while (i < a.Length && a[i] <= x) i++;
            while (j < b.Length && b[j] <= x) j++;
            d = Math.Max(d, Math.Abs((double)i / a.Length - (double)j / b.Length));
        }
        return d;
    }

    /// <summary>The Wasserstein-1 distance of two samples: ∫ |F_a − F_b| dx between their empirical CDFs.</summary>
    public static double Wasserstein(double[] a, double[] b)
    {
        var all = a.Concat(b).Order().ToArray();
        int i = 0, j = 0;
        double area = 0;
        for (int k = 0; k + 1 < all.Length; k++)
        {
            while (i < a.Length && a[i] <= all[k]) i++;
            while (j < b.Length && b[j] <= all[k]) j++;
            area += Math.Abs((double)i / a.Length - (double)j / b.Length) * (all[k + 1] - all[k]);
        }
        return area;
    }

    public static IDataView View<T>(IEnumerable<T> rows) where T : class => new MLContext(1).Data.LoadFromEnumerable(rows.ToArray());

    /// <summary>One numeric feature X.</summary>
    public sealed class Number
    {
        public float X { get; set; }
    }

    public static readonly ProfiledColumn[] NumberColumns = [new("X", "Single", ColumnProfile.FeatureRole)];

    public static IDataView Numbers(IEnumerable<float> values) => View(values.Select(v => new Number { X = v }));

    /// <summary>One string feature S.</summary>
    public sealed class Text
    {
        public string S { get; set; } = "";
    }

    public static readonly ProfiledColumn[] TextColumns = [new("S", "String", ColumnProfile.FeatureRole)];

    public static IDataView Texts(IEnumerable<string> values) => View(values.Select(v => new Text { S = v }));

    /// <summary>Each value repeated as often as it says, shuffled by a seeded Random.</summary>
    public static string[] Repeated(int seed, params (string Value, int Count)[] counts)
    {
        var values = counts.SelectMany(c => Enumerable.Repeat(c.Value, c.Count)).ToArray();
        new Random(seed).Shuffle(values);
        return values;
    }

    /// <summary>A training profile of one column, and the counts of other data on its grid, as the drift check makes them.</summary>
    public static (ColumnProfile Reference, ColumnAccumulator Current) Compared(IDataView reference, IDataView current, ProfiledColumn[] columns)
    {
        var profile = DataProfiler.Profile(reference, columns, "training");
        var counted = DataProfiler.Count(current, profile.Columns.Select(ColumnPlan.Like).ToArray());
        return (profile.Columns[0], counted[0]);
    }
}
