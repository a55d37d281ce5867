using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Statistics;

/// <summary>Binary classification or anomaly detection: per row, the truth, the prediction, the score and the probability.</summary>
internal sealed class BinaryOutcomes : RowOutcomes
{
    public BinaryOutcomes(ModelTask task, ImmutableArray<bool> counted, ImmutableArray<bool> positive, ImmutableArray<bool> predictedPositive,
        ImmutableArray<float> score, ImmutableArray<float>? probability)
        : base(task, counted)
    {
        if (positive.Length != counted.Length || predictedPositive.Length != counted.Length || score.Length != counted.Length
            || probability is { } p && p.Length != counted.Length)
            throw new ArgumentException("Every per-row array needs one value per row.");
        Positive = positive;
        PredictedPositive = predictedPositive;
        Score = score;
        Probability = probability;
    }

    /// <summary>The true label: positive class, or anomaly.</summary>
    public ImmutableArray<bool> Positive { get; }

    /// <summary>
    /// Binary: <c>Score &gt; 0</c>, the rule ML.NET's evaluator applies (it ignores the <c>PredictedLabel</c> column, so
    /// a model whose threshold was moved is still judged at 0). Anomaly detection: the <c>PredictedLabel</c> column.
    /// </summary>
    public ImmutableArray<bool> PredictedPositive { get; }

    /// <summary>The raw score; higher is more positive (more anomalous).</summary>
    public ImmutableArray<float> Score { get; }

    /// <summary>The calibrated probability of the positive class; <c>null</c> when the model has no calibrator.</summary>
    public ImmutableArray<float>? Probability { get; }

    public bool IsRight(int row) => PredictedPositive[row] == Positive[row];

    public override RowOutcomes Select(IReadOnlyList<int> rows) => new BinaryOutcomes(Task, Pick(Counted, rows), Pick(Positive, rows),
        Pick(PredictedPositive, rows), Pick(Score, rows), Probability is { } p ? Pick(p, rows) : null);

    public static BinaryOutcomes Read(ModelTask task, IDataView scored, string labelColumn)
    {
        var label = Column(scored, labelColumn);
        var score = Single(Column(scored, "Score"));
        var probability = task == ModelTask.BinaryClassification && scored.Schema.GetColumnOrNull("Probability") is { } p ? Single(p) : (DataViewSchema.Column?)null;
        var predicted = task == ModelTask.AnomalyDetection && scored.Schema.GetColumnOrNull("PredictedLabel") is { Type: BooleanDataViewType } l ? l : (DataViewSchema.Column?)null;

        using var cursor = scored.GetRowCursor(new[] { label, score }.Concat(probability is { } pc ? [pc] : []).Concat(predicted is { } lc ? [lc] : []));
        var getLabel = LabelValues.Getter(cursor, label);
        var getScore = LabelValues.Read<float, float>(cursor, score, v => v);
        var getProbability = probability is { } pr ? LabelValues.Read<float, float>(cursor, pr, v => v) : null;
        var getPredicted = predicted is { } pl ? LabelValues.Read<bool, bool>(cursor, pl, v => v) : null;

        var counted = ImmutableArray.CreateBuilder<bool>();
        var positive = ImmutableArray.CreateBuilder<bool>();
        var predictedPositive = ImmutableArray.CreateBuilder<bool>();
        var scores = ImmutableArray.CreateBuilder<float>();
        var probabilities = ImmutableArray.CreateBuilder<float>();
        while (cursor.MoveNext())
        {
            var y = getLabel();
            var s = getScore();
            // The evaluators skip a row whose score is not finite or whose label is missing.
            counted.Add(!float.IsNaN(y) && float.IsFinite(s));
            positive.Add(y > 0);
            predictedPositive.Add(getPredicted is null ? task == ModelTask.BinaryClassification && s > 0 : getPredicted());
            scores.Add(s);
            if (getProbability is not null) probabilities.Add(getProbability());
        }
        return new BinaryOutcomes(task, counted.ToImmutable(), positive.ToImmutable(), predictedPositive.ToImmutable(), scores.ToImmutable(),
            getProbability is null ? null : probabilities.ToImmutable());
    }

    private static DataViewSchema.Column Single(DataViewSchema.Column column) => column.Type == NumberDataViewType.Single
        ? column
        : throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; ML.NET's evaluator reads it as Single.");
}
