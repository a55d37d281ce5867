namespace Sdk.MlOps.Statistics;

/// <summary>
/// The regression metrics as ML.NET's <c>RegressionEvaluator</c> defines them, with its float arithmetic where it has
/// it (the squared loss and the label's square are float products), so that all-ones weights give its exact values.
/// </summary>
internal sealed class RegressionMetric : WeightedMetric
{
    private readonly int[] _counted;
    private readonly double[] _label;
    private readonly double[] _labelSquared;
    private readonly double[] _absolute;
    private readonly double[] _squared;
    private readonly double[] _loss;
    private readonly bool _skipUnweighted;
    private readonly Func<Totals, double> _value;

    private RegressionMetric(RegressionOutcomes outcomes, Func<Totals, double> value)
    {
        _value = value;
        var n = outcomes.Rows;
        _counted = outcomes.Counted.Select(c => c ? 1 : 0).ToArray();
        _label = new double[n];
        _labelSquared = new double[n];
        _absolute = new double[n];
        _squared = new double[n];
        _loss = new double[n];
        for (var i = 0; i < n; i++)
        {
            if (!outcomes.Counted[i]) continue;
            float label = outcomes.Label[i], score = outcomes.Score[i];
            _label[i] = label;
            _labelSquared[i] = label * label;
            _absolute[i] = Math.Abs((double)label - score);
            _squared[i] = _absolute[i] * _absolute[i];
            var difference = score - label;
            _loss[i] = difference * difference; // ML.NET's default loss, SquaredLoss, squares in float
        }
        // The evaluator keeps an infinite score; 0 × ∞ is NaN, so a row left out of a resample must then be skipped.
        _skipUnweighted = new[] { _label, _labelSquared, _absolute, _squared, _loss }.Any(values => values.Any(v => !double.IsFinite(v)));
    }

    public static RegressionMetric? For(string metric, RegressionOutcomes outcomes) => metric switch
    {
        "MeanAbsoluteError" => new(outcomes, t => t.Weight > 0 ? t.Absolute / t.Weight : 0),
        "MeanSquaredError" => new(outcomes, t => t.Weight > 0 ? t.Squared / t.Weight : 0),
        "RootMeanSquaredError" => new(outcomes, t => t.Weight > 0 ? Math.Sqrt(t.Squared / t.Weight) : 0),
        "LossFunction" => new(outcomes, t => t.Weight > 0 ? t.Loss / t.Weight : 0),
        "RSquared" => new(outcomes, RSquared),
        _ => null,
    };

    public override double Compute(ReadOnlySpan<int> weights)
    {
        long weight = 0;
        double absolute = 0, squared = 0, loss = 0, label = 0, labelSquared = 0;
        for (var i = 0; i < _counted.Length; i++)
        {
            var w = weights[i];
            if (_skipUnweighted && w == 0) continue;
            weight += w * _counted[i];
            label += _label[i] * w;
            labelSquared += _labelSquared[i] * w;
            absolute += _absolute[i] * w;
            squared += _squared[i] * w;
            loss += _loss[i] * w;
        }
        return _value(new Totals(weight, absolute, squared, loss, label, labelSquared));
    }

    /// <summary>NaN when the labels do not vary (ML.NET's choice over −∞).</summary>
    private static double RSquared(Totals t)
    {
        if (t.Weight <= 0) return 0;
        var variation = t.LabelSquared - t.Label * t.Label / t.Weight;
        return variation == 0 ? double.NaN : 1 - t.Squared / variation;
    }

    private readonly record struct Totals(double Weight, double Absolute, double Squared, double Loss, double Label, double LabelSquared);
}
