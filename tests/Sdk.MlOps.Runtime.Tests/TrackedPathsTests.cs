using Sdk.MlOps.Data;
using Sdk.MlOps.MLflow;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>Tag and param keys MLflow accepts whatever the files are called, and no machine paths in what is tracked.</summary>
[TestClass]
public sealed class TrackedPathsTests
{
    private const string Hash = "xxh128:0123456789abcdef0123456789abcdef";

    /// <summary>A repository (a .git folder) with the project in src/Model.</summary>
    private static string Repository(TempDirectory dir)
    {
        Directory.CreateDirectory(Path.Combine(dir.Path, ".git"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "src", "Model"));
        return Path.Combine(dir.Path, "src", "Model", "Model.csproj");
    }

    [TestMethod]
    public void ADataPathIsKeptInsideTheProjectRelativeToTheRepositoryElsewhereAndReducedOutside()
    {
        using var dir = new TempDirectory();
        var project = Repository(dir);

        Assert.AreEqual("data/train.csv", TrackedPaths.Data(@"data\train.csv", Hash, project));
        Assert.AreEqual("shared/data.csv", TrackedPaths.Data("../../shared/data.csv", Hash, project));
        Assert.AreEqual("shared/data.csv", TrackedPaths.Data(Path.Combine(dir.Path, "shared", "data.csv"), Hash, project));
        Assert.AreEqual("src/Model/data/x.csv", TrackedPaths.Data(Path.Combine(dir.Path, "src", "Model", "data", "x.csv"), Hash, project));
        Assert.AreEqual("external-0123456789ab/data.csv", TrackedPaths.Data("/elsewhere/data.csv", Hash, project));
    }

    [TestMethod]
    public void TheLocalStoreIsNamedRelativeToTheRepositoryOrByNameAndHash()
    {
        using var dir = new TempDirectory();
        var project = Repository(dir);

        Assert.AreEqual("mlruns", TrackedPaths.Store(Path.Combine(dir.Path, "mlruns"), project));
        var outside = TrackedPaths.Store("/srv/stores/mlruns", project);
        StringAssert.Matches(outside, new System.Text.RegularExpressions.Regex("^mlruns@[0-9a-f]{12}$"));
        Assert.AreNotEqual(outside, TrackedPaths.Store("/srv/other/mlruns", project));
    }

    [TestMethod]
    [DataRow("data/train (v2) ä.csv", "data/train _v2_ _.csv")]
    [DataRow("a b/c:d.csv", "a_b/c_d.csv")]
    [DataRow("../x.csv", "_/x.csv")]
    public void AKeyMadeFromAnyNameIsValidStableAndDistinct(string name, string lookalike)
    {
        var key = TrackingKeys.Make("mlops.data.", name);

        Limits.CheckKey("Tag", key);
        Assert.AreEqual(key, TrackingKeys.Make("mlops.data.", name));
        Assert.AreNotEqual(key, TrackingKeys.Make("mlops.data.", lookalike));
    }

    [TestMethod]
    public void ASafeNameIsKeptAsItIsAndALongOneIsShortened()
    {
        Assert.AreEqual("mlops.data.data/train.csv", TrackingKeys.Make("mlops.data.", "data/train.csv"));
        var key = TrackingKeys.Make("mlops.data.", string.Join('/', Enumerable.Repeat("folder", 60)) + "/train.csv");
        Limits.CheckKey("Tag", key);
        Assert.Contains("train.csv", key);
    }

    [TestMethod]
    public async Task ADataFileWithSpacesParenthesesAndUmlautsRecordsARun()
    {
        using var dir = new TempDirectory();
        var project = Repository(dir);
        var request = TestData.Request(Path.Combine(dir.Path, "out"), TestData.Csv(dir.File("t.csv", "a\n1\n")));
        request.ProjectFile = project;
        request.Tracking.LocalStore = Path.Combine(dir.Path, "mlruns");
        Directory.CreateDirectory(Path.GetDirectoryName(request.ModelPath)!);
        File.WriteAllText(request.ModelPath, "model");
        request.Parameters = [new() { Name = "learning rate", Value = "0.1" }];
        var report = TestData.Report(new DataFileStats("data/train (v2) ä.csv", Hash, 10, 10)) with
        {
            Parameters = new Dictionary<string, string> { ["learning rate"] = "0.1" },
        };
        var reporter = new CapturedReporter();
        using var tracking = new LifecycleTracking(request, reporter.Reporter);

        var run = await tracking.RecordTraining(report);

        Assert.IsNotNull(run);
        Assert.IsEmpty(reporter.WarningCodes);
        var recorded = await new FileStore(request.Tracking.LocalStore).GetRunAsync(run.RunId);
        var dataTag = recorded.Data.Tags.Single(t => t.Key.StartsWith(RunLogger.DataTagPrefix, StringComparison.Ordinal));
        Assert.EndsWith("file:data/train (v2) ä.csv", dataTag.Value);
        Assert.AreEqual("0.1", recorded.Data.Params.Single(p => p.Key.StartsWith("learning_rate", StringComparison.Ordinal)).Value);
        Assert.AreEqual("mlruns", run.Store);
    }

    [TestMethod]
    public async Task ADataFileWithSpacesParenthesesAndUmlautsRecordsARunOnAServer()
    {
        using var dir = new TempDirectory();
        await using var server = await Testing.FakeMlflowServer.StartAsync();
        var request = TestData.Request(dir.Path, TestData.Csv(dir.File("t.csv", "a\n1\n")));
        request.ProjectFile = Repository(dir);
        request.Tracking.Uri = server.Uri.ToString();
        File.WriteAllText(request.ModelPath, "model");
        var reporter = new CapturedReporter();
        using var tracking = new LifecycleTracking(request, reporter.Reporter);

        var run = await tracking.RecordTraining(TestData.Report(new DataFileStats("data/train (v2) ä.csv", Hash, 10, 10)));

        Assert.IsFalse(run!.IsLocal);
        Assert.IsEmpty(reporter.WarningCodes);
        var logged = server.RequestsTo("POST", "runs/create").Single().Text;
        Assert.Contains("file:data/train (v2) ", logged);
    }
}
