using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>A real training into a local store: nothing it tracks or reports names the machine's folders.</summary>
[TestClass]
public sealed class TrackedStoreScanTests
{
    [TestMethod]
    public void ATrainingLeavesNoAbsolutePathInTagsParamsMetricsOrReports()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, ".git"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "data"));
        var sample = Path.Combine(TestData.RepoRoot(), "samples", "IncidentTriage", "data", "corefx-issues.tsv");
        var data = dir.File(Path.Combine("data", "issues (v2) ä.tsv"), string.Join('\n', File.ReadLines(sample).Take(201)) + "\n");
        var training = TestData.Csv(data, separator: "tab", allowQuoting: false);
        training.Name = data; // as $(MSBuildProjectDirectory)/data/... names it: absolute
        var request = TestData.Request(Path.Combine(dir.Path, "bin"), training);
        request.ProjectFile = Path.Combine(dir.Path, "TestModel.csproj");
        request.Tracking.LocalStore = Path.Combine(dir.Path, "mlruns");
        request.Parameters = [new() { Name = "Iterations", Value = "5" }];
        var reporter = new CapturedReporter();

        Stages.Train(new TrainerEvaluatorTests.TinyTriage(), request, reporter.Reporter);

        Assert.IsEmpty(reporter.WarningCodes, string.Join('\n', reporter.Lines));
        var store = request.Tracking.LocalStore;
        var scanned = Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal) && !f.EndsWith(".zip", StringComparison.Ordinal))
            .Append(request.TrainingReportPath)
            .ToList();
        Assert.IsTrue(scanned.Any(f => f.Contains($"{Path.DirectorySeparatorChar}tags{Path.DirectorySeparatorChar}mlops.data.", StringComparison.Ordinal)));
        Assert.IsTrue(scanned.Any(f => f.EndsWith("TestModel.training.json", StringComparison.Ordinal) && f.StartsWith(store, StringComparison.Ordinal)));
        var leaks = scanned
            .Where(f => Path.GetRelativePath(store, f).Contains(Path.GetFileName(dir.Path), StringComparison.Ordinal)
                || TrackedLines(f).Any(line => line.Contains(dir.Path, StringComparison.Ordinal)))
            .ToList();
        Assert.IsEmpty(leaks, string.Join('\n', leaks));
    }

    /// <summary>
    /// The file's lines, less the artifact locations of meta.yaml: MLflow's file layout requires them absolute
    /// (file:///...), and they are the store's own bookkeeping, not something tracked about the model.
    /// </summary>
    private static IEnumerable<string> TrackedLines(string file) =>
        File.ReadLines(file).Where(line => !(Path.GetFileName(file) == "meta.yaml"
            && (line.StartsWith("artifact_uri:", StringComparison.Ordinal) || line.StartsWith("artifact_location:", StringComparison.Ordinal))));
}
