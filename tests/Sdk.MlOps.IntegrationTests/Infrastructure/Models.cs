namespace Sdk.MlOps.IntegrationTests.Infrastructure;

/// <summary>Model code and project items the tests start from; each test changes what it is about.</summary>
internal static class Models
{
    /// <summary>A small anomaly-window classifier over three features of the MetricAnomaly data.</summary>
    public const string Detector = """
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using Sdk.MlOps;

        public sealed class Point
        {
            [LoadColumn(0)] public string Series { get; set; } = "";
            [LoadColumn(2)] public float Z12 { get; set; }
            [LoadColumn(4)] public float Ext48 { get; set; }
            [LoadColumn(8)] public float Out288 { get; set; }
            [LoadColumn(12)] public bool Label { get; set; }
        }

        public sealed class Detector : BinaryClassificationModel<Point>
        {
            public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
                ml.Transforms.Concatenate("Features", "Z12", "Ext48", "Out288")
                    .Append(ml.Transforms.NormalizeMinMax("Features"))
                    // L-BFGS does not depend on row order: the data is served in file order, as ML.NET's loader serves it.
                    .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new()
                    {
                        NumberOfThreads = 1,
                        MaximumNumberOfIterations = p.Get("Iterations", 20),
                    }));
        }
        """;

    public const string DetectorItems = """
            <MlTrainingData Include="data/train.csv" />
            <MlTestData Include="data/test.csv" />
            <MlParameter Include="Iterations" Value="20" />
            <MlMetricGate Include="AreaUnderRocCurve" Minimum="0.5" />
            <MlMetricGate Include="Accuracy" Minimum="0.5" Maximum="1" />
            <None Include="notes.txt" CopyToPublishDirectory="Always" />
        """;

    /// <summary>A detector project with real data: 400 training and 200 test rows.</summary>
    public static ModelProject DetectorProject(string name, SdkReference reference = SdkReference.ProjectSdk, string? items = null, string? code = null, string properties = "", bool multiTargeting = false, string? directory = null) =>
        ModelProject.Create(name, items ?? DetectorItems, code ?? Detector, reference, properties, multiTargeting, directory)
            .WithMetricData("data/train.csv", "metrics-train.csv", rows: 400)
            .WithMetricData("data/test.csv", "metrics-test.csv", rows: 200)
            .Write("notes.txt", "published beside the bundle\n");
}
