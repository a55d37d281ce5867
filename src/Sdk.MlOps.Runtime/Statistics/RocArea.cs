namespace Sdk.MlOps.Statistics;

/// <summary>
/// The area under the ROC curve as ML.NET computes it on all rows: the share of (positive, negative) pairs the score
/// orders rightly, a tie counting half. The rows are sorted by score once; each resample is then one pass over the
/// runs of equal scores, in integers (twice the area), so all-ones weights give ML.NET's value exactly.
/// </summary>
internal sealed class RocArea : WeightedMetric
{
    private readonly int[] _rows;
    private readonly int[] _positive;
    private readonly int[] _runEnd;

    public RocArea(BinaryOutcomes outcomes)
    {
        var counted = Enumerable.Range(0, outcomes.Rows).Where(i => outcomes.Counted[i]).ToArray();
        var descending = counted.Select(i => -outcomes.Score[i]).ToArray();
        Array.Sort(descending, counted);
        _rows = counted;
        _positive = counted.Select(i => outcomes.Positive[i] ? 1 : 0).ToArray();
        var ends = new List<int>();
        for (var j = 1; j <= counted.Length; j++)
            if (j == counted.Length || descending[j] != descending[j - 1]) ends.Add(j);
        _runEnd = [.. ends];
    }

    /// <summary>NaN when the weighted rows lack a positive or a negative, where ML.NET's evaluator throws.</summary>
    public override double Compute(ReadOnlySpan<int> weights)
    {
        long above = 0, all = 0, twiceArea = 0;
        var j = 0;
        foreach (var end in _runEnd)
        {
            long positive = 0, run = 0;
            for (; j < end; j++)
            {
                var w = weights[_rows[j]];
                positive += w * _positive[j];
                run += w;
            }
            twiceArea += (run - positive) * (2 * above + positive);
            above += positive;
            all += run;
        }
        var negatives = all - above;
        return above == 0 || negatives == 0 ? double.NaN : twiceArea / (2.0 * above * negatives);
    }
}
