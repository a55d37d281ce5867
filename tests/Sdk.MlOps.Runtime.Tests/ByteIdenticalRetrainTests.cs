using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>
/// The same inputs on the same machine give the same model bytes: what the verification, the cache and a reviewer
/// comparing two builds rely on. ML.NET's own zip stamps entries with the time; the engine normalizes them.
/// </summary>
[TestClass]
public sealed class ByteIdenticalRetrainTests
{
    public sealed class Point
    {
        [LoadColumn(2)] public float Z12 { get; set; }
        [LoadColumn(4)] public float Ext48 { get; set; }
        [LoadColumn(8)] public float Out288 { get; set; }
        [LoadColumn(12)] public bool Label { get; set; }
    }

    public sealed class Trees : BinaryClassificationModel<Point>
    {
        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
            ml.Transforms.Concatenate("Features", "Z12", "Ext48", "Out288")
                .Append(ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { NumberOfTrees = 20, NumberOfThreads = 1 }));
    }

    public sealed class Sdca : BinaryClassificationModel<Point>
    {
        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
            ml.Transforms.Concatenate("Features", "Z12", "Ext48", "Out288")
                .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(new() { NumberOfThreads = 1, MaximumNumberOfIterations = 20 }));
    }

    [TestMethod]
    public void FastTree_TrainedTwice_GivesTheSameBytes() => AssertSameBytesTwice(new Trees());

    [TestMethod]
    public void SdcaWithOneThread_TrainedTwice_GivesTheSameBytes() => AssertSameBytesTwice(new Sdca());

    private static void AssertSameBytesTwice(ModelBase model)
    {
        using var dir = new TempDirectory();
        var sample = Path.Combine(TestData.RepoRoot(), "samples", "MetricAnomaly", "data", "metrics-train.csv");
        var data = dir.File("train.csv", string.Join('\n', File.ReadLines(sample).Take(1201)) + "\n");
        var first = TestData.Request(Path.Combine(dir.Path, "one"), TestData.Csv(data));
        var second = TestData.Request(Path.Combine(dir.Path, "two"), TestData.Csv(data));
        first.Tracking.Enabled = second.Tracking.Enabled = false;

        Stages.Train(model, first, new CapturedReporter().Reporter);
        Stages.Train(model, second, new CapturedReporter().Reporter);

        CollectionAssert.AreEqual(File.ReadAllBytes(first.ModelPath), File.ReadAllBytes(second.ModelPath));
        // Zip times have a 2 s grain, so two quick trainings could match by luck: every entry must carry the fixed time.
        using var zip = System.IO.Compression.ZipFile.OpenRead(first.ModelPath);
        Assert.IsTrue(zip.Entries.All(e => e.LastWriteTime.Year == 2000), "an entry keeps the time it was written");
        Assert.IsNotNull(new MLContext().Model.Load(first.ModelPath, out _), "ML.NET loads the normalized zip");
    }
}
