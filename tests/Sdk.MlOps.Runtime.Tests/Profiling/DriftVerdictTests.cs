using Microsoft.ML;
using Sdk.MlOps.Profiling;
using static Sdk.MlOps.Runtime.Tests.Profiling.ProfilingData;

namespace Sdk.MlOps.Runtime.Tests.Profiling;

/// <summary>The method Auto picks (Evidently's rules) and its verdict, through the drift check.</summary>
[TestClass]
public sealed class DriftVerdictTests
{
    private static readonly DriftGateItem All = new() { Column = DriftGateItem.AllColumns, DefinedIn = "/p/Model.csproj", Line = 9 };

    private static ColumnDrift Verdict(IDataView reference, IDataView current, ProfiledColumn[] columns, DriftGateItem? gate = null)
    {
        var profile = DataProfiler.Profile(reference, columns, "training");
        var check = new DriftCheck(profile, [gate ?? All], []);
        var report = check.Evaluate(DataProfiler.Count(current, check.Plans()), "test");
        return report.Columns.Single();
    }

    private static ColumnDrift Numbers(float[] reference, float[] current) =>
        Verdict(ProfilingData.Numbers(reference), ProfilingData.Numbers(current), NumberColumns);

    private static ColumnDrift Strings(string[] reference, string[] current) => Verdict(Texts(reference), Texts(current), TextColumns);

    [TestMethod]
    public void LargeNumericReference_SameDistribution_WassersteinDoesNotDrift()
    {
        var drift = Numbers(Normals(51, 5_000), Normals(52, 1_000));

        Assert.AreEqual(nameof(DriftMethod.Wasserstein), drift.Method);
        Assert.AreEqual(0.1, drift.Threshold);
        Assert.IsLessThan(0.1, drift.Value);
        Assert.IsFalse(drift.Drifted);
        Assert.IsTrue(drift.Gated);
    }

    [TestMethod]
    public void LargeNumericReference_ShiftedByTwoStdDevs_DriftsByAboutTwo()
    {
        var drift = Numbers(Normals(51, 5_000), Normals(53, 1_000, mean: 2));

        Assert.AreEqual(nameof(DriftMethod.Wasserstein), drift.Method);
        Assert.AreEqual(2, drift.Value, 0.15);
        Assert.IsTrue(drift.Drifted);
    }

    [TestMethod]
    public void SmallNumericReference_KolmogorovSmirnov()
    {
        var same = Numbers(Normals(54, 800), Normals(55, 1_000));
        var shifted = Numbers(Normals(54, 800), Normals(56, 1_000, mean: 0.5));

        Assert.AreEqual(nameof(DriftMethod.KolmogorovSmirnov), same.Method);
        Assert.AreEqual(0.05, same.Threshold);
        Assert.IsGreaterThan(0.05, same.Value);
        Assert.IsFalse(same.Drifted);
        Assert.IsLessThan(1e-6, shifted.Value);
        Assert.IsTrue(shifted.Drifted);
    }

    [TestMethod]
    public void SmallNumericReference_IntegerRatings_SameDistribution_DoesNotDrift()
    {
        float[] Ratings(int seed, int n) { var random = new Random(seed); return Enumerable.Range(0, n).Select(_ => (float)random.Next(1, 11)).ToArray(); }

        var drift = Numbers(Ratings(1, 800), Ratings(101, 1_000));

        // The exact two-sample D of these samples is 0.038: asymptotic p ≈ 0.53.
        Assert.AreEqual(nameof(DriftMethod.KolmogorovSmirnov), drift.Method);
        Assert.IsFalse(drift.Drifted, $"p = {drift.Value}");
    }

    [TestMethod]
    public void ReferenceOfExactlyAThousandValues_IsSmall()
    {
        var values = Normals(57, 1_100);
        for (int i = 0; i < 100; i++) values[i] = float.NaN;

        Assert.AreEqual(nameof(DriftMethod.KolmogorovSmirnov), Numbers(values, Normals(58, 100)).Method);
    }

    [TestMethod]
    public void SmallCategoricalReference_TwoValues_ZTest()
    {
        var drift = Strings(Repeated(61, ("x", 500), ("y", 500)), Repeated(62, ("x", 100), ("y", 100)));

        Assert.AreEqual(nameof(DriftMethod.ZTest), drift.Method);
        Assert.AreEqual(1.0, drift.Value, 1e-9);
        Assert.IsFalse(drift.Drifted);
    }

