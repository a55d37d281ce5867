using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Statistics;

/// <summary>
/// Multiclass: per row, the true and the predicted class as indexes into <see cref="Classes"/>, the list both models
/// share by name, and the probability the model gave the true class.
/// </summary>
internal sealed class MulticlassOutcomes : RowOutcomes
{
    public MulticlassOutcomes(ImmutableArray<bool> counted, ImmutableArray<int> trueClass, ImmutableArray<int> predictedClass,
        ImmutableArray<float> trueClassProbability, ClassNames classes)
        : base(ModelTask.MulticlassClassification, counted)
    {
        if (trueClass.Length != counted.Length || predictedClass.Length != counted.Length || trueClassProbability.Length != counted.Length)
            throw new ArgumentException("Every per-row array needs one value per row.");
        TrueClass = trueClass;
        PredictedClass = predictedClass;
        TrueClassProbability = trueClassProbability;
        Classes = classes;
    }

    public ImmutableArray<int> TrueClass { get; }

    /// <summary>The first class of highest score: ML.NET's evaluator's prediction, whatever <c>PredictedLabel</c> was mapped to.</summary>
    public ImmutableArray<int> PredictedClass { get; }

    /// <summary>
    /// The model's score for the true class; NaN when the model has no score for that class, which ML.NET's log-loss
    /// charges at its floor probability and its per-class figures leave out.
    /// </summary>
    public ImmutableArray<float> TrueClassProbability { get; }

    public ClassNames Classes { get; }

    /// <summary>The classes of both models so far: the shared list grows while the second model is read.</summary>
    public int ClassCount => Classes.Count;

    public bool IsScored(int row) => !float.IsNaN(TrueClassProbability[row]);

    public bool IsRight(int row) => IsScored(row) && TrueClass[row] == PredictedClass[row];

    public override RowOutcomes Select(IReadOnlyList<int> rows) => new MulticlassOutcomes(Pick(Counted, rows), Pick(TrueClass, rows),
        Pick(PredictedClass, rows), Pick(TrueClassProbability, rows), Classes);

    public static MulticlassOutcomes Read(IDataView scored, string labelColumn, ClassNames classes)
    {
        var label = Column(scored, labelColumn);
        var score = Column(scored, "Score");
        if (score.Type is not VectorDataViewType { ItemType: NumberDataViewType, Size: >= 2 } vector || vector.ItemType != NumberDataViewType.Single)
            throw new InvalidOperationException($"Column 'Score' is {score.Type}; ML.NET's multiclass evaluator reads a vector of two or more Single.");

        // Slot i of the score is key i + 1 of the label: ML.NET's scorer names the slots after the label's key values.
        var keyNames = KeyNames(label);
        var slotNames = SlotNames(score, vector.Size) ?? keyNames?.Take(vector.Size).ToArray();
        string Name(int index) => index < vector.Size && slotNames is not null ? slotNames[index]
            : keyNames is not null && index < keyNames.Length ? keyNames[index]
            : index.ToString(CultureInfo.InvariantCulture);
        if (slotNames is not null && slotNames.Distinct(StringComparer.Ordinal).Count() != slotNames.Length)
            throw new InvalidOperationException("The score's class names repeat, so a class cannot be told by its name.");
        var slotClass = Enumerable.Range(0, vector.Size).Select(i => classes.IndexOf(Name(i))).ToArray();

        using var cursor = scored.GetRowCursor([label, score]);
        var getLabel = LabelValues.Getter(cursor, label);
        var getScore = cursor.GetGetter<VBuffer<float>>(score);
        var buffer = default(VBuffer<float>);
        var scores = new float[vector.Size];

        var counted = ImmutableArray.CreateBuilder<bool>();
        var trueClass = ImmutableArray.CreateBuilder<int>();
        var predictedClass = ImmutableArray.CreateBuilder<int>();
        var probability = ImmutableArray.CreateBuilder<float>();
        while (cursor.MoveNext())
        {
            var y = getLabel();
            getScore(ref buffer);
            buffer.CopyTo(scores);
            // The evaluator skips a row without a usable label (missing, negative, fractional) or with a non-finite score.
            if (float.IsNaN(y) || y < 0 || y != (int)y || !scores.All(float.IsFinite))
            {
                counted.Add(false);
                trueClass.Add(-1);
                predictedClass.Add(-1);
                probability.Add(float.NaN);
                continue;
            }
            var index = (int)y;
            var assigned = 0;
            for (var i = 1; i < scores.Length; i++)
                if (scores[assigned] < scores[i]) assigned = i;
            counted.Add(true);
            trueClass.Add(index < slotClass.Length ? slotClass[index] : classes.IndexOf(Name(index)));
            predictedClass.Add(slotClass[assigned]);
            probability.Add(index < scores.Length ? scores[index] : float.NaN);
        }
        return new MulticlassOutcomes(counted.ToImmutable(), trueClass.ToImmutable(), predictedClass.ToImmutable(), probability.ToImmutable(), classes);
    }

    private static string[]? SlotNames(DataViewSchema.Column score, int size)
    {
        if (score.Annotations.Schema.GetColumnOrNull("SlotNames")?.Type is not VectorDataViewType { ItemType: TextDataViewType } type || type.Size != size)
            return null;
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        score.Annotations.GetValue("SlotNames", ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    /// <summary>The label's key values as text, whatever their type (text for MapValueToKey over strings).</summary>
    private static string[]? KeyNames(DataViewSchema.Column label)
    {
        if (label.Type is not KeyDataViewType || label.Annotations.Schema.GetColumnOrNull("KeyValues")?.Type is not VectorDataViewType type)
            return null;
        var read = typeof(MulticlassOutcomes).GetMethod(nameof(ValuesAsText), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type.ItemType.RawType);
        return (string[])read.Invoke(null, [label])!;
    }

    private static string[] ValuesAsText<T>(DataViewSchema.Column label)
    {
        var values = default(VBuffer<T>);
        label.Annotations.GetValue("KeyValues", ref values);
        return values.DenseValues().Select(v => v is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : v?.ToString() ?? "").ToArray();
    }
}
