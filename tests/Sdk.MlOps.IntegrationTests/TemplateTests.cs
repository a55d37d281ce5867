using Sdk.MlOps.IntegrationTests.Infrastructure;

namespace Sdk.MlOps.IntegrationTests;

/// <summary>dotnet new mlops-model, for every task, from the packed templates package: test and publish as they come.</summary>
[TestClass]
public sealed class TemplateTests
{
    [TestMethod]
    public void EveryTaskOfMlopsModel_TestsAndPublishesAsItComes()
    {
        var root = ModelProject.NewFolder("Templates");
        Directory.CreateDirectory(root);
        // A template hive of the test's own, so nothing is installed for the user who runs the tests.
        var hive = Path.Combine(root, ".hive");
        var templates = Path.Combine(PackedSdk.Feed, $"Sdk.MlOps.Templates.{PackedSdk.Version}.nupkg");
        Dotnet.Run(root, "new", "install", templates, "--debug:custom-hive", hive).ShouldSucceed();

        string[] tasks = ["binary", "multiclass", "regression", "anomaly"];
        foreach (var task in tasks)
            Dotnet.Run(root, "new", "mlops-model", "-n", Name(task), "--task", task, "--debug:custom-hive", hive).ShouldSucceed();
        ModelProject.WriteNuGetConfig(root);
        File.WriteAllText(Path.Combine(root, "Templates.slnx"),
            "<Solution>\n" + string.Concat(tasks.Select(t => $"  <Project Path=\"{Name(t)}/{Name(t)}.csproj\" />\n")) + "</Solution>\n");
        var environment = new Dictionary<string, string> { ["MLOPS_CACHE_DIR"] = Path.Combine(root, ".cache") };

        var test = Dotnet.Run(root, environment, "test", "Templates.slnx").ShouldSucceed();
        foreach (var task in tasks)
            Assert.Contains($"Evaluated {Name(task)} on ", test.Output, $"the {task} model was not gated");
        Dotnet.Run(root, environment, "publish", "Templates.slnx").ShouldSucceed();
        foreach (var task in tasks)
            CollectionAssert.AreEquivalent(new[] { Name(task) + ".zip", "MODEL_CARD.md", "mlops-manifest.json" },
                Directory.GetFiles(Path.Combine(root, Name(task), "bin", "Release", "net10.0", "publish")).Select(Path.GetFileName).ToArray(), task);
    }

    private static string Name(string task) => "My" + char.ToUpperInvariant(task[0]) + task[1..];
}
