using System.Text.Json;
using Sdk.MlOps.IntegrationTests.Infrastructure;
using Sdk.MlOps.Testing;

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

    [TestMethod]
    public void ABuildKilledWhileItsRunIsRecorded_LeavesTheModelItsReportNames_AndPublishShipsIt()
    {
        var project = Models.DetectorProject("Interrupted");
        project.Build().ShouldSucceed();
        var trained = File.ReadAllBytes(project.ModelFile);

        // A parameter changes, the tracking server accepts and never answers, and the build is killed the moment the
        // trained model's run starts being recorded (the server's first connection: no remote cache lookup before it).
        project.Replace("Interrupted.csproj", "Value=\"20\"", "Value=\"21\"");
        using (var hanging = SilentServer.Hanging())
        {
            var environment = new Dictionary<string, string>(project.Environment) { ["MLFLOW_TRACKING_URI"] = hanging.Uri.ToString() };
            bool fired = false;
            var killed = Dotnet.Run(project.Directory, environment, new Kill(() => fired = hanging.Connections > 0), "build", "-c", "Release", "-p:MlOpsRemoteCache=false");
            Assert.IsTrue(fired, "the build ended before its run was recorded:\n" + killed.Output);
            Assert.IsTrue(Directory.EnumerateFiles(project.OutputDir, "Interrupted.zip", SearchOption.AllDirectories).Any(f => f.Contains(".mlops-", StringComparison.Ordinal)),
                "killed before the new model was trained and staged: not the moment this test is about");
        }

        CollectionAssert.AreEqual(trained, File.ReadAllBytes(project.ModelFile), "the model in bin/ changed without its report");
        AssertReportNames(project, trained);

        // The parameter back as it was: the model in bin/ is the one its inputs describe, and publish ships exactly it.
        project.Replace("Interrupted.csproj", "Value=\"21\"", "Value=\"20\"");
        project.Publish().ShouldSucceed();
        var shipped = File.ReadAllBytes(Path.Combine(project.PublishDir, "Interrupted.zip"));
        CollectionAssert.AreEqual(trained, shipped);
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.PublishDir, "mlops-manifest.json"))).RootElement;
        Assert.AreEqual(Sha256(shipped), manifest.GetProperty("model").GetProperty("sha256").GetString());
        Assert.AreEqual("20", manifest.GetProperty("parameters").GetProperty("Iterations").GetString());
    }

    [TestMethod]
    public void APublishThatFailsPartWay_LeavesNoManifest_AndTheNextPublishIsWhole()
    {
        var project = Models.DetectorProject("HalfPublished");
        project.Publish().ShouldSucceed();
        var zip = Path.Combine(project.PublishDir, "HalfPublished.zip");
        var manifest = Path.Combine(project.PublishDir, "mlops-manifest.json");
        Assert.IsTrue(File.Exists(manifest));

        // The model cannot be written into the publish folder (here: a folder stands in its name; a full disk or a
        // locked file ends the copy the same way). No manifest may then claim what the folder holds.
        File.Delete(zip);
        Directory.CreateDirectory(zip);
        var failed = project.Publish("-p:CopyRetryCount=0");
        Assert.AreNotEqual(0, failed.ExitCode, failed.Output);
        Assert.IsFalse(File.Exists(manifest), "a manifest beside a bundle that was not copied whole");
        Assert.IsEmpty(Directory.GetFiles(project.PublishDir, "*.tmp"), "a half-copied manifest was left behind");

        Directory.Delete(zip);
        project.Publish().ShouldSucceed();
        var described = JsonDocument.Parse(File.ReadAllText(manifest)).RootElement.GetProperty("model").GetProperty("sha256").GetString();
        Assert.AreEqual(Sha256(File.ReadAllBytes(zip)), described);
    }

    [TestMethod]
    public void ABuildThatDies_LeavesNoTrainerBehind()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("The trainer is found through /proc, which only Linux has.");
        var project = Models.DetectorProject("Orphaned");
        using var hanging = SilentServer.Hanging();
        var environment = new Dictionary<string, string>(project.Environment) { ["MLFLOW_TRACKING_URI"] = hanging.Uri.ToString() };

        // Only the dotnet process dies, while its trainer waits on a server that never answers (for up to a minute:
        // the budget below). The trainer must notice and stop, not finish later and move a model into bin/ unseen.
        // Killed once the trainer is seen talking to the server (if it is never seen, the build ends by itself and fails the test).
        bool fired = false;
        var killed = Dotnet.Run(project.Directory, environment, new Kill(() => fired = hanging.Connections > 0 && Trainers(project).Any(), OnlyTheCommand: true),
            "build", "-c", "Release", "-p:MlOpsRemoteCache=false", "-p:MlOpsTrackingBudget=60");
        Assert.IsTrue(fired, "the build ended before its trainer reached the server:\n" + killed.Output);

        var stopped = System.Diagnostics.Stopwatch.StartNew();
        while (Trainers(project).Any() && stopped.Elapsed < TimeSpan.FromSeconds(15)) Thread.Sleep(100);
        Assert.IsEmpty(Trainers(project), "a trainer outlived its build");
        Assert.IsFalse(File.Exists(project.ModelFile), "a model reached bin/ after its build was gone");
    }

    /// <summary>Processes running this project's model program (Linux: their command lines name its assembly, unique in the run).</summary>
    private static IEnumerable<int> Trainers(ModelProject project)
    {
        var program = project.Name + ".dll";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string commandLine;
            try { commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (commandLine.Contains(program, StringComparison.Ordinal)) yield return pid;
        }
    }

    private static void AssertReportNames(ModelProject project, byte[] model)
    {
        var report = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(project.ModelFile, ".training.json"))).RootElement;
        Assert.AreEqual(Sha256(model), report.GetProperty("modelSha256").GetString(), "the report describes another model");
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}
