using Microsoft.ML;
using Sdk.MlOps.Data;
using Sdk.MlOps.Diagnostics;

namespace Sdk.MlOps.Hosting;

/// <summary>
/// The training and test views of a request: the test files when the project gives them, else a seeded split of
/// the training files that training and evaluation reproduce identically.
/// </summary>
internal sealed class PreparedData
{
    public required IDataView Train { get; init; }
    public required IDataView Test { get; init; }
    public required int TrainRows { get; init; }
    public required int TestRows { get; init; }
    public required IReadOnlyList<DataFileStats> TrainingFiles { get; init; }
    public required IReadOnlyList<DataFileStats> TestFiles { get; init; }
    /// <summary>The fraction held out of the training files, or null when test files were given.</summary>
    public double? SplitFraction { get; init; }

    public static PreparedData Load(ModelBase model, MLContext ml, Request request, Reporter reporter)
    {
        if (request.TrainingData.Count == 0)
            throw new MlOpsException(ErrorCodes.NoTrainingData,
                "The project has no MlTrainingData item. Add <MlTrainingData Include=\"data/train.csv\" /> to the project file.",
                new SourceLocation(request.ProjectFile));

        var training = model.ReadData(request.TrainingData, "training", reporter);
        bool classification = model.Task is ModelTask.BinaryClassification or ModelTask.MulticlassClassification;
        if (request.TestData.Count > 0)
        {
            var test = model.ReadData(request.TestData, "test", reporter);
            if (classification) CheckClasses(training, test, request.TestData);
            return new PreparedData
            {
                Train = training.ToDataView(ml), Test = test.ToDataView(ml),
                TrainRows = training.Count, TestRows = test.Count,
                TrainingFiles = training.Files, TestFiles = test.Files,
            };
        }

        if (request.TestFraction is <= 0 or >= 1)
            throw new MlOpsException(ErrorCodes.DataOptionInvalid,
                $"MlOpsTestFraction is {request.TestFraction.ToString(System.Globalization.CultureInfo.InvariantCulture)}; it must be between 0 and 1 (e.g. 0.2), or give MlTestData.",
                new SourceLocation(request.ProjectFile));
        var (trainIdx, testIdx) = Splitter.Split(training.Labels, request.TestFraction, request.Seed, classification);
        if (testIdx.Length == 0)
            throw new MlOpsException(ErrorCodes.DataFileEmpty,
                $"Holding out {request.TestFraction.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)} of {training.Count} rows leaves no test rows. Add rows, raise MlOpsTestFraction or give MlTestData.",
                new SourceLocation(request.ProjectFile));
        return new PreparedData
        {
            Train = training.ToDataView(ml, trainIdx), Test = training.ToDataView(ml, testIdx),
            TrainRows = trainIdx.Length, TestRows = testIdx.Length,
            TrainingFiles = training.Files, TestFiles = [],
            SplitFraction = request.TestFraction,
        };
    }

    private static void CheckClasses(DataSet training, DataSet test, IReadOnlyList<DataFile> testFiles)
    {
        var known = training.Labels.ToHashSet(StringComparer.Ordinal);
        var unseen = test.Labels.Where(l => !known.Contains(l!)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (unseen.Length > 0)
            throw new MlOpsException(ErrorCodes.UnseenTestClass,
                $"The test data has {unseen.Length} class(es) the training data lacks: {string.Join(", ", unseen.Take(10))}. The model cannot predict a class it never saw: add training rows for it or remove it from the test data.",
                testFiles[0].Definition);
    }
}
