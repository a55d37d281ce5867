using System.Xml.Linq;
using Sdk.MlOps.IntegrationTests.Infrastructure;

namespace Sdk.MlOps.IntegrationTests;

/// <summary>
/// dotnet test in both of its modes runs the gates as tests: the Microsoft.Testing.Platform mode (global.json), where
/// every test project of the solution must be such an application, and the VSTest mode.
/// </summary>
[TestClass]
public sealed class TestRunnerTests
{
    private const string ImpossibleGate = """
            <MlTrainingData Include="data/train.csv" />
            <MlTestData Include="data/test.csv" />
            <MlMetricGate Include="AreaUnderRocCurve" Minimum="0.5" />
            <MlMetricGate Include="Accuracy" Minimum="0.999" />
        """;

    [TestMethod]
    public void MicrosoftTestingPlatformMode_GatesAreTestsBesideAnMSTestProject()
    {
        var solution = TestSolution.Create("MtpMode", microsoftTestingPlatformRunner: true);
        // The version comes from global.json's msbuild-sdks, as a repository with several model projects keeps it.
        var model = solution.AddDetector("Model", ImpossibleGate).Replace("Model.csproj", $"Sdk=\"Sdk.MlOps/{PackedSdk.Version}\"", "Sdk=\"Sdk.MlOps\"");
        solution.AddMSTestProject("UnitTests");

        var failed = solution.Test();
        Assert.AreNotEqual(0, failed.ExitCode, failed.Output);
        failed.ShouldHaveNoCrash();
        Assert.Contains("failed Gate(Accuracy ≥ 0.999)", failed.Output);
        Assert.Contains("MLOPS3004: Gate Accuracy ≥ 0.999 failed: Model scores", failed.Output);
        Assert.IsTrue(System.Text.RegularExpressions.Regex.IsMatch(failed.Output, @"UnitTests\.dll \([^)]*\) passed"), "the other test project ran too:\n" + failed.Output);

        model.Replace("Model.csproj", "Minimum=\"0.999\"", "Minimum=\"0.5\"");
        // What serving costs is gated too, and each figure is a test of its own.
        model.Replace("Model.csproj", "<MlTestData Include=\"data/test.csv\" />",
            "<MlTestData Include=\"data/test.csv\" /><MlPerformanceGate Include=\"LatencyP99Ms\" Maximum=\"1000\" /><MlPerformanceGate Include=\"ModelSizeMB\" Maximum=\"100\" />"
            // ...and a gate holds in every slice of the test rows by server series, each slice a test result.
            + "<MlMetricGate Include=\"Accuracy\" Minimum=\"0.01\" Slice=\"Series\" MinimumSliceRows=\"5\" />");
        var results = Path.Combine(solution.Directory, "results");
        // The gate table is the program's output, which this mode shows with --output detailed (as the README says).
        var passed = solution.Test("--report-trx", "--results-directory", results, "--output", "detailed").ShouldSucceed();
        StringAssert.Matches(passed.Output, new System.Text.RegularExpressions.Regex(@"Accuracy\s+[\d.]+\s+≥ 0\.5\s+passed"), "no gate table");
        StringAssert.Matches(passed.Output, new System.Text.RegularExpressions.Regex(@"LatencyP99Ms\s+[\d.]+\s+≤ 1000\s+passed"), "no performance gate in the table");
        CollectionAssert.IsSubsetOf(new[]
            {
                ("Gate(Accuracy ≥ 0.5)", "Passed"), ("Gate(AreaUnderRocCurve ≥ 0.5)", "Passed"), ("MlOps.Evaluate", "Passed"),
                ("Gate(LatencyP99Ms ≤ 1000)", "Passed"), ("Gate(ModelSizeMB ≤ 100)", "Passed"),
            },
            TrxOutcomes(results).ToArray());
        var series = File.ReadLines(Path.Combine(model.Directory, "data", "test.csv")).Skip(1).Select(l => l.Split(',')[0]).Distinct().ToArray();
        var sliceResults = TrxOutcomes(results).Where(r => r.Item1.StartsWith("Gate(Accuracy ≥ 0.01, in every Series slice of ≥ 5 rows) [Series=", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(series.Length, sliceResults, "one test result per slice:\n" + string.Join("\n", TrxOutcomes(results)));
        Assert.IsGreaterThan(1, series.Length);
    }

    [TestMethod]
    public void VSTestMode_AFailedGateIsAnErrorAtItsLine_PublishRefuses_NoBuildTestsWhatWasBuilt()
    {
        var project = Models.DetectorProject("VSTestMode", items: ImpossibleGate);

        var failed = project.Test();
        var error = failed.ShouldFailTest("MLOPS3004");
        Assert.AreEqual(project.ProjectFile, error.File);
        Assert.AreEqual(project.LineOf("Minimum=\"0.999\""), error.Line);
        Assert.Contains("FAILED", failed.Output, "the gate table shows the verdict");
        project.Publish().ShouldFailWith("MLOPS3004");
        Assert.IsFalse(Directory.Exists(project.PublishDir) && Directory.EnumerateFiles(project.PublishDir).Any(), "a failed gate left a bundle or part of one");

        // The gate is revised, but --no-build tests what was built: the gate of the last build.
        project.Replace("VSTestMode.csproj", "Minimum=\"0.999\"", "Minimum=\"0.5\"");
        Assert.Contains("Gate Accuracy ≥ 0.999 failed", project.Test("--no-build").ShouldFailTest("MLOPS3004").Message);

        var results = Path.Combine(project.Directory, "results");
        var passed = project.Test("--results-directory", results, "--logger", "trx").ShouldSucceed();
        Assert.Contains("Evaluated VSTestMode on 200 test rows", passed.Output, "the program's output shows");
        CollectionAssert.AreEquivalent(new[] { ("Gate(Accuracy ≥ 0.5)", "Passed"), ("Gate(AreaUnderRocCurve ≥ 0.5)", "Passed"), ("MlOps.Evaluate", "Passed") },
            TrxOutcomes(results).ToArray());
    }

    /// <summary>Test name and outcome of every result in the TRX files of a folder.</summary>
    internal static IEnumerable<(string, string)> TrxOutcomes(string directory) =>
        Directory.GetFiles(directory, "*.trx").SelectMany(f => XDocument.Load(f).Descendants().Where(e => e.Name.LocalName == "UnitTestResult"))
            .Select(e => ((string)e.Attribute("testName")!, (string)e.Attribute("outcome")!));
}
