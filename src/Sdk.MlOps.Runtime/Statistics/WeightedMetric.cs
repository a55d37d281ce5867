namespace Sdk.MlOps.Statistics;

/// <summary>
/// One model's metric as a function of integer row weights (a bootstrap resample's counts). With every weight 1 it is
/// the value ML.NET's evaluator reports; a weight of k counts the row as k copies of it. Whatever can be done once per
/// model (sorting by score, per-row losses) is done when it is made, so that each <see cref="Compute"/> is one pass.
/// Not thread-safe: an instance may reuse its buffers.
/// </summary>
internal abstract class WeightedMetric
{
    public abstract double Compute(ReadOnlySpan<int> weights);

    /// <summary>The metric by ML.NET's name, or <c>null</c> when it has no row-weighted form here.</summary>
    public static WeightedMetric? For(string metric, RowOutcomes outcomes) => outcomes switch
    {
        BinaryOutcomes { Task: ModelTask.AnomalyDetection } a => metric == "AreaUnderRocCurve" ? new RocArea(a) : null,
        BinaryOutcomes b => metric switch
        {
            "AreaUnderRocCurve" => new RocArea(b),
            "AreaUnderPrecisionRecallCurve" => PrecisionRecallArea.For(b),
            _ => ConfusionMetric.For(metric, b),
        },
        MulticlassOutcomes m => MulticlassMetric.For(metric, m),
        RegressionOutcomes r => RegressionMetric.For(metric, r),
        _ => null,
    };
}
