using Sdk.MlOps.IntegrationTests.Infrastructure;
using Sdk.MlOps.Testing;

namespace Sdk.MlOps.IntegrationTests;

/// <summary>
/// The MSBuild layer in every way a project can use it — three reference forms × TargetFramework or
/// TargetFrameworks — through design-time build, build, unchanged build, test, publish --no-build, pack, clean and
/// rebuild, built in-process. All scenarios share one model cache, so one of them trains and the others restore: what
/// is tested here is the targets, not ML.NET. Its rows take turns, so it is the suite's longest chain; its name puts
/// it among the first classes the runner starts, and the other scenarios fill the other workers around it.
/// </summary>
[TestClass]
public sealed class BuildFormsTests
{
    private static readonly string SharedCache = Path.Combine(PackedSdk.WorkRoot, "matrix-cache");

    // Folded: the rows run one after another in one worker (in-process builds take turns), the other worker stays free.
    // The Sdk element imports the very files the Project Sdk attribute does, so its TargetFrameworks row would repeat
    // the Project Sdk's; the PackageReference form reads buildMultiTargeting/ of its own and keeps both rows.
    [TestMethod(UnfoldingStrategy = TestDataSourceUnfoldingStrategy.Fold)]
    [DataRow(SdkReference.ProjectSdk, false)]
    [DataRow(SdkReference.ProjectSdk, true)]
    [DataRow(SdkReference.SdkElement, false)]
    [DataRow(SdkReference.PackageReference, false)]
    [DataRow(SdkReference.PackageReference, true)]
    public void EveryFormBuildsIncrementallyCleansAndRebuilds(SdkReference form, bool multiTargeting)
    {
        var project = Models.DetectorProject("Matrix", form, multiTargeting: multiTargeting).Commit();
        var cache = new Dictionary<string, string> { ["MlOpsCacheDir"] = SharedCache };
        InProcessBuild.Restore(project.ProjectFile, cache).ShouldSucceed();

        // A design-time build (Visual Studio, C# Dev Kit) compiles but never trains or starts the model program.
        var designTime = InProcessBuild.Run(project.ProjectFile, ["Build"], With(cache, "DesignTimeBuild", "true")).ShouldSucceed();
        CollectionAssert.DoesNotContain(designTime.TasksStarted, "RunModel", designTime.Text);
        Assert.IsFalse(File.Exists(project.ModelFile), "a design-time build produced a model");

        var build = InProcessBuild.Run(project.ProjectFile, ["Build"], cache).ShouldSucceed();
        Assert.IsTrue(File.Exists(project.ModelFile), build.Text);
        CollectionAssert.Contains(build.TargetsRun, "_MlOpsTrainModel");

        // Nothing changed: MSBuild itself skips training, outputs up to date, and no process starts.
        var again = InProcessBuild.Run(project.ProjectFile, ["Build"], cache).ShouldSucceed();
        CollectionAssert.Contains(again.TargetsUpToDate, "_MlOpsTrainModel", again.Text);
        CollectionAssert.DoesNotContain(again.TasksStarted, "RunModel");
        StringAssert.Contains(again.Text, "model is up to date");

        // dotnet test (VSTest mode, as the CLI calls it): the gates run as the model program's tests, per framework.
        var test = InProcessBuild.Run(project.ProjectFile, ["VSTest"], With(cache, "VSTestNoBuild", "true")).ShouldSucceed();
        CollectionAssert.Contains(test.TasksStarted, "InvokeTestingPlatformTask", test.Text);
        CollectionAssert.DoesNotContain(test.TasksStarted, "RunModel", "a test after the build must not train");

        // publish --no-build: the gates and the bundle from what was built; a user's publish item survives.
        var published = InProcessBuild.Run(project.ProjectFile, ["Publish"], With(cache, "NoBuild", "true")).ShouldSucceed();
        CollectionAssert.AreEquivalent(new[] { "Matrix.zip", "MODEL_CARD.md", "mlops-manifest.json", "data-profile.json", "notes.txt" },
            Directory.GetFiles(project.PublishDir).Select(Path.GetFileName).ToArray(), published.Text);
        CollectionAssert.AreEqual(File.ReadAllBytes(project.ModelFile), File.ReadAllBytes(Path.Combine(project.PublishDir, "Matrix.zip")));

        // pack --no-build, where the SDK is itself a package reference (the form whose package must not become the
        // model package's dependency); the Sdk forms are packed by ModelDeliveryTests.
        if (form == SdkReference.PackageReference && !multiTargeting)
        {
            var packed = InProcessBuild.Run(project.ProjectFile, ["Pack"], With(cache, "NoBuild", "true")).ShouldSucceed();
            using var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(project.OutputDir, "..", "Matrix.1.0.0.nupkg"));
            using var spec = new StreamReader(package.GetEntry("Matrix.nuspec")!.Open());
            var nuspec = spec.ReadToEnd();
            StringAssert.Contains(nuspec, "id=\"Sdk.MlOps.Inference\"", packed.Text);
            Assert.DoesNotContain("Sdk.MlOps.Runtime", nuspec);
            Assert.DoesNotContain("id=\"Sdk.MlOps\"", nuspec);
            Assert.IsNotNull(package.GetEntry("model/Matrix.zip"));
        }

        // Clean removes every file the SDK wrote under bin/ and obj/ (the publish folder is the user's, as for any project).
        InProcessBuild.Run(project.ProjectFile, ["Clean"], cache).ShouldSucceed();
        var left = SdkFiles(project).ToArray();
        Assert.IsEmpty(left, "left after clean: " + string.Join(", ", left));

        // Rebuild = clean + build: the model comes back from the cache (the same bytes a training gives), not trained.
        var rebuild = InProcessBuild.Run(project.ProjectFile, ["Rebuild"], cache).ShouldSucceed();
        Assert.IsTrue(File.Exists(project.ModelFile), rebuild.Text);
        CollectionAssert.Contains(rebuild.TasksStarted, "RestoreCachedModel");
    }

    private static Dictionary<string, string> With(Dictionary<string, string> properties, string name, string value) =>
        new(properties) { [name] = value };

    /// <summary>Files under bin/ and obj/ (outside the publish folder) that the SDK writes.</summary>
    private static IEnumerable<string> SdkFiles(ModelProject project) =>
        new[] { "bin", "obj" }.Select(d => Path.Combine(project.Directory, d)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(project.Directory, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/publish/", StringComparison.Ordinal))
            .Where(f => f.Contains("/mlops/", StringComparison.Ordinal) || f.EndsWith(".zip", StringComparison.Ordinal)
                || f.EndsWith(".training.json", StringComparison.Ordinal) || f.EndsWith("MlOps.EntryPoint.g.cs", StringComparison.Ordinal));
}
