using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// Everything a model report shows, gathered by the caller: the renderer reads nothing else (no file, no clock, no
/// environment), so the same data always gives the same report.
/// </summary>
/// <param name="ModelName">The model's name, as the project names it.</param>
/// <param name="Version">The version this run registers or publishes; null when it has none.</param>
/// <param name="Task">What the model predicts.</param>
/// <param name="Trainer">The trainer's name, as the training report gives it.</param>
/// <param name="CreatedUtc">When the model was trained.</param>
/// <param name="Evaluation">The gates' verdicts, the metrics, the champion comparison and the performance figures.</param>
/// <param name="Outcomes">The candidate's outcome on every test row, which the plots are drawn from; null when they
/// could not be read, and the report then holds its tables only.</param>
internal sealed record ModelReportData(string ModelName, string? Version, ModelTask Task, string Trainer, DateTime CreatedUtc,
    EvaluationReport Evaluation, RowOutcomes? Outcomes)
{
    /// <summary>How much worse the model gets when each input column is shuffled (<see cref="ColumnImportance.Compute"/>).</summary>
    public IReadOnlyList<ColumnImportance>? Importance { get; init; }

    /// <summary>The metric <see cref="Importance"/> was measured with, for its axis; "the metric" when not given.</summary>
    public string? ImportanceMetric { get; init; }

    /// <summary>The metrics of the experiment's earlier runs, oldest first or not: the chart sorts them.</summary>
    public IReadOnlyList<MetricHistoryPoint>? History { get; init; }

    /// <summary>The metric in each slice of the test rows by an input column.</summary>
    public IReadOnlyList<SliceRow>? Slices { get; init; }
}

/// <summary>A metric's value in one earlier run of the experiment.</summary>
internal sealed record MetricHistoryPoint(DateTime Utc, string? Version, string Metric, double Value);

/// <summary>
/// The metric on the test rows whose <paramref name="Column"/> is <paramref name="Value"/>. <paramref name="Passed"/>
/// is null when the slice has too few rows to be gated: it is reported, not judged.
/// </summary>
internal sealed record SliceRow(string Column, string Value, int Rows, string Metric, double MetricValue, bool? Passed);
