using Sdk.MlOps.IntegrationTests.Infrastructure;

namespace Sdk.MlOps.IntegrationTests;

/// <summary>
/// dotnet new from the packed templates package, for every task: mlops-model for three of them, mlops-solution
/// (the same model project, with behaviour tests and a CI workflow) for the fourth. Tested and published as they come;
/// a behaviour test that fails then fails dotnet test. One of the suite's longest scenarios: its name has the runner
/// start it early, so shorter ones fill in around it.
/// </summary>
[TestClass]
public sealed class DotnetNewTests
{
    [TestMethod]
    public void EveryTask_TestsAndPublishesAsItComes_AndTheSolutionRunsItsBehaviourTests()
    {
        var root = ModelProject.NewFolder("Templates");
        Directory.CreateDirectory(root);
        // A template hive of the test's own, so nothing is installed for the user who runs the tests.
        var hive = Path.Combine(root, ".hive");
        var templates = Path.Combine(PackedSdk.Feed, $"Sdk.MlOps.Templates.{PackedSdk.Version}.nupkg");
        Dotnet.Run(root, "new", "install", templates, "--debug:custom-hive", hive).ShouldSucceed();

        foreach (var task in new[] { "binary", "regression", "anomaly" })
            Dotnet.Run(root, "new", "mlops-model", "-n", Name(task), "--task", task, "--debug:custom-hive", hive).ShouldSucceed();
        Dotnet.Run(root, "new", "mlops-solution", "-n", Name("multiclass"), "--task", "multiclass", "--debug:custom-hive", hive).ShouldSucceed();
        var solution = Path.Combine(root, Name("multiclass"));
        CollectionAssert.AreEqual(File.ReadAllBytes(Repository.Path("docs", "ci", "github-actions.yml")),
            File.ReadAllBytes(Path.Combine(solution, ".github", "workflows", "model.yml")), "the solution's workflow is the documented recipe");
        var workflow = File.ReadAllText(Path.Combine(solution, ".github", "workflows", "model.yml"));
        var globalJson = System.Text.RegularExpressions.Regex.Match(workflow, @"global-json-file:\s*(\S+)").Groups[1].Value;
        Assert.IsTrue(File.Exists(Path.Combine(solution, globalJson)), $"the workflow asks for '{globalJson}', which the solution lacks");
        CollectionAssert.IsSubsetOf(new[] { "bin/", "obj/", "mlruns/" }, File.ReadAllLines(Path.Combine(solution, ".gitignore")));

        // One solution over all of them: one test and one publish command, as a repository with several models runs them.
        string[] projects = ["MyBinary/MyBinary.csproj", "MyRegression/MyRegression.csproj", "MyAnomaly/MyAnomaly.csproj",
            "MyMulticlass/MyMulticlass/MyMulticlass.csproj", "MyMulticlass/MyMulticlass.Tests/MyMulticlass.Tests.csproj"];
        ModelProject.WriteNuGetConfig(root);
        File.WriteAllText(Path.Combine(root, "Templates.slnx"), "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{p}\" />\n")) + "</Solution>\n");
        // As a user gets them: with the model report.
        // ...on GitHub Actions, whose job summary is the file GITHUB_STEP_SUMMARY names.
        var summary = Path.Combine(root, "job-summary.md");
        var environment = new Dictionary<string, string>
        {
            ["MLOPS_CACHE_DIR"] = Path.Combine(root, ".cache"), ["MlOpsReport"] = "true", ["GITHUB_STEP_SUMMARY"] = summary,
        };

        // Built once, as CI does: test builds Release, publish ships what was built and gated.
        var test = Dotnet.Run(root, environment, "test", "Templates.slnx", "-c", "Release").ShouldSucceed();
        foreach (var model in new[] { "MyBinary", "MyMulticlass", "MyRegression", "MyAnomaly" })
            Assert.Contains($"Evaluated {model} on ", test.Output, $"{model} was not gated");
        Assert.IsTrue(Directory.Exists(Path.Combine(root, "MyBinary", "mlruns")), "outside a git repository the runs go to the project's folder");
        StringAssert.Matches(test.Output, new System.Text.RegularExpressions.Regex(@"Passed!.*MyMulticlass\.Tests\.dll"), "the behaviour tests did not run");
        var jobSummary = File.ReadAllText(summary);
        foreach (var model in new[] { "MyBinary", "MyMulticlass", "MyRegression", "MyAnomaly" })
            Assert.Contains($"# Model report: {model}", jobSummary, $"{model}'s report is not in the job summary");
        Assert.Contains("MicroAccuracy", jobSummary, "the gate table");

        Dotnet.Run(root, environment, "publish", "Templates.slnx", "-c", "Release", "--no-build").ShouldSucceed();
        var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "MyBinary", "bin", "Release", "net10.0", "publish", "mlops-manifest.json")));
        Assert.AreEqual("1.0.0", manifest.RootElement.GetProperty("model").GetProperty("version").GetString(), "without a versioning package, the project's Version");
        foreach (var model in new[] { "MyBinary", "MyRegression", "MyAnomaly", "MyMulticlass/MyMulticlass" })
        {
            var name = Path.GetFileName(model);
            CollectionAssert.AreEquivalent(new[] { name + ".zip", "MODEL_CARD.md", "MODEL_REPORT.html", "MODEL_REPORT.md", "mlops-manifest.json", "data-profile.json" },
                Directory.GetFiles(Path.Combine(root, model, "bin", "Release", "net10.0", "publish")).Select(Path.GetFileName).ToArray(), model);
        }

        // The report's drawing library ships natives for seventeen platforms; bin/ gets this machine's only.
        var skia = Directory.GetFiles(Path.Combine(root, "MyBinary", "bin", "Release", "net10.0", "runtimes"), "*SkiaSharp.*", SearchOption.AllDirectories);
        Assert.HasCount(1, skia, string.Join("\n", skia));

        // A behaviour the model does not have: dotnet test fails, naming the case.
        var behaviour = Path.Combine(solution, "MyMulticlass.Tests", "BehaviourTests.cs");
        File.WriteAllText(behaviour, File.ReadAllText(behaviour).Replace("(Incidents[0], \"network\")", "(Incidents[0], \"storage\")", StringComparison.Ordinal));
        // The test project alone: its build brings the model project up to date; the other models are not involved.
        var failed = Dotnet.Run(solution, environment, "test", Path.Combine("MyMulticlass.Tests", "MyMulticlass.Tests.csproj"), "-c", "Release");
        Assert.AreNotEqual(0, failed.ExitCode, failed.Output);
        Assert.Contains("1 of 2 minimum functionality cases failed", failed.Output);
        Assert.Contains("expected storage, predicted network", failed.Output);
    }

    private static string Name(string task) => "My" + char.ToUpperInvariant(task[0]) + task[1..];
}
