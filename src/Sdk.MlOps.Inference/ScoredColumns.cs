using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Inference;

// The columns ML.NET's trainers write, as PredictionEngine outputs. A model writes only some of them (regression has
// no PredictedLabel, an uncalibrated binary trainer no Probability), so each engine is built with an output schema
// definition cut to the columns the model really has.

/// <summary>Binary classification, anomaly detection and regression: one score.</summary>
internal sealed class ScalarScore
{
    public bool PredictedLabel { get; set; }
    public float Score { get; set; }
    public float Probability { get; set; }
}

/// <summary>Multiclass classification: a probability per class, and the class chosen as text.</summary>
internal sealed class VectorScore
{
    public string PredictedLabel { get; set; } = "";
    public float[] Score { get; set; } = [];
}

/// <summary>What a loaded model's output schema says about its task and its classes.</summary>
internal sealed record ScoredColumns(ModelTask Task, bool HasProbability, bool HasTextLabel, string[] Classes)
{
    public static ScoredColumns Of(DataViewSchema output)
    {
        var score = output.GetColumnOrNull("Score")
            ?? throw new InvalidDataException("The model writes no Score column: it is not a trained ML.NET prediction pipeline.");
        var label = output.GetColumnOrNull("PredictedLabel");
        if (score.Type is VectorDataViewType vector)
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            string[] classes;
            if (score.HasSlotNames())
            {
                score.GetSlotNames(ref names);
                classes = names.DenseValues().Select(n => n.ToString()).ToArray();
            }
            else
            {
                classes = Enumerable.Range(0, vector.Size).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            }

            return new(ModelTask.MulticlassClassification, false, label?.Type is TextDataViewType, classes);
        }

        return label?.Type is BooleanDataViewType
            ? new(ModelTask.BinaryClassification, output.GetColumnOrNull("Probability") is not null, false, [])
            : new(ModelTask.Regression, false, false, []);
    }

    /// <summary>The output schema definition of <typeparamref name="TOutput"/> without the columns this model lacks.</summary>
    public SchemaDefinition OutputDefinition<TOutput>()
    {
        var definition = SchemaDefinition.Create(typeof(TOutput), SchemaDefinition.Direction.Write);
        bool Keep(string name) => name switch
        {
            "Score" => true,
            "Probability" => HasProbability,
            "PredictedLabel" => Task == ModelTask.BinaryClassification || HasTextLabel,
            _ => false,
        };
        foreach (var column in definition.ToArray())
            if (!Keep(column.ColumnName)) definition.Remove(column);
        if (Task == ModelTask.MulticlassClassification)
            definition["Score"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Classes.Length);
        return definition;
    }
}
