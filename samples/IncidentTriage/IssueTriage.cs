using Microsoft.ML;
using Sdk.MlOps;

namespace IncidentTriage;

/// <summary>Predicts the Area of an issue from its Title and Description.</summary>
public sealed class IssueTriage : MulticlassClassificationModel<Issue>
{
    public override string LabelColumn => nameof(Issue.Area);

    public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
        ml.Transforms.Conversion.MapValueToKey("Label", nameof(Issue.Area))
            .Append(ml.Transforms.Text.FeaturizeText("TitleFeatures", nameof(Issue.Title)))
            .Append(ml.Transforms.Text.FeaturizeText("DescriptionFeatures", nameof(Issue.Description)))
            .Append(ml.Transforms.Concatenate("Features", "TitleFeatures", "DescriptionFeatures"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new()
            {
                L2Regularization = p.Get("L2Regularization", 0.0001f),
                MaximumNumberOfIterations = p.Get("MaximumNumberOfIterations", 100),
                NumberOfThreads = 1, // SDCA is run-to-run identical only with few threads
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
}
