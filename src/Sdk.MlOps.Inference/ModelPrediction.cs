namespace Sdk.MlOps.Inference;

/// <summary>One class and the model's score for it.</summary>
/// <param name="Label">The class name, as the label column spelt it in the training data.</param>
/// <param name="Score">The class's probability (multiclass) or the model's score.</param>
public sealed record ClassScore(string Label, float Score);

/// <summary>
/// One prediction, whatever the task: the predicted label (a class name, <c>true</c>/<c>false</c>; null for
/// regression), the score, the probability when the model is calibrated, and for multiclass every class by score.
/// </summary>
/// <param name="Label">The predicted label as text; null when the model predicts a number.</param>
/// <param name="Score">Regression: the predicted number. Binary classification and anomaly detection: the raw score. Multiclass: the predicted class's probability.</param>
/// <param name="Probability">Binary classification with a calibrated trainer: the probability of <c>true</c>; otherwise null.</param>
/// <param name="Scores">Multiclass: every class with its probability, highest first; empty otherwise.</param>
public sealed record ModelPrediction(string? Label, float Score, float? Probability, IReadOnlyList<ClassScore> Scores)
{
    /// <summary>The <paramref name="count"/> most likely classes, highest first (multiclass).</summary>
    public IReadOnlyList<ClassScore> Top(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return count >= Scores.Count ? Scores : Scores.Take(count).ToArray();
    }

    /// <summary>The score of one class (multiclass), e.g. the probability of "area-System.Net".</summary>
    public float ScoreOf(string label) => Scores.FirstOrDefault(s => s.Label == label)?.Score
        ?? throw new KeyNotFoundException($"The model has no class '{label}'. Classes: {string.Join(", ", Scores.Select(s => s.Label))}.");
}
