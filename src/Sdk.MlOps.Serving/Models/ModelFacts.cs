using Sdk.MlOps.Inference;

namespace Sdk.MlOps.Serving.Models;

/// <summary>
/// What a version's outputs look like: whether a binary model is calibrated, and a multiclass model's classes, in
/// ordinal order, the order of V2's <c>scores</c>.
/// </summary>
internal sealed record ModelFacts(ModelIdentity Identity, bool HasProbability, IReadOnlyList<string> Classes)
{
    public static ModelFacts From(ModelIdentity identity) =>
        new(identity, identity.HasProbability, identity.Classes.Order(StringComparer.Ordinal).ToArray());
}
