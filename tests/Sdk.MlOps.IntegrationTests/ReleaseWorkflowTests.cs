using Sdk.MlOps.IntegrationTests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Sdk.MlOps.IntegrationTests;

/// <summary>
/// The release workflow (.github/workflows/release.yml): it runs the README's commands, takes the key from a secret,
/// and its push step, run here against a folder feed instead of nuget.org, pushes every package the pack wrote.
/// </summary>
[TestClass]
public sealed class ReleaseWorkflowTests
{
    private const string NuGetOrg = "https://api.nuget.org/v3/index.json";

    private static readonly YamlMappingNode Workflow = Load();

    private static IReadOnlyList<YamlMappingNode> Steps =>
        ((YamlSequenceNode)Child(Map(Map(Workflow, "jobs"), "release"), "steps")).Children.Cast<YamlMappingNode>().ToList();

    [TestMethod]
    public void ItRunsOnVersionTagsOnly_TestsAndPacksAsTheReadmeSays_FromTheWholeHistory()
    {
        Assert.AreEqual("v*", ((YamlSequenceNode)Child(Map(Map(Workflow, "on"), "push"), "tags")).Children.Cast<YamlScalarNode>().Single().Value);
        Assert.HasCount(1, Map(Workflow, "on").Children, "the release must run on version tags only");

        var runs = Steps.Select(s => Value(s, "run")).OfType<string>().ToList();
        var readme = File.ReadAllText(Repository.Path("README.md"));
        Assert.AreEqual("dotnet test Sdk.MlOps.sln -c Release", runs[0]);
        Assert.Contains("\n" + runs[0] + "\n", readme, "the README's repository test command");
        Assert.AreEqual("dotnet pack -c Release", runs[1]);
        Assert.Contains("\n" + runs[1] + " ", readme, "the README's pack command");
        var checkout = Steps.Single(s => Value(s, "uses") is { } uses && uses.StartsWith("actions/checkout@", StringComparison.Ordinal));
        Assert.AreEqual("0", Value(Map(checkout, "with"), "fetch-depth"), "Nerdbank.GitVersioning needs the history");
    }

    [TestMethod]
    public void ThePushStep_TakesTheKeyFromASecret_AndPushesEveryPackageThePackWrote_WithoutPrintingTheKey()
    {
        var push = Steps.Single(s => Value(s, "run")?.StartsWith("dotnet nuget push", StringComparison.Ordinal) == true);
        var command = Value(push, "run")!;
        Assert.Contains("--api-key \"$NUGET_API_KEY\"", command);
        Assert.AreEqual("${{ secrets.NUGET_API_KEY }}", Value(Map(push, "env"), "NUGET_API_KEY"));
        Assert.Contains(NuGetOrg, command);

        // The step as written, in a checkout whose pack wrote the test feed, against a folder source.
        var work = Directory.CreateTempSubdirectory("mlops-release-").FullName;
        try
        {
            var packages = Directory.CreateDirectory(Path.Combine(work, "artifacts", "packages")).FullName;
            var written = Directory.GetFiles(PackedSdk.Feed, "*.*nupkg");
            foreach (var file in written) File.Copy(file, Path.Combine(packages, Path.GetFileName(file)));
            var feed = Directory.CreateDirectory(Path.Combine(work, "feed")).FullName;
            const string key = "oy2-not-a-real-key-3f9c";

            var (exitCode, output) = Command.Run("bash", work, new Dictionary<string, string> { ["NUGET_API_KEY"] = key, ["DOTNET_NOLOGO"] = "1" },
                "-c", command.Replace(NuGetOrg, feed, StringComparison.Ordinal));

            Assert.AreEqual(0, exitCode, output);
            Assert.DoesNotContain(key, output, "the push printed the key");
            foreach (var nupkg in written.Where(f => f.EndsWith(".nupkg", StringComparison.Ordinal)).Select(Path.GetFileName))
                Assert.IsTrue(File.Exists(Path.Combine(feed, nupkg!)), $"{nupkg} was not pushed\n{output}");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Repository.Path(".github", "workflows", "release.yml"))));
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    private static YamlNode Child(YamlMappingNode node, string key) => node.Children[new YamlScalarNode(key)];

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)Child(node, key);

    private static string? Value(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;
}
