using System.Text.Json;
using Sdk.MlOps.Deployment;

namespace Sdk.MlOps.Runtime.Tests.Deployment;

/// <summary>The generated Dockerfile, read as Docker's parser would: instructions, continuation lines, exec form.</summary>
[TestClass]
public sealed class DockerfileTests
{
    [TestMethod]
    public void TheImage_RunsTheProgramsServeCommand_AsTheAppUser_OnPort8080()
    {
        var m = GeneratedManifests.For();
        var instructions = Instructions(m.Texts["Dockerfile"]);

        Assert.AreEqual(("FROM", "mcr.microsoft.com/dotnet/aspnet:10.0"), instructions[0]);
        Assert.AreEqual("/app", instructions.Single(i => i.Name == "WORKDIR").Args);
        Assert.AreEqual("$APP_UID", instructions.Last(i => i.Name == "USER").Args, "non-root, by the images' numeric UID");
        Assert.IsFalse(instructions.SkipWhile(i => i.Name != "USER").Any(i => i.Name == "RUN"), "nothing runs as root after USER");
        Assert.AreEqual("8080", instructions.Single(i => i.Name == "EXPOSE").Args);
        var entrypoint = instructions.Single(i => i.Name == "ENTRYPOINT").Args;
        CollectionAssert.AreEqual(new[] { "dotnet", "IncidentTriage.dll", "serve" }, JsonSerializer.Deserialize<string[]>(entrypoint), "exec form");
        Assert.IsFalse(instructions.Any(i => i.Name is "CMD" or "ARG"), "no build arguments, nothing to override the command");
        StringAssert.Contains(m.Texts["Dockerfile"], "read-only at run time");
    }

    [TestMethod]
    public void TheImage_CarriesNoSecret_AndItsLabelsTheModelsIdentity()
    {
        var m = GeneratedManifests.For("Incident_Triage.V2", "1.2.3-beta+abc");
        var instructions = Instructions(m.Texts["Dockerfile"]);

        var env = string.Join(" ", instructions.Where(i => i.Name == "ENV").Select(i => i.Args));
        Assert.DoesNotContain("API_KEY", env);
        StringAssert.Contains(env, "MLOPS_PREDICTION_LOG_DIR=/var/log/mlops");
        var label = instructions.Single(i => i.Name == "LABEL").Args;
        StringAssert.Contains(label, "org.opencontainers.image.version=\"1.2.3-beta+abc\"");
        StringAssert.Contains(label, $"sdk.mlops.input-hash=\"{GeneratedManifests.InputHash}\"");
    }

    [TestMethod]
    public void ALabelValue_CannotSubstituteOrEndTheInstruction()
    {
        var m = GeneratedManifests.For("Say \"$HOME\"\nRUN rm -rf /", "1.0");
        var instructions = Instructions(m.Texts["Dockerfile"]);

        Assert.AreEqual(1, instructions.Count(i => i.Name == "RUN"), "the line break did not start an instruction");
        StringAssert.Contains(instructions.Single(i => i.Name == "LABEL").Args, "title=\"Say \\\"\\$HOME\\\" RUN rm -rf /\"");
    }

    [TestMethod]
    public void TheBuildContext_LeavesTheDeploymentFilesOut()
    {
        var ignored = GeneratedManifests.For().Texts[".dockerignore"].Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToArray();

        CollectionAssert.AreEquivalent(new[] { "Dockerfile", ".dockerignore", "k8s/" }, ignored);
    }

    /// <summary>Instructions with their arguments: comments and blank lines skipped, continuation lines joined.</summary>
    private static List<(string Name, string Args)> Instructions(string dockerfile)
    {
        var result = new List<(string, string)>();
        var pending = "";
        foreach (var raw in dockerfile.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }
            var whole = pending + line;
            pending = "";
            var space = whole.IndexOf(' ', StringComparison.Ordinal);
            result.Add((whole[..space], string.Join(' ', whole[(space + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))));
        }
        Assert.AreEqual("", pending, "no dangling continuation");
        return result;
    }
}
