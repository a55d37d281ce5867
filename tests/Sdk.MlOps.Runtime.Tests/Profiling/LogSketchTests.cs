using Sdk.MlOps.Profiling;
using static Sdk.MlOps.Runtime.Tests.Profiling.ProfilingData;

namespace Sdk.MlOps.Runtime.Tests.Profiling;

/// <summary>The first pass's DDSketch: every quantile within 0.5 % of the exact one, whatever the order of the values.</summary>
[TestClass]
public sealed class LogSketchTests
{
    private const double Accuracy = 0.005;

    /// <summary>Adds the values in the given order and checks the 1st..99th percentiles against the value at the same rank.</summary>
    private static void AssertRelativeAccuracy(double[] values, int fromPercentile = 1)
    {
        var sketch = new LogSketch();
        foreach (var v in values) sketch.Add(v);
        var sorted = values.Order().ToArray();

        Assert.AreEqual(values.Length, sketch.Count);
        Assert.AreEqual(sorted[0], sketch.Quantile(0));
        Assert.AreEqual(sorted[^1], sketch.Quantile(1));
        for (int p = fromPercentile; p <= 99; p++)
        {
            double exact = sorted[(long)(p / 100.0 * (values.Length - 1))];
            Assert.AreEqual(exact, sketch.Quantile(p / 100.0), Accuracy * Math.Abs(exact) * 1.0001 + 1e-12, $"percentile {p}");
        }
    }

    [TestMethod]
    public void BothSignsAndZeros()
    {
        var values = Normals(101, 10_000).Select(v => (double)v).ToArray();
        for (int i = 0; i < values.Length; i += 50) values[i] = 0;

        AssertRelativeAccuracy(values);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(-1)]
    public void HeavyTailed_InAnyOrder(int order)
    {
        // exp(3·N(0,1)) spans more than the 2,048 buckets; only the lowest values (below the 1st percentile) merge.
        var values = Normals(102, 20_000).Select(z => Math.Exp(3 * z)).ToArray();
        if (order != 0) Array.Sort(values, (a, b) => order * a.CompareTo(b));

        AssertRelativeAccuracy(values);
        AssertRelativeAccuracy(values.Select(v => -v).ToArray());
    }

    [TestMethod]
    public void Empty_HasNoQuantile() => Assert.IsTrue(double.IsNaN(new LogSketch().Quantile(0.5)));
}