    [TestMethod]
    public void SmallCategoricalReference_MoreValues_ChiSquared()
    {
        var drift = Strings(Repeated(63, ("x", 300), ("y", 300), ("z", 400)), Repeated(64, ("x", 30), ("y", 30), ("z", 40)));

        Assert.AreEqual(nameof(DriftMethod.ChiSquared), drift.Method);
        Assert.AreEqual(1.0, drift.Value, 1e-9);
        Assert.IsFalse(drift.Drifted);
    }

    [TestMethod]
    public void ChiSquared_AValueNeverSeenInTraining_Drifts()
    {
        var drift = Strings(Repeated(63, ("x", 300), ("y", 300), ("z", 400)), Repeated(65, ("x", 30), ("y", 30), ("z", 39), ("new", 1)));

        Assert.AreEqual(nameof(DriftMethod.ChiSquared), drift.Method);
        Assert.AreEqual(0, drift.Value);
        Assert.IsTrue(drift.Drifted);
    }

    [TestMethod]
    public void LargeCategoricalReference_JensenShannon()
    {
        var same = Strings(Repeated(66, ("x", 600), ("y", 600)), Repeated(67, ("x", 50), ("y", 50)));
        var moved = Strings(Repeated(66, ("x", 600), ("y", 600)), Repeated(68, ("x", 90), ("y", 10)));

        Assert.AreEqual(nameof(DriftMethod.JensenShannon), same.Method);
        Assert.AreEqual(0, same.Value, 1e-9);
        Assert.IsFalse(same.Drifted);
        Assert.IsTrue(moved.Drifted);
    }

    [TestMethod]
    public void BooleansAreCategories()
    {
        var drift = Verdict(View(Repeated(69, ("t", 300), ("f", 700)).Select(v => new Flag { F = v == "t" })),
            View(Repeated(70, ("t", 70), ("f", 30)).Select(v => new Flag { F = v == "t" })), [new("F", "Boolean", ColumnProfile.FeatureRole)]);

        Assert.AreEqual(nameof(DriftMethod.ZTest), drift.Method);
        Assert.IsTrue(drift.Drifted);
    }

    [TestMethod]
    public void NumberWithFewValues_ComparesAsACategory()
    {
        static IDataView Ints(int seed, params (string Value, int Count)[] counts) =>
            View(Repeated(seed, counts).Select(v => new Small { N = int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) }));
        ProfiledColumn[] columns = [new("N", "Int32", ColumnProfile.FeatureRole)];

        var small = Verdict(Ints(71, ("1", 300), ("2", 300), ("3", 400)), Ints(72, ("1", 30), ("2", 30), ("3", 40)), columns);
        var large = Verdict(Ints(73, ("1", 3_000), ("2", 3_000), ("3", 4_000)), Ints(74, ("1", 30), ("2", 30), ("3", 40)), columns);
        var unseen = Verdict(Ints(71, ("1", 300), ("2", 300), ("3", 400)), Ints(75, ("1", 30), ("2", 30), ("4", 40)), columns);

        Assert.AreEqual(nameof(DriftMethod.ChiSquared), small.Method);
        Assert.AreEqual(1.0, small.Value, 1e-9);
        Assert.AreEqual(nameof(DriftMethod.JensenShannon), large.Method);
        Assert.AreEqual(0, large.Value, 1e-9);
        Assert.AreEqual(0, unseen.Value);
        Assert.IsTrue(unseen.Drifted);
    }

    [TestMethod]
    public void Text_JensenShannonOfItsWords()
    {
        string[] Sentences(int seed, int n, params string[] words)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, n).Select(i => string.Join(' ', Enumerable.Range(0, 5).Select(_ => words[random.Next(words.Length)])) + $" id{i}").ToArray();
        }
        string[] usual = ["disk", "full", "network", "slow", "crash", "login", "error", "timeout"];

        var same = Strings(Sentences(76, 2_000, usual), Sentences(77, 500, usual));
        var other = Strings(Sentences(76, 2_000, usual), Sentences(78, 500, "printer", "jam", "toner", "paper"));

        Assert.AreEqual(ColumnKind.Text, same.Kind);
        Assert.AreEqual(nameof(DriftMethod.JensenShannon), same.Method);
        Assert.IsFalse(same.Drifted);
        Assert.IsTrue(other.Drifted);
    }

    private sealed class Flag
    {
        public bool F { get; set; }
    }

    private sealed class Small
    {
        public int N { get; set; }
    }
}
