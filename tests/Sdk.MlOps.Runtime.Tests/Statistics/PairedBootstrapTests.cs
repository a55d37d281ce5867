using System.Collections.Immutable;
using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Runtime.Tests.Statistics;

/// <summary>What the paired interval must say about models whose relation is known by construction.</summary>
[TestClass]
public sealed class PairedBootstrapTests
{
    [TestMethod]
    [DataRow("Accuracy")]
    [DataRow("AreaUnderRocCurve")]
    [DataRow("AreaUnderPrecisionRecallCurve")]
    [DataRow("LogLoss")]
    [DataRow("F1Score")]
    public void ModelAgainstItself_DiffersByExactlyNothing(string metric)
    {
        var outcomes = ScoredModels.LogisticRegression.Outcomes();

        var result = PairedBootstrap.Compare(metric, outcomes, outcomes, 0.95)!;

        Assert.AreEqual(0.0, result.Difference);
        Assert.AreEqual(0.0, result.Lower);
        Assert.AreEqual(0.0, result.Upper);
        Assert.AreEqual(1000, result.Resamples);
        Assert.AreEqual(ScoredModels.TestRows, result.Rows);
        Assert.AreEqual(metric == "Accuracy" ? 1.0 : null, result.McNemarP);
    }

    [TestMethod]
    [DataRow("MicroAccuracy")]
    [DataRow("MacroAccuracy")]
    [DataRow("LogLossReduction")]
    public void MulticlassModelAgainstItself_DiffersByExactlyNothing(string metric)
    {
        var outcomes = ScoredModels.Maxent(rows => rows).Outcomes();

        var result = PairedBootstrap.Compare(metric, outcomes, outcomes, 0.9)!;

        Assert.AreEqual((0.0, 0.0, 0.0), (result.Difference, result.Lower, result.Upper));
    }

    [TestMethod]
    public void ChanceModelAgainstAGoodOne_IntervalLiesWhollyOnTheWorseSide()
    {
        var good = ScoredModels.LogisticRegression.Outcomes();
        var chance = ScoredModels.ShuffledLogisticRegression.Outcomes();

        var auc = PairedBootstrap.Compare("AreaUnderRocCurve", chance, good, 0.95)!;
        var accuracy = PairedBootstrap.Compare("Accuracy", chance, good, 0.95)!;
        var logLoss = PairedBootstrap.Compare("LogLoss", chance, good, 0.95)!;
        var reversed = PairedBootstrap.Compare("AreaUnderRocCurve", good, chance, 0.95)!;

        Assert.IsLessThan(-0.1, auc.Difference, "trained on shuffled labels, the candidate learnt next to nothing");
        Assert.IsLessThan(0.0, auc.Upper, "a worse AUC is a negative difference");
        Assert.IsLessThan(0.0, accuracy.Upper);
        Assert.IsLessThan(1e-6, accuracy.McNemarP!.Value);
        Assert.IsGreaterThan(0.0, logLoss.Lower, "a worse log-loss is a positive difference: the unit is the metric's own");
        Assert.IsGreaterThan(0.0, reversed.Lower);
        Assert.AreEqual(-auc.Difference, reversed.Difference, 1e-15);
    }

    [TestMethod]
    public void ChanceRegressionAgainstAGoodOne_IntervalLiesWhollyOnTheWorseSide()
    {
        var good = ScoredModels.Sdca().Outcomes();
        var chance = ScoredModels.Sdca(shuffleLabels: true).Outcomes();

        Assert.IsGreaterThan(0.0, PairedBootstrap.Compare("MeanAbsoluteError", chance, good, 0.95)!.Lower);
        Assert.IsLessThan(0.0, PairedBootstrap.Compare("RSquared", chance, good, 0.95)!.Upper);
    }

    [TestMethod]
    [DataRow("AreaUnderRocCurve")]
    [DataRow("LogLoss")]
    public void NearlyTheSameRegularization_IntervalContainsZero(string metric)
    {
        var champion = ScoredModels.Logistic(1e-4f).Outcomes();
        var candidate = ScoredModels.Logistic(1.1e-4f).Outcomes();
        Assert.IsFalse(((BinaryOutcomes)candidate).Score.SequenceEqual(((BinaryOutcomes)champion).Score), "the two models must differ somewhat");

        var result = PairedBootstrap.Compare(metric, candidate, champion, 0.95)!;

        Assert.IsLessThan(result.Upper, result.Lower, "the models differ, so the interval is not a point");
        Assert.IsLessThanOrEqualTo(0.0, result.Lower);
        Assert.IsGreaterThanOrEqualTo(0.0, result.Upper);
    }

