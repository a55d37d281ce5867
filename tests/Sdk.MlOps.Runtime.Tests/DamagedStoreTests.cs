using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>A damaged local store is MLOPS5006, naming the file, and the engine does not work around it.</summary>
[TestClass]
public sealed class DamagedStoreTests
{
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task ADamagedExperimentIsMlops5006AndNoSecondOneIsMade(bool required)
    {
        using var dir = new TempDirectory();
        var request = TestData.Request(dir.Path, TestData.Csv(dir.File("t.csv", "a\n1\n")));
        request.Tracking.Required = required;
        File.WriteAllText(request.ModelPath, "model");
        var store = new MLflow.FileStore(request.Tracking.LocalStore!);
        var id = await store.CreateExperimentAsync(request.ModelName);
        var meta = Path.Combine(store.RootDirectory, id, "meta.yaml");
        File.WriteAllText(meta, "name: TestModel\n  torn");
        var reporter = new CapturedReporter();
        using var tracking = new LifecycleTracking(request, reporter.Reporter);

        if (required)
        {
            var e = await Assert.ThrowsExactlyAsync<MlOpsException>(() => tracking.RecordTraining(TestData.Report()));
            Assert.AreEqual(ErrorCodes.StoreDamaged, e.Code);
            Assert.Contains(meta, e.Message);
        }
        else
        {
            Assert.IsNull(await tracking.RecordTraining(TestData.Report()));
            CollectionAssert.AreEqual(new[] { ErrorCodes.StoreDamaged }, reporter.WarningCodes);
            Assert.IsTrue(reporter.Lines.Any(l => l.Contains(meta, StringComparison.Ordinal)));
        }

        Assert.HasCount(2, Directory.GetDirectories(store.RootDirectory).Where(d => !Path.GetFileName(d).StartsWith('.')).ToList()); // 0 and the damaged one
    }

    [TestMethod]
    public async Task ATrainingRecordThatFailsHalfWayLeavesNoRunInTheLocalStore()
    {
        using var dir = new TempDirectory();
        var request = TestData.Request(dir.Path, TestData.Csv(dir.File("t.csv", "a\n1\n")));
        // No model file: the run is made, its metrics logged, then the model artifact fails.
        var reporter = new CapturedReporter();
        using var tracking = new LifecycleTracking(request, reporter.Reporter);

        Assert.IsNull(await tracking.RecordTraining(TestData.Report()));

        CollectionAssert.AreEqual(new[] { ErrorCodes.TrackingFailed }, reporter.WarningCodes);
        var store = new MLflow.FileStore(request.Tracking.LocalStore!);
        var experiment = await store.GetExperimentByNameAsync(request.ModelName);
        Assert.IsNotNull(experiment);
        Assert.IsEmpty((await store.SearchRunsAsync([experiment.ExperimentId])).Items);
        Assert.IsEmpty(Directory.GetFileSystemEntries(Path.Combine(store.RootDirectory, experiment.ExperimentId)).Where(e => Path.GetFileName(e) != "meta.yaml"));
    }

    [TestMethod]
    public async Task AChampionTheLocalStoreCannotRead_IsMlops5005_AndRelativeGatesPassByRule()
    {
        using var dir = new TempDirectory();
        var request = TestData.Request(dir.Path, TestData.Csv(dir.File("train.csv", "a,b\n1,2\n")));
        // A name the store refuses to look up: the read fails with MLflow's INVALID_PARAMETER_VALUE, not with damage.
        request.Tracking.RegisteredModelName = "../outside";
        var reporter = new CapturedReporter();
        using var tracking = new LifecycleTracking(request, reporter.Reporter);

        Assert.IsNull(await tracking.Champion(dir.Path));

        CollectionAssert.AreEqual(new[] { ErrorCodes.ChampionUnknown }, reporter.WarningCodes);
        Assert.IsTrue(reporter.Lines.Any(l => l.Contains("relative gates pass by rule", StringComparison.Ordinal)), string.Join("\n", reporter.Lines));
    }
}
