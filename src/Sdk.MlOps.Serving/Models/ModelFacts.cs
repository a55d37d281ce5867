using Sdk.MlOps.Inference;

namespace Sdk.MlOps.Serving.Models;

/// <summary>
/// What a version's outputs look like: whether a binary model is calibrated, and a multiclass model's classes, in
/// ordinal order, the order of V2's <c>scores</c>.
/// </summary>
internal sealed record ModelFacts(ModelIdentity Identity, IReadOnlyList<string> Classes)
{
    public bool HasProbability => Identity.HasProbability;

    /// <summary>The names of the outputs this version gives, for checking a request's <c>outputs</c>: built once per version.</summary>
    public IReadOnlyList<string> OutputNames => field ??= Protocol.V2Outputs.Names(this);

    public static ModelFacts From(ModelIdentity identity) =>
        new(identity, identity.Classes.Order(StringComparer.Ordinal).ToArray());
}
