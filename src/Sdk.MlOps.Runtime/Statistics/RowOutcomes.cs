using System.Collections.Immutable;
using Microsoft.ML;

namespace Sdk.MlOps.Statistics;

/// <summary>
/// One model's outcome on each test row, kept per row (not as totals) so that a metric can be recomputed under any
/// row weights: the bootstrap's resample counts. Row i of two outcomes is the same test row.
/// </summary>
internal abstract class RowOutcomes
{
    private protected RowOutcomes(ModelTask task, ImmutableArray<bool> counted)
    {
        Task = task;
        Counted = counted;
    }

    public ModelTask Task { get; }

    public int Rows => Counted.Length;

    /// <summary>
    /// Whether ML.NET's evaluator counts the row for this model. It skips a row without a label (a class this model's
    /// key map lacks is one) or with a score that is not a number; the row then weighs nothing in this model's metric.
    /// </summary>
    public ImmutableArray<bool> Counted { get; }

    /// <summary>The outcomes of these rows, in this order: the caller drops rows one of the models trained on.</summary>
    public abstract RowOutcomes Select(IReadOnlyList<int> rows);

    /// <summary>
    /// Reads a scored view (the model's output on labelled rows) as ML.NET's evaluator for <paramref name="task"/>
    /// does: <c>Score</c>, and <c>Probability</c> when the view has it. <paramref name="classes"/> is shared by both
    /// models of a comparison and used by multiclass only.
    /// </summary>
    public static RowOutcomes From(ModelTask task, IDataView scored, string labelColumn, ClassNames classes) => task switch
    {
        ModelTask.BinaryClassification or ModelTask.AnomalyDetection => BinaryOutcomes.Read(task, scored, labelColumn),
        ModelTask.MulticlassClassification => MulticlassOutcomes.Read(scored, labelColumn, classes),
        ModelTask.Regression => RegressionOutcomes.Read(scored, labelColumn),
        _ => throw new ArgumentOutOfRangeException(nameof(task)),
    };

    private protected static ImmutableArray<T> Pick<T>(ImmutableArray<T> values, IReadOnlyList<int> rows)
    {
        var picked = ImmutableArray.CreateBuilder<T>(rows.Count);
        foreach (var row in rows) picked.Add(values[row]);
        return picked.MoveToImmutable();
    }

    private protected static DataViewSchema.Column Column(IDataView scored, string name) =>
        scored.Schema.GetColumnOrNull(name)
        ?? throw new InvalidOperationException($"The scored data has no column '{name}'; it has {string.Join(", ", scored.Schema.Select(c => c.Name))}.");
}
