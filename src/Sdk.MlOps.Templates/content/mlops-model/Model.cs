using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps;

namespace MlOpsModel;

#if (task == "binary")
/// <summary>One row of data/*.csv, found by header name.</summary>
public sealed class HostSample
{
    [LoadColumn(0)] public float Cpu { get; set; }
    [LoadColumn(1)] public float Errors { get; set; }
    [LoadColumn(2)] public bool Failed { get; set; }
}

/// <summary>Will this host fail within the hour?</summary>
public sealed class FailurePrediction : BinaryClassificationModel<HostSample>
{
    public override string LabelColumn => nameof(HostSample.Failed);

    public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
        ml.Transforms.Concatenate("Features", nameof(HostSample.Cpu), nameof(HostSample.Errors))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new() { NumberOfThreads = 1 }));
}
#elseif (task == "multiclass")
/// <summary>One row of data/*.csv, found by header name.</summary>
public sealed class Incident
{
    [LoadColumn(0)] public string Title { get; set; } = "";
    [LoadColumn(1)] public string Team { get; set; } = "";
}

/// <summary>Which team does an incident go to?</summary>
public sealed class IncidentTriage : MulticlassClassificationModel<Incident>
{
    public override string LabelColumn => nameof(Incident.Team);

    public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
        ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.FeaturizeText("Features", nameof(Incident.Title)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new() { NumberOfThreads = 1 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
}
#elseif (task == "regression")
/// <summary>One row of data/*.csv, found by header name.</summary>
public sealed class ResolvedIncident
{
    [LoadColumn(0)] public float Hosts { get; set; }
    [LoadColumn(1)] public float Severity { get; set; }
    [LoadColumn(2)] public float Night { get; set; }
    [LoadColumn(3)] public float Minutes { get; set; }
}

/// <summary>How many minutes will an incident take to resolve?</summary>
public sealed class ResolutionTime : RegressionModel<ResolvedIncident>
{
    public override string LabelColumn => nameof(ResolvedIncident.Minutes);

    public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
        ml.Transforms.Concatenate("Features", nameof(ResolvedIncident.Hosts), nameof(ResolvedIncident.Severity), nameof(ResolvedIncident.Night))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Regression.Trainers.Sdca(new() { NumberOfThreads = 1 }));
}
#else
/// <summary>One row of data/*.csv, found by header name: a metric window and whether it was anomalous.</summary>
public sealed class MetricWindow
{
    [LoadColumn(0)] public float Deviation { get; set; }
    [LoadColumn(1)] public float Spread { get; set; }
    [LoadColumn(2)] public float Trend { get; set; }
    [LoadColumn(3)] public bool Anomaly { get; set; }
}

/// <summary>Is a metric window leaving its normal range? Trained without labels; the labels only evaluate it.</summary>
public sealed class MetricAnomaly : AnomalyDetectionModel<MetricWindow>
{
    public override string LabelColumn => nameof(MetricWindow.Anomaly);

    public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
        ml.Transforms.Concatenate("Features", nameof(MetricWindow.Deviation), nameof(MetricWindow.Spread), nameof(MetricWindow.Trend))
            .Append(ml.AnomalyDetection.Trainers.RandomizedPca(new() { Rank = 1, Seed = 1 }));
}
#endif
