namespace Sdk.MlOps.Statistics;

/// <summary>
/// Candidate − champion for one metric on the same rows, in the metric's own unit (not turned so that up is better):
/// the point values on all rows, and the paired bootstrap's percentile interval of the difference.
/// </summary>
/// <param name="Metric">ML.NET's name of the metric.</param>
/// <param name="Candidate">The candidate's value on all rows: what ML.NET's evaluator reports for it.</param>
/// <param name="Champion">The champion's value on all rows.</param>
/// <param name="Difference">Candidate − champion.</param>
/// <param name="Lower">The interval's lower end: the (1 − confidence)/2 percentile of the resampled differences.</param>
/// <param name="Upper">The interval's upper end: the (1 + confidence)/2 percentile.</param>
/// <param name="Confidence">The two-sided confidence of the interval, e.g. 0.95.</param>
/// <param name="Rows">Rows paired (the same rows for both models).</param>
/// <param name="Resamples">Resamples the interval is made of: those whose difference is defined (a resample without a
/// positive row has no AUC, for one).</param>
/// <param name="McNemarP">McNemar's exact two-sided p-value on the rows one model got right and the other wrong, for
/// the accuracy metrics; <c>null</c> for the others.</param>
internal sealed record PairedDifference(string Metric, double Candidate, double Champion, double Difference, double Lower, double Upper,
    double Confidence, int Rows, int Resamples, double? McNemarP);
