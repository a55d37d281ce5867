using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Runtime.Tests.Statistics;

/// <summary>
/// A resample's weights must mean what a resample is: weight k is the row k times. Each weighted metric therefore
/// equals ML.NET's evaluator on the scored data with every row repeated as often as drawn.
/// </summary>
[TestClass]
public sealed class WeightedMetricTests
{
    /// <summary>The same sums in a different order (k × value against k additions of it).</summary>
    private const double Tolerance = 1e-9;

    [TestMethod]
    public void TiedBinaryScores_EveryMetricIsMlNetsOnTheRepeatedRows() => AssertResampleIsRepeatedRows(ScoredModels.FewTrees(),
        "Accuracy", "AreaUnderRocCurve", "AreaUnderPrecisionRecallCurve", "F1Score", "PositivePrecision", "PositiveRecall",
        "NegativePrecision", "NegativeRecall", "LogLoss", "LogLossReduction");

    [TestMethod]
    public void Multiclass_EveryMetricIsMlNetsOnTheRepeatedRows() =>
        AssertResampleIsRepeatedRows(ScoredModels.Maxent(rows => rows), "MicroAccuracy", "MacroAccuracy", "LogLoss", "LogLossReduction");

    [TestMethod]
    public void Regression_EveryMetricIsMlNetsOnTheRepeatedRows() => AssertResampleIsRepeatedRows(ScoredModels.Sdca(),
        "MeanAbsoluteError", "MeanSquaredError", "RootMeanSquaredError", "RSquared", "LossFunction");

    [TestMethod]
    public void AnomalyDetection_AreaUnderRocCurveIsMlNetsOnTheRepeatedRows() => AssertResampleIsRepeatedRows(ScoredModels.Pca(), "AreaUnderRocCurve");

    [TestMethod]
    public void Resampler_SameSeedSameDraws_AsManyDrawsAsRows()
    {
        int[] first = new int[500], again = new int[500], other = new int[500];

        new Resampler(3).Draw(first);
        new Resampler(3).Draw(again);
        new Resampler(4).Draw(other);

        CollectionAssert.AreEqual(first, again);
        CollectionAssert.AreNotEqual(first, other);
        Assert.AreEqual(500, first.Sum());
        var leftOut = first.Count(w => w == 0) / 500.0;
        Assert.IsTrue(leftOut is > 0.3 and < 0.44, $"about 1/e of the rows are left out of a resample, not {leftOut}");
    }

    [TestMethod]
    public void Resampler_DrawsEveryRowAlike()
    {
        var resampler = new Resampler(1);
        var counts = new int[7];
        for (var i = 0; i < 70_000; i++) counts[resampler.Below(7)]++;

        // 10,000 expected each, standard deviation ≈ 93: ±500 is over five of them.
        foreach (var count in counts) Assert.IsTrue(Math.Abs(count - 10_000) < 500, string.Join(", ", counts));
    }

    private static void AssertResampleIsRepeatedRows(ScoredModels.Scored scored, params string[] metrics)
    {
        var outcomes = scored.Outcomes();
        var weights = new int[outcomes.Rows];
        new Resampler(11).Draw(weights);
        // Each row as often as drawn, copies side by side, rows in their order: ties keep that order in ML.NET's sort.
        var repeated = Enumerable.Range(0, weights.Length).SelectMany(i => Enumerable.Repeat(i, weights[i])).ToArray();
        var expected = scored.MlNetMetricsOf(repeated);

        foreach (var metric in metrics)
        {
            var weighted = WeightedMetric.For(metric, outcomes)!.Compute(weights);
            Assert.AreEqual(expected[metric], weighted, Tolerance, metric);
            Assert.AreNotEqual(scored.MlNetMetrics[metric], weighted, $"{metric}: the resample must change the value for the test to tell");
        }
    }
}
