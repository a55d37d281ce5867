using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Runtime.Tests.Statistics;

/// <summary>
/// With every row weighing 1, each row-weighted metric is the value ML.NET's evaluator reports on the same scored
/// view: the bootstrap resamples the metric the gates read, not a look-alike.
/// </summary>
[TestClass]
public sealed class MetricParityTests
{
    /// <summary>Most metrics match to the last bit; sums over classes may add in another order.</summary>
    private const double Tolerance = 1e-12;

    private static readonly string[] BinaryCounts =
        ["Accuracy", "AreaUnderRocCurve", "AreaUnderPrecisionRecallCurve", "F1Score", "PositivePrecision", "PositiveRecall", "NegativePrecision", "NegativeRecall"];

    [TestMethod]
    public void Binary_Calibrated_EveryMetricIsMlNets() =>
        AssertMlNetValues(ScoredModels.LogisticRegression, [.. BinaryCounts, "LogLoss", "LogLossReduction"]);

    [TestMethod]
    public void Binary_ManyTiedScores_EveryMetricIsMlNets()
    {
        var trees = ScoredModels.FewTrees();
        var outcomes = (BinaryOutcomes)trees.Outcomes();
        Assert.IsLessThan(20, outcomes.Score.Distinct().Count(), "the case needs heavy ties, where AUC counts half and AUPRC follows row order");

        AssertMlNetValues(trees, [.. BinaryCounts, "LogLoss", "LogLossReduction"]);
    }

    [TestMethod]
    public void Binary_NonCalibrated_HasNoLogLoss()
    {
        var svm = ScoredModels.NonCalibrated();
        Assert.IsNull(svm.View.Schema.GetColumnOrNull("Probability"));

        AssertMlNetValues(svm, BinaryCounts);
        var outcomes = svm.Outcomes();
        Assert.IsNull(PairedBootstrap.Compare("LogLoss", outcomes, outcomes, 0.95));
        Assert.IsNull(PairedBootstrap.Compare("LogLossReduction", outcomes, outcomes, 0.95));
    }

    [TestMethod]
    public void Multiclass_EveryMetricIsMlNets() =>
        AssertMlNetValues(ScoredModels.Maxent(rows => rows), ["MicroAccuracy", "MacroAccuracy", "LogLoss", "LogLossReduction"]);

    [TestMethod]
    public void Regression_EveryMetricIsMlNets() =>
        AssertMlNetValues(ScoredModels.Sdca(), ["MeanAbsoluteError", "MeanSquaredError", "RootMeanSquaredError", "RSquared", "LossFunction"]);

    [TestMethod]
    public void AnomalyDetection_AreaUnderRocCurveIsMlNets() => AssertMlNetValues(ScoredModels.Pca(), ["AreaUnderRocCurve"]);

    [TestMethod]
    public void SelectedRows_AreMlNetsValuesOnThoseRowsAlone()
    {
        var model = ScoredModels.LogisticRegression;
        var even = Enumerable.Range(0, ScoredModels.TestRows).Where(i => i % 2 == 0).ToArray();
        var expected = model.MlNetMetricsOf(even);

        var selected = model.Outcomes().Select(even);

        Assert.AreEqual(even.Length, selected.Rows);
        foreach (var metric in new[] { "Accuracy", "AreaUnderRocCurve", "AreaUnderPrecisionRecallCurve", "LogLoss" })
            Assert.AreEqual(expected[metric], PairedBootstrap.Compare(metric, selected, selected, 0.95, resamples: 1)!.Candidate, Tolerance, metric);
    }

    [TestMethod]
    public void BinaryLogLoss_IsInBitsAndNotClamped()
    {
        var ml = new MLContext(seed: 1);
        // −log2(0.5) = 1 bit and −log2(1 − 0.75) = 2 bits: 1.5 on average. A negative row given probability 1 costs
        // infinitely many bits: ML.NET's binary evaluator does not clamp, unlike its multiclass one.
        var finite = ml.Data.LoadFromEnumerable(new[] { new Fixed(true, 1, 0.5f, true), new Fixed(false, 2, 0.75f, true) });
        var infinite = ml.Data.LoadFromEnumerable(new[] { new Fixed(true, 1, 0.5f, true), new Fixed(false, 3, 1f, true) });

        foreach (var (view, expected) in new[] { (finite, 1.5), (infinite, double.PositiveInfinity) })
        {
            var outcomes = RowOutcomes.From(ModelTask.BinaryClassification, view, "Label", new ClassNames());
            Assert.AreEqual(expected, ml.BinaryClassification.Evaluate(view).LogLoss);
            Assert.AreEqual(expected, PairedBootstrap.Compare("LogLoss", outcomes, outcomes, 0.95, resamples: 1)!.Candidate);
        }
    }

    [TestMethod]
    public void MulticlassLogLoss_IsNaturalAndClampedAt1e15()
    {
        var ml = new MLContext(seed: 1);
        // The true class gets 0.5 (ln 2) and then 0, which the evaluator clamps to 1e-15 (−ln 1e-15 ≈ 34.5). No names:
        // classes are told by index, as ML.NET's evaluator tells them.
        var view = ml.Data.LoadFromEnumerable(new[] { new Keyed(0, [0.5f, 0.3f, 0.2f]), new Keyed(1, [1f, 0f, 0f]) });
        var expected = (Math.Log(2) - Math.Log(1e-15f)) / 2;

        var outcomes = RowOutcomes.From(ModelTask.MulticlassClassification, view, "Label", new ClassNames());

        Assert.AreEqual(expected, ml.MulticlassClassification.Evaluate(view).LogLoss, 1e-12);
        Assert.AreEqual(expected, PairedBootstrap.Compare("LogLoss", outcomes, outcomes, 0.95, resamples: 1)!.Candidate, 1e-12);
    }

    public sealed record Fixed(bool Label, float Score, float Probability, bool PredictedLabel);

    public sealed class Keyed
    {
        public Keyed() { }

        /// <summary>LoadFromEnumerable stores a [KeyType] value plus one: <paramref name="label"/> is the class index.</summary>
        public Keyed(uint label, float[] score) => (Label, Score, PredictedLabel) = (label, score, 0);

        [KeyType(3)] public uint Label { get; set; }

        [KeyType(3)] public uint PredictedLabel { get; set; }

        [VectorType(3)] public float[] Score { get; set; } = [];
    }

    /// <summary>
    /// Each of <paramref name="supported"/> equals ML.NET's value; every other metric ML.NET reports for the task has
    /// no row-weighted form (null), so none is silently approximated.
    /// </summary>
    private static void AssertMlNetValues(ScoredModels.Scored scored, string[] supported)
    {
        var expected = scored.MlNetMetrics;
        var outcomes = scored.Outcomes();
        Assert.AreEqual(ScoredModels.TestRows, outcomes.Rows);
        CollectionAssert.IsSubsetOf(supported, expected.Keys.ToArray());

        foreach (var (metric, value) in expected)
        {
            var compared = PairedBootstrap.Compare(metric, outcomes, outcomes, 0.95, resamples: 1);
            if (!supported.Contains(metric))
            {
                Assert.IsNull(compared, $"{metric} has no row-weighted form");
                continue;
            }
            Assert.IsNotNull(compared, metric);
            Assert.AreEqual(value, compared.Candidate, Tolerance, metric);
            Assert.AreEqual(value, compared.Champion, Tolerance, metric);
        }
    }
}
