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
        float[] Ints(int seed, int n, int k) { var r = new Random(seed); return Enumerable.Range(0, n).Select(_ => (float)r.Next(1, k + 1)).ToArray(); }
        foreach (var k in new[] { 6, 10, 20, 40 })
        foreach (var seed in new[] { 1, 2 })
        {
            var a = Ints(seed, 800, k); var b = Ints(seed + 100, 1000, k);
            var (rf, cu) = Compared(Numbers(a), Numbers(b), NumberColumns);
            double exact = KolmogorovSmirnovD(Sorted(a), Sorted(b));
            double d = DriftStatistics.KolmogorovSmirnovD(rf.Numeric!.Quantiles, cu.Numbers!);
            w.AppendLine($"k={k} seed={seed} choose={DriftMethods.Choose(rf)} exactD={exact:F4} exactP={DriftStatistics.KolmogorovP(exact, 800, 1000):F4} D={d:F4} p={DriftStatistics.KolmogorovSmirnovP(rf, cu):G4} psi={DriftStatistics.Compute(DriftMethod.Psi, rf, cu):G4} linf={DriftStatistics.Compute(DriftMethod.LInfinity, rf, cu):G4}");
            if (seed == 1 && k == 10) w.AppendLine("  q: " + string.Join(" ", rf.Numeric.Quantiles.Take(40).Select(q => q.ToString("G5"))));
        }
        File.WriteAllText("/tmp/profiling-scratch.txt", w.ToString());
    }
}
