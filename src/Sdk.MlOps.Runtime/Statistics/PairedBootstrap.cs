namespace Sdk.MlOps.Statistics;

/// <summary>
/// Is the candidate better than the champion on these test rows, or only luckier? Resampling the rows and weighing
/// BOTH models by the same resample keeps what they have in common (hard rows are hard for both) out of the spread,
/// which makes the interval of the difference much narrower than two separate intervals would suggest.
/// </summary>
internal static class PairedBootstrap
{
    /// <summary>
    /// Candidate − champion for <paramref name="metric"/> (ML.NET's name) with a seeded paired bootstrap percentile
    /// interval at <paramref name="confidence"/> (two-sided: 0.95 gives the 2.5th and 97.5th percentiles). Each resample
    /// draws as many rows as there are, uniformly with replacement; the same seed gives the same result.
    /// <c>null</c> when the metric has no row-weighted form for the task (or for one of the models).
    /// </summary>
    public static PairedDifference? Compare(string metric, RowOutcomes candidate, RowOutcomes champion, double confidence,
        int resamples = 1000, int seed = 0)
    {
        if (candidate.Task != champion.Task) throw new ArgumentException($"A {candidate.Task} model cannot be compared with a {champion.Task} model.");
        if (candidate.Rows != champion.Rows) throw new ArgumentException($"The candidate has {candidate.Rows} rows and the champion {champion.Rows}: a paired comparison needs the same rows.");
        if (candidate is MulticlassOutcomes c && champion is MulticlassOutcomes h && !ReferenceEquals(c.Classes, h.Classes))
            throw new ArgumentException("Both multiclass outcomes must be read into one ClassNames, or their class indexes mean different classes.");
        if (!(confidence > 0 && confidence < 1)) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "A confidence is between 0 and 1, e.g. 0.95.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(resamples);

        if (WeightedMetric.For(metric, candidate) is not { } candidateMetric || WeightedMetric.For(metric, champion) is not { } championMetric)
            return null;

        var n = candidate.Rows;
        var weights = new int[n];
        Array.Fill(weights, 1);
        var candidateValue = candidateMetric.Compute(weights);
        var championValue = championMetric.Compute(weights);

        var resampler = new Resampler(seed);
        var differences = new double[resamples];
        var defined = 0;
        for (var r = 0; r < resamples; r++)
        {
            resampler.Draw(weights);
            var difference = candidateMetric.Compute(weights) - championMetric.Compute(weights);
            if (!double.IsNaN(difference)) differences[defined++] = difference;
        }
        var sorted = differences.AsSpan(0, defined);
        sorted.Sort();
        var tail = (1 - confidence) / 2;

        return new PairedDifference(metric, candidateValue, championValue, candidateValue - championValue,
            Percentile(sorted, tail), Percentile(sorted, 1 - tail), confidence, n, defined, McNemarP(metric, candidate, champion));
    }

    /// <summary>The linear interpolation between order statistics (R's type 7, NumPy's default); NaN of nothing.</summary>
    private static double Percentile(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.IsEmpty) return double.NaN;
        var position = p * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        if (below == position || below >= sorted.Length - 1 || sorted[below] == sorted[below + 1]) return sorted[below];
        return sorted[below] + (position - below) * (sorted[below + 1] - sorted[below]);
    }

    /// <summary>For accuracy only: on the rows both models are evaluated on, those exactly one of them gets right.</summary>
    private static double? McNemarP(string metric, RowOutcomes candidate, RowOutcomes champion)
    {
        Func<int, bool>? candidateRight = null, championRight = null;
        if (metric == "Accuracy" && candidate is BinaryOutcomes { Task: ModelTask.BinaryClassification } bc && champion is BinaryOutcomes bh)
            (candidateRight, championRight) = (bc.IsRight, bh.IsRight);
        else if (metric == "MicroAccuracy" && candidate is MulticlassOutcomes mc && champion is MulticlassOutcomes mh)
            (candidateRight, championRight) = (mc.IsRight, mh.IsRight);
        if (candidateRight is null || championRight is null) return null;

        int candidateOnly = 0, championOnly = 0;
        for (var i = 0; i < candidate.Rows; i++)
        {
            if (!candidate.Counted[i] || !champion.Counted[i]) continue;
            bool a = candidateRight(i), b = championRight(i);
            if (a && !b) candidateOnly++;
            else if (b && !a) championOnly++;
        }
        return McNemar.ExactP(candidateOnly, championOnly);
    }
}
