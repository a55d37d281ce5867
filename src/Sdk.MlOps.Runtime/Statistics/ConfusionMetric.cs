namespace Sdk.MlOps.Statistics;

/// <summary>
/// The binary metrics made of weighted counts, as ML.NET's <c>BinaryClassifierEvaluator</c> defines them: the
/// confusion cells (a row is predicted positive when its score is above 0), and the log-loss in bits of the
/// probability, which is not clamped (a probability of exactly 0 or 1 on the wrong side makes it infinite).
/// </summary>
internal sealed class ConfusionMetric : WeightedMetric
{
    private const byte TruePositive = 0, FalseNegative = 1, FalsePositive = 2, TrueNegative = 3, NotCounted = 4;
    private const byte Negative = 0, Positive = 1, NoProbability = 2;

    private readonly byte[] _cell;
    private readonly double[]? _logLoss;
    private readonly byte[]? _logLossClass;
    private readonly bool _skipUnweighted;
    private readonly Func<Totals, double> _value;

    private ConfusionMetric(BinaryOutcomes outcomes, bool logLoss, Func<Totals, double> value)
    {
        _value = value;
        _cell = new byte[outcomes.Rows];
        for (var i = 0; i < _cell.Length; i++)
            _cell[i] = !outcomes.Counted[i] ? NotCounted
                : outcomes.Positive[i] ? (outcomes.PredictedPositive[i] ? TruePositive : FalseNegative)
                : (outcomes.PredictedPositive[i] ? FalsePositive : TrueNegative);
        if (!logLoss || outcomes.Probability is not { } probability) return;

        _logLoss = new double[outcomes.Rows];
        _logLossClass = new byte[outcomes.Rows];
        for (var i = 0; i < _cell.Length; i++)
        {
            var p = probability[i];
            if (!outcomes.Counted[i]) { _logLossClass[i] = NoProbability; continue; }
            _logLoss[i] = float.IsNaN(p) ? double.NaN : outcomes.Positive[i] ? -Math.Log(p, 2) : -Math.Log(1.0 - p, 2);
            // Only rows with a probability count towards the prior of the log-loss reduction.
            _logLossClass[i] = float.IsNaN(p) ? NoProbability : outcomes.Positive[i] ? Positive : Negative;
        }
        // 0 × ∞ is NaN: a row left out of a resample must then be skipped, not multiplied by 0.
        _skipUnweighted = _logLoss.Any(l => !double.IsFinite(l));
    }

    public static ConfusionMetric? For(string metric, BinaryOutcomes outcomes) => metric switch
    {
        "Accuracy" => new(outcomes, false, t => (t.TrueNeg + t.TruePos) / (t.TruePos + t.TrueNeg + t.FalseNeg + t.FalsePos)),
        "PositivePrecision" => new(outcomes, false, t => t.PositivePrecision),
        "PositiveRecall" => new(outcomes, false, t => t.PositiveRecall),
        "NegativePrecision" => new(outcomes, false, t => t.TrueNeg + t.FalseNeg > 0 ? t.TrueNeg / (t.TrueNeg + t.FalseNeg) : 0),
        "NegativeRecall" => new(outcomes, false, t => t.TrueNeg + t.FalsePos > 0 ? t.TrueNeg / (t.TrueNeg + t.FalsePos) : 0),
        "F1Score" => new(outcomes, false, t => t.PositivePrecision + t.PositiveRecall == 0 ? 0
            : 2 * t.PositivePrecision * t.PositiveRecall / (t.PositivePrecision + t.PositiveRecall)),
        // EvaluateNonCalibrated reports no log-loss: without a probability there is none to compare.
        "LogLoss" when outcomes.Probability is not null => new(outcomes, true, t => double.IsNaN(t.LogLoss) ? double.NaN
            : t.LogLossPositives + t.LogLossNegatives > 0 ? t.LogLoss / (t.LogLossPositives + t.LogLossNegatives) : 0),
        "LogLossReduction" when outcomes.Probability is not null => new(outcomes, true, LogLossReduction),
        _ => null,
    };

    public override double Compute(ReadOnlySpan<int> weights)
    {
        // Branch-free: a resample leaves a third of the rows out, at random, which no branch predictor guesses.
        Span<long> cells = stackalloc long[5];
        for (var i = 0; i < _cell.Length; i++) cells[_cell[i]] += weights[i];

        Span<long> classes = stackalloc long[3];
        double logLoss = 0;
        if (_logLoss is not null)
        {
            for (var i = 0; i < _logLoss.Length; i++)
            {
                var w = weights[i];
                if (_skipUnweighted && w == 0) continue;
                logLoss += _logLoss[i] * w;
                classes[_logLossClass![i]] += w;
            }
        }
        return _value(new Totals(cells[TruePositive], cells[FalseNegative], cells[FalsePositive], cells[TrueNegative], logLoss, classes[Positive], classes[Negative]));
    }

    /// <summary>Against the entropy of the test labels' positive rate: what predicting the prior alone would cost.</summary>
    private static double LogLossReduction(Totals t)
    {
        var n = t.LogLossPositives + t.LogLossNegatives;
        if (n == 0) return 0;
        var prior = Entropy(t.LogLossPositives / n);
        return (prior - t.LogLoss / n) / prior;
    }

    /// <summary>ML.NET's <c>MathUtils.Entropy</c>, in bits.</summary>
    private static double Entropy(double p) =>
        p < 0 || p > 1 ? double.NaN : p == 0 || p == 1 ? 0 : -p * Math.Log(p, 2) - (1 - p) * Math.Log(1 - p, 2);

    private readonly record struct Totals(double TruePos, double FalseNeg, double FalsePos, double TrueNeg,
        double LogLoss, double LogLossPositives, double LogLossNegatives)
    {
        public double PositivePrecision => TruePos + FalsePos > 0 ? TruePos / (TruePos + FalsePos) : 0;

        public double PositiveRecall => TruePos + FalseNeg > 0 ? TruePos / (TruePos + FalseNeg) : 0;
    }
}
