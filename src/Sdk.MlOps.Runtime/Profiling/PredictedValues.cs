using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Profiling;

/// <summary>
/// What a model predicted, row by row, as the prediction profile counts it: the predicted label (classification)
/// and the score (for multiclass the chosen class's). Read from the scored view, so it needs no label column: a
/// multiclass model's classes are the score's slot names.
/// </summary>
internal static class PredictedValues
{
    public const string Label = "PredictedLabel", Score = "Score";

    /// <summary>The prediction columns of a task, as profiled.</summary>
    public static IReadOnlyList<ProfiledColumn> Columns(ModelTask task) => task is ModelTask.BinaryClassification or ModelTask.MulticlassClassification
        ? [new(Label, "String", ColumnProfile.FeatureRole, ColumnKind.Categorical), new(Score, "Single", ColumnProfile.FeatureRole)]
        : [new(Score, "Single", ColumnProfile.FeatureRole)];

    /// <summary>Calls <paramref name="each"/> with each row's label (null when the task has none) and score.</summary>
    public static void Read(IDataView scored, ModelTask task, Action<string?, double> each)
    {
        var score = scored.Schema[Score];
        if (task == ModelTask.MulticlassClassification)
        {
            var classes = SlotNames(score);
            using var cursor = scored.GetRowCursor([score]);
            var get = cursor.GetGetter<VBuffer<float>>(score);
            VBuffer<float> buffer = default;
            while (cursor.MoveNext())
            {
                get(ref buffer);
                var values = buffer.DenseValues().ToArray();
                int best = 0;
                for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
                each(best < classes.Length ? classes[best] : best.ToString(CultureInfo.InvariantCulture), values.Length == 0 ? double.NaN : values[best]);
            }
            return;
        }

        var label = task == ModelTask.BinaryClassification ? scored.Schema.GetColumnOrNull(Label) : null;
        using (var cursor = scored.GetRowCursor(label is { } l ? [score, l] : [score]))
        {
            var getScore = cursor.GetGetter<float>(score);
            var getLabel = label is { } column && column.Type is BooleanDataViewType ? cursor.GetGetter<bool>(column) : null;
            float s = 0;
            bool flag = false;
            while (cursor.MoveNext())
            {
                getScore(ref s);
                getLabel?.Invoke(ref flag);
                each(getLabel is null ? null : flag ? "true" : "false", s);
            }
        }
    }

    /// <summary>The profile of a (small) scored set, the test set's: the reference prediction drift compares with.</summary>
    public static DataProfile Profile(MLContext ml, IDataView scored, ModelTask task)
    {
        var rows = new List<Row>();
        Read(scored, task, (label, score) => rows.Add(new Row { PredictedLabel = label ?? "", Score = (float)score }));
        var view = ml.Data.LoadFromEnumerable(rows);
        return DataProfiler.Profile(view, Columns(task), "test predictions");
    }

    /// <summary>Feeds one prediction into the accumulators of <see cref="Columns"/>, in their order.</summary>
    public static void Add(IReadOnlyList<ColumnAccumulator> into, string? label, double score)
    {
        if (into.Count == 2) { if (label is null) into[0].AddMissing(); else into[0].AddText(label); }
        into[^1].AddNumber(score);
    }

    private static string[] SlotNames(DataViewSchema.Column score)
    {
        if (score.Annotations.Schema.GetColumnOrNull("SlotNames") is null) return [];
        VBuffer<ReadOnlyMemory<char>> names = default;
        score.Annotations.GetValue("SlotNames", ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    private sealed class Row
    {
        public string PredictedLabel { get; set; } = "";
        public float Score { get; set; }
    }
}
