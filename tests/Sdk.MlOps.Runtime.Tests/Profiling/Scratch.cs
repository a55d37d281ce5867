using System.Reflection;
using Sdk.MlOps.Profiling;
using static Sdk.MlOps.Runtime.Tests.Profiling.ProfilingData;
namespace Sdk.MlOps.Runtime.Tests.Profiling;
[TestClass]
public sealed class ScratchProfilingTests
{
    [TestMethod]
    public void Print()
    {
        var w = new System.Text.StringBuilder();
        foreach (var (name, values) in new[] { ("n01", Normals(11, 20_000)), ("far", Normals(14, 20_000, 70, 2)), ("heavy", Normals(15, 20_000).Select(z => (float)Math.Exp(3 * z)).ToArray()) })
        {
            // Re-run the profile's second pass by hand to reach the accumulator.
            var plan = typeof(DataProfiler).GetMethod("Scout", BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, [Numbers(values), NumberColumns]) as ColumnPlan[];
            var acc = DataProfiler.Count(Numbers(values), plan!)[0].Numbers!;
            var bins = (long[])typeof(NumericAccumulator).GetField("_bins", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(acc)!;
            var edges = acc.Edges;
            double Min = acc.Min, Max = acc.Max; const int Bins = 20; double width = (Max - Min) / Bins;
            var counts = new double[Bins];
            for (int i = 0; i < bins.Length; i++)
            {
                if (bins[i] == 0) continue;
                double low = i == 0 ? Min : Math.Max(Min, edges[i - 1]);
                double high = i == edges.Count ? Max : Math.Min(Max, edges[i]);
                if (width <= 0 || high <= low) { counts[width <= 0 ? 0 : Math.Clamp((int)((high - Min) / width), 0, Bins - 1)] += bins[i]; continue; }
                for (int b = Math.Clamp((int)((low - Min) / width), 0, Bins - 1); b < Bins; b++)
                {
                    double from = Math.Max(low, Min + b * width), to = Math.Min(high, b == Bins - 1 ? Max : Min + (b + 1) * width);
                    if (to > from) counts[b] += bins[i] * (to - from) / (high - low);
                    if (Min + (b + 1) * width >= high) break;
                }
            }
            double cum = 0; long prev = 0;
            var fixedCounts = counts.Select(c => { cum += c; long now = (long)Math.Round(cum); long n = now - prev; prev = now; return n; }).ToArray();
            var profiled = acc.ToProfile().Histogram.Counts;
            w.AppendLine($"{name}: fractional sum={counts.Sum():R} rounded sum={counts.Sum(c => (long)Math.Round(c))} profile sum={profiled.Sum()} cumulative-rounding sum={fixedCounts.Sum()}");
            w.AppendLine("  fractional parts: " + string.Join(" ", counts.Select(c => (c - Math.Floor(c)).ToString("F2"))));
        }
        File.WriteAllText("/tmp/profiling-scratch.txt", w.ToString());
    }
}
