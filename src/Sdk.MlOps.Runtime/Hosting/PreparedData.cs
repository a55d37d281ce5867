using System.Globalization;
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

        var training = model.ReadData(request.TrainingData, "training", reporter, ml);
        bool classification = model.Task is ModelTask.BinaryClassification or ModelTask.MulticlassClassification;
        if (request.TestData.Count > 0)
        {
            var test = model.ReadData(request.TestData, "test", reporter);
            // A test class the training data lacks is named first: it says which class to add.
            if (classification) ClassCheck.NoneUnseen(training, test, request.TestData);
            if (classification) ClassCheck.AtLeastTwo(training, model, request.TrainingData);
            return new PreparedData
            {
                Train = training.ToDataView(), Test = test.ToDataView(),
                TrainRows = training.Count, TestRows = test.Count,
                TrainingFiles = training.Files, TestFiles = test.Files,
            };
        }

        if (classification) ClassCheck.AtLeastTwo(training, model, request.TrainingData);
        var at = new SourceLocation(request.ProjectFile);
        if (request.TestFraction is <= 0 or >= 1)
            throw new MlOpsException(ErrorCodes.DataOptionInvalid,
                $"MlOpsTestFraction is {request.TestFraction.ToString(CultureInfo.InvariantCulture)}; it must be between 0 and 1 (e.g. 0.2), or give MlTestData.", at);
        var (train, test2, trainRows, testRows) = HeldOut.Split(ml, training, request, classification);
        if (testRows == 0 || trainRows == 0)
            throw new MlOpsException(ErrorCodes.DataFileEmpty,
                $"Holding out {request.TestFraction.ToString("P0", CultureInfo.InvariantCulture)} of {training.Count} rows leaves {(testRows == 0 ? "no test rows" : "no training rows")}. Add rows, change MlOpsTestFraction or give MlTestData.", at);
        return new PreparedData
        {
            Train = train, Test = test2, TrainRows = trainRows, TestRows = testRows,
            TrainingFiles = training.Files, TestFiles = [],
            SplitFraction = request.TestFraction,
        };
    }
}
