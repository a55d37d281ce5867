namespace Sdk.MlOps.Testing;

/// <summary>
/// One prediction, whatever the task: the predicted label as text (a class name, <c>true</c>/<c>false</c>; null for
/// regression), the score (for multiclass, the predicted class's), and each class's score by name (multiclass).
/// </summary>
/// <param name="Label">The predicted label as text; null when the model predicts a number.</param>
/// <param name="Score">The model's score: the number for regression, the raw score for binary classification and anomaly detection, the predicted class's probability for multiclass.</param>
/// <param name="Scores">Multiclass: every class's probability by class name; empty otherwise.</param>
public sealed record Prediction(string? Label, float Score, IReadOnlyDictionary<string, float> Scores)
{
    /// <summary>The score of one class (multiclass), e.g. the probability of "network".</summary>
    public float ScoreOf(string label) => Scores.TryGetValue(label, out var score)
        ? score
        : throw new KeyNotFoundException($"The model has no class '{label}'. Classes: {string.Join(", ", Scores.Keys)}.");
}
