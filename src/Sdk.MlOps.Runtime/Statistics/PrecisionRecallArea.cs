namespace Sdk.MlOps.Statistics;

/// <summary>
/// The area under the precision-recall curve as ML.NET's evaluator computes it: the "lower trapezoid" estimator over
/// the rows by descending score, equal scores taken one by one in row order (its sort is stable), so ties are not
/// averaged and the row order matters. A row of weight k is k consecutive copies of it.
/// </summary>
internal sealed class PrecisionRecallArea : WeightedMetric
{
    /// <summary>ML.NET keeps a reservoir of this many rows for the area and samples at random beyond it.</summary>
    public const int MaxRows = 100_000;

    private readonly int[] _rows;
    private readonly bool[] _positive;

    private PrecisionRecallArea(BinaryOutcomes outcomes)
    {
        _rows = Enumerable.Range(0, outcomes.Rows).Where(i => outcomes.Counted[i]).OrderByDescending(i => outcomes.Score[i]).ToArray();
        _positive = _rows.Select(i => outcomes.Positive[i]).ToArray();
    }

    /// <summary><c>null</c> above <see cref="MaxRows"/> counted rows: ML.NET's figure is then a random sample's, which no resample reproduces.</summary>
    public static PrecisionRecallArea? For(BinaryOutcomes outcomes) =>
        outcomes.Counted.Count(c => c) > MaxRows ? null : new PrecisionRecallArea(outcomes);

    public override double Compute(ReadOnlySpan<int> weights)
    {
        long positives = 0;
        for (var j = 0; j < _rows.Length; j++)
            if (_positive[j]) positives += weights[_rows[j]];

        double previousRecall = 0, previousPrecision = 1, area = 0;
        long truePositives = 0, falsePositives = 0;
        for (var j = 0; j < _rows.Length; j++)
        {
            var w = weights[_rows[j]];
            if (w == 0) continue;
            if (!_positive[j])
            {
                // Recall stays, precision falls: only the last copy's precision matters.
                falsePositives += w;
                previousPrecision = (double)truePositives / (truePositives + falsePositives);
                continue;
            }
            for (var copy = 0; copy < w; copy++)
            {
                truePositives++;
                var recall = (double)truePositives / positives;
                var precision = (double)truePositives / (truePositives + falsePositives);
                area += (recall - previousRecall) * (previousPrecision + precision) / 2;
                previousPrecision = precision;
                previousRecall = recall;
            }
        }
        return area;
    }
}
