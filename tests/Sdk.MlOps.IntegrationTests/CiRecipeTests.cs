using System.Text.RegularExpressions;
using Sdk.MlOps.IntegrationTests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Sdk.MlOps.IntegrationTests;

/// <summary>
/// The CI recipes in docs/ci: valid YAML, and the lifecycle they run is the one the README documents, command for
/// command. (No CI service is reachable here to run them.)
/// </summary>
[TestClass]
public sealed partial class CiRecipeTests
{
    [TestMethod]
    [DataRow("github-actions.yml")]
    [DataRow("azure-pipelines.yml")]
    [DataRow("gitlab-ci.yml")]
    public void ARecipe_ParsesAndRunsTheReadmesLifecycle(string recipe)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Repository.Path("docs", "ci", recipe))));
        var commands = Scalars(yaml.Documents.Single().RootNode).Select(s => s.Trim())
            .SelectMany(s => s.Split('\n')).Select(s => s.Trim()).Where(s => s.StartsWith("dotnet ", StringComparison.Ordinal)).ToList();

        CollectionAssert.AreEqual(ReadmeLifecycle().ToList(), commands, $"{recipe} runs other commands than the README's");
        var text = File.ReadAllText(Repository.Path("docs", "ci", recipe));
        foreach (var needed in new[] { "MLFLOW_TRACKING_URI", "MLFLOW_TRACKING_TOKEN", ".mlops", "nuget", "TestResults", "publish/" })
            Assert.Contains(needed, text, $"{recipe} lacks {needed}");
    }

    /// <summary>The commands of the README's "In CI" section.</summary>
    private static IEnumerable<string> ReadmeLifecycle()
    {
        var readme = File.ReadAllText(Repository.Path("README.md"));
        var section = readme[readme.IndexOf("## In CI", StringComparison.Ordinal)..];
        var block = CodeBlock().Match(section).Groups["code"].Value;
        return block.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("dotnet ", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? ""],
        YamlSequenceNode sequence => sequence.Children.SelectMany(Scalars),
        YamlMappingNode mapping => mapping.Children.SelectMany(kv => Scalars(kv.Value)),
        _ => [],
    };

    [GeneratedRegex(@"```\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
