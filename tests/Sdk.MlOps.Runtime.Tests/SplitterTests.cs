using Sdk.MlOps.Data;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class SplitterTests
{
    /// <summary>100 rows in classes of 50, 30, 15, 4 and 1 rows, interleaved as real files are.</summary>
    private static readonly string?[] Labels = new[] { ("a", 50), ("b", 30), ("c", 15), ("d", 4), ("solo", 1) }
        .SelectMany(c => Enumerable.Repeat(c.Item1, c.Item2))
        .Select((label, i) => (label, key: (i * 37) % 100))
        .OrderBy(x => x.key)
        .Select(x => (string?)x.label)
        .ToArray();

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void SameSeedGivesTheSameSplit(bool stratify)
    {
        var first = Splitter.Split(Labels, 0.2, 7, stratify);
        var second = Splitter.Split(Labels, 0.2, 7, stratify);

        CollectionAssert.AreEqual(first.Test, second.Test);
        CollectionAssert.AreEqual(first.Train, second.Train);
    }

    [TestMethod]
    public void DifferentSeedGivesADifferentSplit() =>
        CollectionAssert.AreNotEqual(Splitter.Split(Labels, 0.2, 1, true).Test, Splitter.Split(Labels, 0.2, 2, true).Test);

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void EveryRowIsInExactlyOnePart(bool stratify)
    {
        var (train, test) = Splitter.Split(Labels, 0.3, 11, stratify);

        CollectionAssert.AreEqual(Enumerable.Range(0, Labels.Length).ToArray(), train.Concat(test).Order().ToArray());
    }

    [TestMethod]
    public void StratifiedTestClassesAreAllInTraining()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var (train, test) = Splitter.Split(Labels, 0.5, seed, stratify: true);
            var trained = train.Select(i => Labels[i]).ToHashSet();

            Assert.IsTrue(test.All(i => trained.Contains(Labels[i])), $"seed {seed}");
            Assert.IsTrue(train.Any(i => Labels[i] == "solo"), $"seed {seed}: the one-row class left training");
        }
    }

    [TestMethod]
    public void StratifiedSplitHoldsTheFractionOfEachClass()
    {
        var (_, test) = Splitter.Split(Labels, 0.2, 3, stratify: true);
        var held = test.GroupBy(i => Labels[i]!).ToDictionary(g => g.Key, g => g.Count());

        Assert.AreEqual(10, held["a"]);
        Assert.AreEqual(6, held["b"]);
        Assert.AreEqual(3, held["c"]);
        Assert.AreEqual(1, held["d"]);
        Assert.IsFalse(held.ContainsKey("solo"));
    }

    [TestMethod]
    [DataRow(0.1, 10)]
    [DataRow(0.25, 25)]
    [DataRow(0.333, 33)]
    public void UnstratifiedSplitHoldsTheFraction(double fraction, int expectedTestRows) =>
        Assert.HasCount(expectedTestRows, Splitter.Split(Labels, fraction, 5, stratify: false).Test);
}
