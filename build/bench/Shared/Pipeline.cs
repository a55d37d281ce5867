using Microsoft.ML;
using Microsoft.ML.Data;

namespace BenchModel;

// One source file for both sides of the training benchmark: the bench compiles it into the plain ML.NET program
// and writes it, as it is, into the model project. Columns match the CSV that Workspace.WriteData generates.

/// <summary>A generated row: ten float features and a bool label.</summary>
public sealed class BenchRow
{
    [LoadColumn(0)] public float F0 { get; set; }
    [LoadColumn(1)] public float F1 { get; set; }
    [LoadColumn(2)] public float F2 { get; set; }
    [LoadColumn(3)] public float F3 { get; set; }
    [LoadColumn(4)] public float F4 { get; set; }
    [LoadColumn(5)] public float F5 { get; set; }
    [LoadColumn(6)] public float F6 { get; set; }
    [LoadColumn(7)] public float F7 { get; set; }
    [LoadColumn(8)] public float F8 { get; set; }
    [LoadColumn(9)] public float F9 { get; set; }
    [LoadColumn(10)] public bool Label { get; set; }
}

/// <summary>Concatenate the features, then single-threaded SDCA logistic regression for ten passes.</summary>
public static class BenchPipeline
{
    public static IEstimator<ITransformer> Build(MLContext ml) =>
        ml.Transforms.Concatenate("Features", "F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(new()
            {
                NumberOfThreads = 1,
                MaximumNumberOfIterations = 10,
            }));
}