    [TestMethod]
    public void SameSeed_SameInterval_OtherSeed_OtherInterval()
    {
        var champion = ScoredModels.LogisticRegression.Outcomes();
        var candidate = ScoredModels.Logistic(1e-2f).Outcomes();

        var first = PairedBootstrap.Compare("AreaUnderRocCurve", candidate, champion, 0.95, seed: 7);
        var again = PairedBootstrap.Compare("AreaUnderRocCurve", candidate, champion, 0.95, seed: 7);
        var other = PairedBootstrap.Compare("AreaUnderRocCurve", candidate, champion, 0.95, seed: 8);

        Assert.AreEqual(first, again);
        Assert.AreNotEqual((first!.Lower, first.Upper), (other!.Lower, other.Upper));
        Assert.AreEqual(first.Difference, other.Difference, "the point values do not depend on the seed");
    }

    [TestMethod]
    public void WiderConfidence_WiderInterval()
    {
        var champion = ScoredModels.LogisticRegression.Outcomes();
        var candidate = ScoredModels.Logistic(1e-2f).Outcomes();

        var narrow = PairedBootstrap.Compare("Accuracy", candidate, champion, 0.8)!;
        var wide = PairedBootstrap.Compare("Accuracy", candidate, champion, 0.99)!;

        Assert.IsLessThanOrEqualTo(narrow.Lower, wide.Lower);
        Assert.IsGreaterThanOrEqualTo(narrow.Upper, wide.Upper);
        Assert.IsGreaterThan(narrow.Upper - narrow.Lower, wide.Upper - wide.Lower);
    }

    [TestMethod]
    public void McNemar_CountsTheRowsExactlyOneModelGetsRight()
    {
        var champion = (BinaryOutcomes)ScoredModels.LogisticRegression.Outcomes();
        var candidate = (BinaryOutcomes)ScoredModels.ShuffledLogisticRegression.Outcomes();
        // ML.NET's rule, from the scores and labels alone: positive when the score is above 0.
        var rows = Enumerable.Range(0, candidate.Rows).ToArray();
        var candidateOnly = rows.Count(i => candidate.Score[i] > 0 == candidate.Positive[i] && champion.Score[i] > 0 != champion.Positive[i]);
        var championOnly = rows.Count(i => champion.Score[i] > 0 == champion.Positive[i] && candidate.Score[i] > 0 != candidate.Positive[i]);

        var result = PairedBootstrap.Compare("Accuracy", candidate, champion, 0.95)!;

        Assert.AreEqual(McNemar.ExactP(candidateOnly, championOnly), result.McNemarP);
        Assert.IsNull(PairedBootstrap.Compare("AreaUnderRocCurve", candidate, champion, 0.95)!.McNemarP);
    }

    [TestMethod]
    [DataRow(ModelTask.BinaryClassification, "Entropy")]
    [DataRow(ModelTask.BinaryClassification, "NoSuchMetric")]
    [DataRow(ModelTask.BinaryClassification, "MicroAccuracy")]
    [DataRow(ModelTask.AnomalyDetection, "DetectionRateAtFalsePositiveCount")]
    [DataRow(ModelTask.AnomalyDetection, "Accuracy")]
    public void MetricWithoutARowWeightedForm_IsNull(ModelTask task, string metric)
    {
        var outcomes = (task == ModelTask.AnomalyDetection ? ScoredModels.Pca() : ScoredModels.LogisticRegression).Outcomes();

        Assert.IsNull(PairedBootstrap.Compare(metric, outcomes, outcomes, 0.95));
    }

    [TestMethod]
    public void PrecisionRecallArea_BeyondMlNetsReservoir_IsNull()
    {
        static BinaryOutcomes Rows(int n) => new(ModelTask.BinaryClassification, ImmutableArray.CreateRange(Enumerable.Repeat(true, n)),
            ImmutableArray.CreateRange(Enumerable.Range(0, n).Select(i => i % 3 == 0)), ImmutableArray.CreateRange(Enumerable.Range(0, n).Select(i => i % 2 == 0)),
            ImmutableArray.CreateRange(Enumerable.Range(0, n).Select(i => (float)(i % 7))), null);

        Assert.IsNotNull(PairedBootstrap.Compare("AreaUnderPrecisionRecallCurve", Rows(100_000), Rows(100_000), 0.95, resamples: 1));
        Assert.IsNull(PairedBootstrap.Compare("AreaUnderPrecisionRecallCurve", Rows(100_001), Rows(100_001), 0.95, resamples: 1));
    }

    [TestMethod]
    public void OutcomesOfDifferentRowsOrTasks_AreRefused()
    {
        var outcomes = ScoredModels.LogisticRegression.Outcomes();

        Assert.ThrowsExactly<ArgumentException>(() => PairedBootstrap.Compare("Accuracy", outcomes, outcomes.Select([0, 1, 2]), 0.95));
        Assert.ThrowsExactly<ArgumentException>(() => PairedBootstrap.Compare("Accuracy", outcomes, ScoredModels.Sdca().Outcomes(), 0.95));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PairedBootstrap.Compare("Accuracy", outcomes, outcomes, 95));
    }
}
