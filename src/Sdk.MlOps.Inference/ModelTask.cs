namespace Sdk.MlOps.Inference;

/// <summary>What a model predicts, read from the columns its pipeline writes.</summary>
public enum ModelTask
{
    /// <summary>A number (<c>Score</c> only).</summary>
    Regression,

    /// <summary>True or false (<c>PredictedLabel</c> a Boolean, <c>Score</c>, optionally <c>Probability</c>).</summary>
    BinaryClassification,

    /// <summary>One of several classes (<c>Score</c> a vector of class probabilities).</summary>
    MulticlassClassification,
}
