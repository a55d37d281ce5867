using System.Text.Json;
using Sdk.MlOps.IntegrationTests.Infrastructure;

namespace Sdk.MlOps.IntegrationTests;

/// <summary>A model is only tested, published or registered once its bytes are the ones its training report names.</summary>
[TestClass]
public sealed class IntegrityTests
{
    [TestMethod]
    public void AnotherModelInBin_IsNeverShipped_AndTheNextBuildRepairsIt()
    {
        var project = Models.DetectorProject("Swapped");
        project.Build().ShouldSucceed();
        var trained = File.ReadAllBytes(project.ModelFile);

        // Any other model in its place: here one trained from other parameters, as an interrupted training used to leave.
        var other = Models.DetectorProject("Other", items: Models.DetectorItems.Replace("Value=\"20\"", "Value=\"3\""));
        other.Build().ShouldSucceed();
        File.Copy(Path.Combine(other.OutputDir, "Other.zip"), project.ModelFile, overwrite: true);

        project.Publish("--no-build").ShouldFailWith("MLOPS2009");
        Assert.IsFalse(File.Exists(Path.Combine(project.PublishDir, "mlops-manifest.json")), "a manifest was published for a model it does not describe");

        var repaired = project.Publish().ShouldSucceed();
        repaired.ShouldWarn("MLOPS2009");
        Assert.Contains("Restored the model from the cache", repaired.Output);
        CollectionAssert.AreEqual(trained, File.ReadAllBytes(Path.Combine(project.PublishDir, "Swapped.zip")));
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.PublishDir, "mlops-manifest.json"))).RootElement;
        Assert.AreEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(trained)),
            manifest.GetProperty("model").GetProperty("sha256").GetString());
    }
}
