namespace Sdk.MlOps.Statistics;

/// <summary>
/// The multiclass metrics as ML.NET's <c>MulticlassClassificationEvaluator</c> defines them. Macro accuracy is the
/// mean recall over the classes present in the (weighted) test labels. Log-loss is natural-log, of the true class's
/// score clamped to [1e-15, 1]; its reduction is against the entropy of the test labels' own class frequencies.
/// </summary>
internal sealed class MulticlassMetric : WeightedMetric
{
    private const float Epsilon = 1e-15f;

    private readonly int[] _counted;
    private readonly int[] _class;
    private readonly int[] _right;
    private readonly double[]? _logLoss;
    private readonly long[] _classWeight;
    private readonly long[] _classRight;
    private readonly Func<MulticlassMetric, Totals, double> _value;

    private MulticlassMetric(MulticlassOutcomes outcomes, bool logLoss, Func<MulticlassMetric, Totals, double> value)
    {
        _value = value;
        var n = outcomes.Rows;
        var none = outcomes.ClassCount;
        _counted = outcomes.Counted.Select(c => c ? 1 : 0).ToArray();
        // A row counts in no class when it is not counted, or when the model has no score for its true class (ML.NET
        // counts those in the totals only): such rows go to one extra slot that no figure reads.
        _class = Enumerable.Range(0, n).Select(i => outcomes.Counted[i] && outcomes.IsScored(i) ? outcomes.TrueClass[i] : none).ToArray();
        _right = Enumerable.Range(0, n).Select(i => outcomes.Counted[i] && outcomes.IsRight(i) ? 1 : 0).ToArray();
        if (logLoss)
            _logLoss = Enumerable.Range(0, n).Select(i => !outcomes.Counted[i] ? 0
                : outcomes.IsScored(i) ? -Math.Log(Math.Min(1, Math.Max(Epsilon, outcomes.TrueClassProbability[i])))
                : -Math.Log(Epsilon)).ToArray();
        _classWeight = new long[none + 1];
        _classRight = new long[none + 1];
    }

    public static MulticlassMetric? For(string metric, MulticlassOutcomes outcomes) => metric switch
    {
        "MicroAccuracy" => new(outcomes, false, (_, t) => t.Rows > 0 ? (double)t.Right / t.Rows : 0),
        "MacroAccuracy" => new(outcomes, false, (m, t) => m.MacroAccuracy(t)),
        "LogLoss" => new(outcomes, true, (_, t) => t.LogLoss),
        "LogLossReduction" => new(outcomes, true, (m, t) => m.LogLossReduction(t)),
        _ => null,
    };

    public override double Compute(ReadOnlySpan<int> weights)
    {
        Array.Clear(_classWeight);
        Array.Clear(_classRight);
        long rows = 0, right = 0;
        // Branch-free: which rows a resample leaves out is random, and a clamped log-loss is always finite.
        for (var i = 0; i < _counted.Length; i++)
        {
            var w = weights[i];
            rows += w * _counted[i];
            var r = w * _right[i];
            right += r;
            _classWeight[_class[i]] += w;
            _classRight[_class[i]] += r;
        }
        double logLoss = 0;
        if (_logLoss is not null)
            for (var i = 0; i < _logLoss.Length; i++) logLoss += _logLoss[i] * weights[i];
        return _value(this, new Totals(rows, right, rows > 0 ? logLoss / rows : 0));
    }

    private double MacroAccuracy(Totals t)
    {
        if (t.Rows == 0) return 0;
        double sum = 0;
        var present = 0;
        for (var c = 0; c < _classWeight.Length - 1; c++)
        {
            if (_classWeight[c] <= 0) continue;
            present++;
            sum += (double)_classRight[c] / _classWeight[c];
        }
        return present > 0 ? sum / present : 0;
    }

    private double LogLossReduction(Totals t)
    {
        double entropy = 0;
        for (var c = 0; c < _classWeight.Length - 1; c++)
            if (_classWeight[c] != 0) entropy += _classWeight[c] * Math.Log((double)_classWeight[c] / t.Rows);
        entropy /= -t.Rows;
        return (entropy - t.LogLoss) / entropy;
    }

    private readonly record struct Totals(long Rows, long Right, double LogLoss);
}
