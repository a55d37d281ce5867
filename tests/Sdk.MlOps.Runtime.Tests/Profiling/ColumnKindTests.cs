using Microsoft.ML.Data;
using Sdk.MlOps.Profiling;
using static Sdk.MlOps.Runtime.Tests.Profiling.ProfilingData;

namespace Sdk.MlOps.Runtime.Tests.Profiling;

/// <summary>How the profiler decides a column's kind, and what it keeps of each kind.</summary>
[TestClass]
public sealed class ColumnKindTests
{
    private static readonly string[] Thirteen = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m"];

    [TestMethod]
    public void FewStrings_AreACategory_WithEveryValueCounted()
    {
        // Value k is seen k + 1 times; one in eleven rows is empty (missing).
        var values = Repeated(21, Thirteen.Select((v, k) => (v, k + 1)).Append(("", 9)).ToArray());

        var column = DataProfiler.Profile(Texts(values), TextColumns, "training").Columns.Single();

        Assert.AreEqual(ColumnKind.Categorical, column.Kind);
        Assert.AreEqual(100, column.Count);
        Assert.AreEqual(9, column.Missing);
        Assert.IsNull(column.Numeric);
        Assert.IsNull(column.Text);
        var categories = column.Categories!;
        Assert.IsTrue(categories.Complete);
        Assert.AreEqual(13, categories.Distinct);
        Assert.AreEqual(0, categories.Other);
        CollectionAssert.AreEqual(Thirteen.Reverse().ToArray(), categories.Top.Select(t => t.Value).ToArray());
        CollectionAssert.AreEqual(Enumerable.Range(1, 13).Reverse().Select(n => (long)n).ToArray(), categories.Top.Select(t => t.Count).ToArray());
    }

    [TestMethod]
    public void ManyMultiWordStrings_AreText_WithTheirTopWords()
    {
        // "The" in every value, "Disk" in every other, "full" in every fifth; the number makes 5,000 distinct values.
        var values = Enumerable.Range(0, 5_000)
            .Select(i => $"The {(i % 2 == 0 ? "Disk" : "network")}-{(i % 5 == 0 ? "full" : "slow")} case{i}").ToArray();

        var column = DataProfiler.Profile(Texts(values), TextColumns, "training").Columns.Single();

        Assert.AreEqual(ColumnKind.Text, column.Kind);
        Assert.AreEqual(5_000, column.Count);
        Assert.IsNull(column.Categories);
        var words = column.Text!.Tokens;
        Assert.AreEqual(new ValueCount("the", 5_000), words.Top[0]);
        CollectionAssert.Contains(words.Top.ToArray(), new ValueCount("disk", 2_500));
        CollectionAssert.Contains(words.Top.ToArray(), new ValueCount("network", 2_500));
        CollectionAssert.Contains(words.Top.ToArray(), new ValueCount("slow", 4_000));
        CollectionAssert.Contains(words.Top.ToArray(), new ValueCount("full", 1_000));
        Assert.HasCount(ColumnAccumulator.TopWords, words.Top);
        // Four words a value: all 20,000 are counted, most of them (the case numbers) as other.
        Assert.AreEqual(20_000, words.Total);
        var lengths = values.Select(v => (double)v.Length).Order().ToArray();
        Assert.AreEqual(lengths[0], column.Text.Length.Min);
        Assert.AreEqual(lengths[^1], column.Text.Length.Max);
        Assert.AreEqual(lengths.Average(), column.Text.Length.Mean, 1e-9);
    }

    [TestMethod]
    public void Booleans_AreACategory()
    {
        var rows = Enumerable.Range(0, 10).Select(i => new Flag { F = i < 7 });

        var column = DataProfiler.Profile(View(rows), [new("F", "Boolean", ColumnProfile.FeatureRole)], "training").Columns.Single();

        Assert.AreEqual(ColumnKind.Categorical, column.Kind);
        Assert.IsTrue(column.Categories!.Complete);
        CollectionAssert.AreEqual(new[] { new ValueCount("true", 7), new ValueCount("false", 3) }, column.Categories.Top.ToArray());
    }

    [TestMethod]
    public void TheIdColumnAndVectors_AreCountedOnly()
    {
        var rows = Enumerable.Range(0, 10).Select(i => new Keyed { Id = "row" + i, Number = i, V = [i, 1, 2] });
        ProfiledColumn[] columns = [new("Id", "String", ColumnProfile.IdRole), new("Number", "Int32", ColumnProfile.IdRole), new("V", "Single[]", ColumnProfile.FeatureRole)];

        var profile = DataProfiler.Profile(View(rows), columns, "training");

        Assert.AreEqual(10, profile.Rows);
        foreach (var column in profile.Columns)
        {
            Assert.AreEqual(ColumnKind.Counted, column.Kind, column.Name);
            Assert.AreEqual(10, column.Count, column.Name);
            Assert.IsNull(column.Numeric, column.Name);
            Assert.IsNull(column.Categories, column.Name);
            Assert.IsNull(column.Text, column.Name);
        }
    }

    [TestMethod]
    public void NumberWithFewValues_IsNumericAndAlsoACategory()
    {
        var rows = Enumerable.Range(0, 100).Select(i => new Small { N = i % 10 < 6 ? 1 : i % 10 < 9 ? 2 : 3 });

        var column = DataProfiler.Profile(View(rows), [new("N", "Int32", ColumnProfile.FeatureRole)], "training").Columns.Single();

        Assert.AreEqual(ColumnKind.Numeric, column.Kind);
        Assert.AreEqual(1.5, column.Numeric!.Mean, 1e-12); // 0.6·1 + 0.3·2 + 0.1·3
        CollectionAssert.AreEqual(new[] { new ValueCount("1", 60), new ValueCount("2", 30), new ValueCount("3", 10) }, column.Categories!.Top.ToArray());
        Assert.IsTrue(column.Categories.Complete);
    }

    private sealed class Flag
    {
        public bool F { get; set; }
    }

    private sealed class Keyed
    {
        public string Id { get; set; } = "";
        public int Number { get; set; }
        [VectorType(3)]
        public float[] V { get; set; } = [];
    }

    private sealed class Small
    {
        public int N { get; set; }
    }
}
