using System.Text.Json;
using Sdk.MlOps.IntegrationTests.Infrastructure;

namespace Sdk.MlOps.IntegrationTests;

/// <summary>The whole lifecycle of one model project: build trains, test gates, publish bundles.</summary>
[TestClass]
public sealed class LifecycleTests
{
    [TestMethod]
    public void AModelOlderThanItsInputsIsTestedAsBuiltButNeverPublished()
    {
        var project = Models.DetectorProject("Stale");
        project.Build().ShouldSucceed();
        project.Replace("Stale.csproj", "Value=\"20\"", "Value=\"21\"");

        project.Test("--no-build").ShouldSucceed(); // what was built, with the inputs of that build
        project.Publish("--no-build").ShouldFailWith("MLOPS2008");
        Assert.IsFalse(File.Exists(Path.Combine(project.PublishDir, "mlops-manifest.json")));
    }

    [TestMethod]
    public void BareBuildTestAndPublish_TrainOnce_ShipTheGatedBytes_AndRetrainOnlyWhenContentChanges()
    {
        // Versioned as many repositories are, by Nerdbank.GitVersioning: a build-only package, whose publish-time
        // deps.json must stay out of the bundle, and whose version the manifest must carry.
        const string Versioning = """<PackageReference Include="Nerdbank.GitVersioning" Version="3.10.94" PrivateAssets="all" />""";
        var project = Models.DetectorProject("Bare", items: Models.DetectorItems + Versioning)
            .Replace("Bare.csproj", "</Project>",
                "<Target Name=\"MlOpsAfterTrain\"><Message Importance=\"high\" Text=\"after-train hook ran\" /></Target></Project>")
            .Write("version.json", """{ "version": "3.1-beta" }""")
            .Commit();

        // No -c anywhere: build and test are Debug, publish is Release (the .NET default since 8).
        var build = Dotnet.Run(project.Directory, project.Environment, "build").ShouldSucceed();
        Assert.IsTrue(build.Trained, build.Output);
        Assert.Contains("after-train hook ran", build.Output, "an extension target defined in the project replaces the SDK's empty one");
        var gated = Path.Combine(project.Directory, "bin", "Debug", "net10.0", "Bare.zip");
        var report = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(gated, ".training.json"))).RootElement;
        Assert.AreEqual(400, report.GetProperty("data").GetProperty("trainRows").GetInt32());
        var modelTime = File.GetLastWriteTimeUtc(gated);

        var again = Dotnet.Run(project.Directory, project.Environment, "build").ShouldSucceed();
        Assert.IsFalse(again.Trained, again.Output);
        Assert.Contains("up to date", again.Output);
        Assert.AreEqual(modelTime, File.GetLastWriteTimeUtc(gated), "an unchanged build touched the model");

        // A build told not to train keeps the model it has (IncrementalClean must not take it for an orphan).
        Dotnet.Run(project.Directory, project.Environment, "build", "-p:MlOpsTrainOnBuild=false").ShouldSucceed();
        Assert.AreEqual(modelTime, File.GetLastWriteTimeUtc(gated), "a build without training removed or rewrote the model");

        var test = Dotnet.Run(project.Directory, project.Environment, "test").ShouldSucceed();
        var publish = Dotnet.Run(project.Directory, project.Environment, "publish").ShouldSucceed();
        Assert.IsFalse(test.Trained, test.Output);
        Assert.DoesNotContain("Restored the model", test.Output, "the model built before was lost on the way");
        Assert.IsFalse(publish.Trained, publish.Output);
        Assert.Contains("Restored the model from the cache", publish.Output, "Release takes Debug's model: the key does not depend on the configuration");
        CollectionAssert.AreEquivalent(new[] { "Bare.zip", "mlops-manifest.json", "data-profile.json", "MODEL_CARD.md", "notes.txt" },
            Directory.GetFiles(project.PublishDir).Select(Path.GetFileName).ToArray(), "the bundle and the user's own publish item, no program file");
        CollectionAssert.AreEqual(File.ReadAllBytes(gated), File.ReadAllBytes(Path.Combine(project.PublishDir, "Bare.zip")), "publish shipped other bytes than test gated");
        AssertManifest(project);

        // The usual CI flow: publish --no-build after a build records the version the full publish did.
        var version = ManifestVersion(project);
        StringAssert.StartsWith(version, "3.1.");
        File.Delete(Path.Combine(project.PublishDir, "mlops-manifest.json"));
        project.Publish("--no-build").ShouldSucceed();
        Assert.AreEqual(version, ManifestVersion(project));

        // One byte of data changes: the content hash changes, so it trains again (timestamps alone would not tell).
        var data = Path.Combine(project.Directory, "data", "train.csv");
        var text = File.ReadAllText(data);
        int at = text.IndexOf(",false", StringComparison.Ordinal);
        File.WriteAllText(data, text[..at] + ",true" + text[(at + ",false".Length)..]);
        var changed = Dotnet.Run(project.Directory, project.Environment, "build").ShouldSucceed();
        Assert.IsTrue(changed.Trained, changed.Output);
        CollectionAssert.AreNotEqual(File.ReadAllBytes(Path.Combine(project.PublishDir, "Bare.zip")), File.ReadAllBytes(gated), "the retrained model should differ");
    }

    /// <summary>What the manifest of a published detector says of its model, source, data, parameters and metrics.</summary>
    private static void AssertManifest(ModelProject project)
    {
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.PublishDir, "mlops-manifest.json"))).RootElement;
        StringAssert.Matches(manifest.GetProperty("source").GetProperty("commit").GetString()!, new System.Text.RegularExpressions.Regex("^[0-9a-f]{40}$"));
        Assert.AreEqual("main", manifest.GetProperty("source").GetProperty("branch").GetString());
        var training = manifest.GetProperty("data").GetProperty("training")[0];
        Assert.AreEqual("data/train.csv", training.GetProperty("name").GetString());
        var data = File.ReadAllBytes(Path.Combine(project.Directory, "data", "train.csv"));
        Assert.AreEqual("xxh128:" + Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash(data)), training.GetProperty("hash").GetString());
        Assert.AreEqual(400, training.GetProperty("rows").GetInt32());
        Assert.AreEqual("20", manifest.GetProperty("parameters").GetProperty("Iterations").GetString());
        Assert.IsTrue(manifest.GetProperty("metrics").GetProperty("test").GetProperty("AreaUnderRocCurve").GetDouble() > 0.5);
        Assert.AreEqual(2, manifest.GetProperty("gates").GetArrayLength());
        Assert.AreEqual("5.0.1", manifest.GetProperty("versions").GetProperty("mlNet").GetString());
        Assert.AreEqual(PackedSdk.Version, manifest.GetProperty("versions").GetProperty("sdk").GetString());
        Assert.IsTrue(manifest.GetProperty("schema").GetProperty("input").EnumerateArray().Any(c => c.GetProperty("name").GetString() == "Z12"));
        Assert.Contains("| AreaUnderRocCurve |", File.ReadAllText(Path.Combine(project.PublishDir, "MODEL_CARD.md")));
    }

    private static string ManifestVersion(ModelProject project) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(project.PublishDir, "mlops-manifest.json"))).RootElement
            .GetProperty("model").GetProperty("version").GetString()!;
}
