using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Sdk.MlOps;

namespace MetricAnomaly;

/// <summary>Is this metric point inside an anomaly window? Gradient-boosted trees over scale-free window features.</summary>
public sealed class AnomalyWindowClassifier : BinaryClassificationModel<MetricPoint>
{
    private static readonly string[] Features =
        ["Z12", "Ext12", "Ext48", "Ext144", "Ext288", "Out48", "Out288", "PrevExt48", "PrevExt288", "LogVol288"];

    public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
        ml.Transforms.Concatenate("Features", Features)
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfTrees = p.Get("NumberOfTrees", 100),
                NumberOfLeaves = p.Get("NumberOfLeaves", 20),
            }));
}
