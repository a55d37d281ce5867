using Sdk.MlOps.Inference;
using Sdk.MlOps.Serving.Models;

namespace Sdk.MlOps.Serving.Protocol;

/// <summary>
/// A model's V2 outputs. Every task has <c>score</c> (FP32, [n]); classifiers have <c>predicted_label</c> (BOOL for a
/// binary model, BYTES for multiclass); a calibrated binary model has <c>probability</c> (FP32, [n]); a multiclass
/// model has <c>scores</c> (FP32, [n, classes]) and <c>classes</c> (BYTES, [classes]), the class of each column.
/// </summary>
internal static class V2Outputs
{
    public const string PredictedLabel = "predicted_label";
    public const string Score = "score";
    public const string Probability = "probability";
    public const string Scores = "scores";
    public const string Classes = "classes";

    public static IReadOnlyList<V2TensorMetadata> Metadata(ModelFacts facts)
    {
        var classes = facts.Classes.Count > 0 ? facts.Classes.Count : -1;
        return facts.Identity.Task switch
        {
            ModelTask.MulticlassClassification =>
            [
                new(PredictedLabel, "BYTES", [-1]), new(Score, "FP32", [-1]),
                new(Scores, "FP32", [-1, classes]), new(Classes, "BYTES", [classes]),
            ],
            ModelTask.BinaryClassification when facts.HasProbability =>
                [new(PredictedLabel, "BOOL", [-1]), new(Score, "FP32", [-1]), new(Probability, "FP32", [-1])],
            ModelTask.BinaryClassification => [new(PredictedLabel, "BOOL", [-1]), new(Score, "FP32", [-1])],
            _ => [new(Score, "FP32", [-1])],
        };
    }

    public static IReadOnlyList<string> Names(ModelFacts facts) => Metadata(facts).Select(m => m.Name).ToArray();

    public static IReadOnlyList<V2Tensor> Of(ModelFacts facts, IReadOnlyList<ModelPrediction> predictions, IReadOnlyList<string>? requested)
    {
        var n = predictions.Count;
        var outputs = new List<V2Tensor>();
        bool Wanted(string name) => requested is null || requested.Contains(name);

        if (Wanted(PredictedLabel))
        {
            if (facts.Identity.Task == ModelTask.MulticlassClassification)
                outputs.Add(new(PredictedLabel, "BYTES", [n], predictions.Select(p => p.Label ?? "").ToArray()));
            else if (facts.Identity.Task == ModelTask.BinaryClassification)
                outputs.Add(new(PredictedLabel, "BOOL", [n], predictions.Select(p => p.Label == "true").ToArray()));
        }

        if (Wanted(Score)) outputs.Add(new(Score, "FP32", [n], predictions.Select(p => p.Score).ToArray()));
        if (Wanted(Probability) && facts.HasProbability)
            outputs.Add(new(Probability, "FP32", [n], predictions.Select(p => p.Probability ?? float.NaN).ToArray()));

        if (facts.Identity.Task == ModelTask.MulticlassClassification)
        {
            var classes = facts.Classes;
            if (Wanted(Scores))
            {
                var matrix = new float[n * classes.Count];
                for (int r = 0; r < n; r++)
                    foreach (var score in predictions[r].Scores)
                    {
                        var c = BinarySearch(classes, score.Label);
                        if (c >= 0) matrix[r * classes.Count + c] = score.Score;
                    }

                outputs.Add(new(Scores, "FP32", [n, classes.Count], matrix));
            }

            if (Wanted(Classes)) outputs.Add(new(Classes, "BYTES", [classes.Count], classes.ToArray()));
        }

        return outputs;
    }

    private static int BinarySearch(IReadOnlyList<string> sorted, string label)
    {
        int lo = 0, hi = sorted.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int order = string.CompareOrdinal(sorted[mid], label);
            if (order == 0) return mid;
            if (order < 0) lo = mid + 1;
            else hi = mid - 1;
        }

        return -1;
    }
}
