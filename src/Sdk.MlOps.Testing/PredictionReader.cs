using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Testing;

/// <summary>Reads the scored columns ML.NET's trainers write (PredictedLabel, Score) into <see cref="Prediction"/>s.</summary>
internal static class PredictionReader
{
    public static IReadOnlyList<Prediction> Read(IDataView scored)
    {
        var score = scored.Schema.GetColumnOrNull("Score") ?? throw new InvalidOperationException("The model writes no Score column.");
        var label = scored.Schema.GetColumnOrNull("PredictedLabel");
        var classes = score.Type is VectorDataViewType ? ClassNames(score) : [];
        var predictions = new List<Prediction>();
        using var cursor = scored.GetRowCursor(label is { } l ? [score, l] : [score]);
        var readLabel = label is { } column ? LabelReader(cursor, column) : () => null;
        if (score.Type is VectorDataViewType)
        {
            var get = cursor.GetGetter<VBuffer<float>>(score);
            VBuffer<float> value = default;
            while (cursor.MoveNext())
            {
                get(ref value);
                var values = value.DenseValues().ToArray();
                var byClass = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => values[p.i]);
                var predicted = readLabel() ?? classes[Array.IndexOf(values, values.Max())];
                predictions.Add(new Prediction(predicted, byClass.TryGetValue(predicted, out var s) ? s : values.Max(), byClass));
            }
        }
        else
        {
            var get = cursor.GetGetter<float>(score);
            float value = 0;
            while (cursor.MoveNext())
            {
                get(ref value);
                predictions.Add(new Prediction(readLabel(), value, new Dictionary<string, float>()));
            }
        }

        return predictions;
    }

    /// <summary>The class names of a multiclass Score vector: its slot names, which ML.NET takes from the label's key values.</summary>
    private static string[] ClassNames(DataViewSchema.Column score)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        if (!score.HasSlotNames())
            return Enumerable.Range(0, ((VectorDataViewType)score.Type).Size).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        score.GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    private static Func<string?> LabelReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        switch (column.Type)
        {
            case TextDataViewType:
            {
                var get = cursor.GetGetter<ReadOnlyMemory<char>>(column);
                ReadOnlyMemory<char> value = default;
                return () => { get(ref value); return value.ToString(); };
            }
            case BooleanDataViewType:
            {
                var get = cursor.GetGetter<bool>(column);
                bool value = false;
                return () => { get(ref value); return value ? "true" : "false"; };
            }
            case KeyDataViewType:
            {
                // A key the pipeline did not map back to its value: the key's own value name.
                VBuffer<ReadOnlyMemory<char>> keyValues = default;
                column.GetKeyValues(ref keyValues);
                var names = keyValues.DenseValues().Select(n => n.ToString()).ToArray();
                var get = cursor.GetGetter<uint>(column);
                uint value = 0;
                return () => { get(ref value); return value == 0 ? null : names[value - 1]; };
            }
            default:
                return () => null;
        }
    }
}
