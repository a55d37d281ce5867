using System.Globalization;
using Microsoft.ML;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Data;

/// <summary>
/// The test rows held out of the training files when the project gives no test files. "Stratified" (the default)
/// is the SDK's seeded split that keeps every class on both sides; "MLNet" is <c>ml.Data.TrainTestSplit(data,
/// testFraction, seed: MlOpsSeed)</c>, for users who must get exactly the rows a plain ML.NET program gets.
/// </summary>
internal static class HeldOut
{

    public static (IDataView Train, IDataView Test, int TrainRows, int TestRows) Split(MLContext ml, DataSet data, Request request, bool classification)
    {
        if (SplitMethod.Is(request.Split, SplitMethod.MLNet))
        {
            var split = ml.Data.TrainTestSplit(data.ToDataView(), request.TestFraction, seed: request.Seed);
            int testRows = Count(split.TestSet);
            return (split.TrainSet, split.TestSet, data.Count - testRows, testRows);
        }

        if (!SplitMethod.Is(request.Split, SplitMethod.Stratified))
            throw new MlOpsException(ErrorCodes.DataOptionInvalid, SplitMethod.Unknown(Echo.Of(request.Split)), new SourceLocation(request.ProjectFile));
        var (train, test) = Splitter.Split(data.Labels, request.TestFraction, request.Seed, classification);
        return (data.ToDataView(train), data.ToDataView(test), train.Length, test.Length);
    }

    private static int Count(IDataView view)
    {
        using var cursor = view.GetRowCursor([]);
        int n = 0;
        while (cursor.MoveNext()) n++;
        return n;
    }
}
