using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Statistics;

/// <summary>Regression: per row, the label and the prediction (<c>Score</c>).</summary>
internal sealed class RegressionOutcomes : RowOutcomes
{
    public RegressionOutcomes(ImmutableArray<bool> counted, ImmutableArray<float> label, ImmutableArray<float> score)
        : base(ModelTask.Regression, counted)
    {
        if (label.Length != counted.Length || score.Length != counted.Length)
            throw new ArgumentException("Every per-row array needs one value per row.");
        Label = label;
        Score = score;
    }

    public ImmutableArray<float> Label { get; }

    public ImmutableArray<float> Score { get; }

    public override RowOutcomes Select(IReadOnlyList<int> rows) => new RegressionOutcomes(Pick(Counted, rows), Pick(Label, rows), Pick(Score, rows));

    public static RegressionOutcomes Read(IDataView scored, string labelColumn)
    {
        var label = Column(scored, labelColumn);
        var score = Column(scored, "Score");
        if (score.Type != NumberDataViewType.Single)
            throw new InvalidOperationException($"Column 'Score' is {score.Type}; ML.NET's regression evaluator reads it as Single.");

        using var cursor = scored.GetRowCursor([label, score]);
        var getLabel = LabelValues.Getter(cursor, label);
        var getScore = LabelValues.Read<float, float>(cursor, score, v => v);
        var counted = ImmutableArray.CreateBuilder<bool>();
        var labels = ImmutableArray.CreateBuilder<float>();
        var scores = ImmutableArray.CreateBuilder<float>();
        while (cursor.MoveNext())
        {
            var y = getLabel();
            var s = getScore();
            // The regression evaluator skips a missing label or a NaN score, but keeps an infinite one.
            counted.Add(!float.IsNaN(y) && !float.IsNaN(s));
            labels.Add(y);
            scores.Add(s);
        }
        return new RegressionOutcomes(counted.ToImmutable(), labels.ToImmutable(), scores.ToImmutable());
    }
}
