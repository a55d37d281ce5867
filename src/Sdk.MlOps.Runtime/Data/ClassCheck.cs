using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Data;

/// <summary>Class checks a classifier needs before training, worded for the data rather than as ML.NET's exceptions.</summary>
internal static class ClassCheck
{
    public static void AtLeastTwo(DataSet training, ModelBase model, IReadOnlyList<DataFile> files)
    {
        var classes = training.Labels.Distinct(StringComparer.Ordinal).Take(2).ToArray();
        if (classes.Length >= 2) return;
        var only = classes.Length == 0 ? "" : $": every one of the {training.Count} rows is '{Echo.Of(classes[0] ?? "")}'";
        throw new MlOpsException(ErrorCodes.TooFewClasses,
            $"The training data has one class in label column '{model.LabelColumn}'{only}. A {(model.Task == ModelTask.BinaryClassification ? "binary" : "multiclass")} classifier needs rows of at least two classes: add rows of another class.",
            files[0].Definition);
    }

    public static void NoneUnseen(DataSet training, DataSet test, IReadOnlyList<DataFile> testFiles)
    {
        var known = training.Labels.ToHashSet(StringComparer.Ordinal);
        var unseen = test.Labels.Where(l => !known.Contains(l!)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (unseen.Length > 0)
            throw new MlOpsException(ErrorCodes.UnseenTestClass,
                $"The test data has {unseen.Length} class(es) the training data lacks: {Echo.List(unseen.Take(10).Select(u => u ?? "").ToArray())}. The model cannot predict a class it never saw: add training rows for it or remove it from the test data.",
                testFiles[0].Definition);
    }
}
