using Sdk.MlOps.Inference;

namespace Sdk.MlOps.Serving.Models;

/// <summary>
/// What a version's outputs look like, which the predictor tells only through a prediction: whether a binary model
/// is calibrated, and a multiclass model's classes. Classes are in ordinal order, the order of V2's <c>scores</c>.
/// </summary>
internal sealed record ModelFacts(ModelIdentity Identity, bool HasProbability, IReadOnlyList<string> Classes)
{
    public static ModelFacts From(ModelIdentity identity, ModelPrediction prediction) => new(
        identity,
        prediction.Probability is not null,
        prediction.Scores.Select(s => s.Label).Order(StringComparer.Ordinal).ToArray());
}
