using System.Xml.Linq;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks.Tests;

/// <summary>The model package's .nuspec: what prediction needs, never the trainer's references, and the bundle.</summary>
[TestClass]
public sealed class WriteModelPackageSpecTests
{
    private static readonly XNamespace Ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public void TheSpecDependsOnInferenceMlNetAndTheProjectsOwnPackages_AndCarriesTheBundle()
    {
        var (task, engine) = Task();
        Assert.IsTrue(task.Execute(), engine.ErrorSummary);

        var spec = XDocument.Load(task.SpecFile).Root!;
        var metadata = spec.Element(Ns + "metadata")!;
        Assert.AreEqual("Triage", metadata.Element(Ns + "id")!.Value);
        Assert.AreEqual("1.2.3", metadata.Element(Ns + "version")!.Value);
        Assert.AreEqual("MODEL_CARD.md", metadata.Element(Ns + "readme")!.Value);
        Assert.AreEqual("abc123", metadata.Element(Ns + "repository")!.Attribute("commit")!.Value);
        var group = metadata.Element(Ns + "dependencies")!.Element(Ns + "group")!;
        Assert.AreEqual("net10.0", group.Attribute("targetFramework")!.Value);
        var dependencies = group.Elements(Ns + "dependency").ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);
        CollectionAssert.AreEquivalent(new[] { "Sdk.MlOps.Inference", "Microsoft.ML", "Microsoft.ML.FastTree" }, dependencies.Keys.ToArray());
        Assert.AreEqual("5.0.1", dependencies["Microsoft.ML.FastTree"], "a centrally managed version is looked up");

        var files = spec.Element(Ns + "files")!.Elements(Ns + "file").Select(f => (Src: f.Attribute("src")!.Value, Target: f.Attribute("target")!.Value)).ToList();
        CollectionAssert.Contains(files, (_dir.Combine("bin/Triage.dll"), "lib/net10.0/"));
        CollectionAssert.Contains(files, (_dir.Combine("bundle/Triage.zip"), "model/"));
        CollectionAssert.Contains(files, (_dir.Combine("bundle/mlops-manifest.json"), "model/"));
        CollectionAssert.Contains(files, (_dir.Combine("bundle/MODEL_CARD.md"), ""));
        CollectionAssert.Contains(files, (task.TargetsFile, "buildTransitive/Triage.targets"));

        var targets = File.ReadAllText(task.TargetsFile);
        StringAssert.Contains(targets, "Link=\"models/Triage/%(Filename)%(Extension)\"");
        StringAssert.Contains(targets, "CopyToPublishDirectory=\"PreserveNewest\"");
    }

    [TestMethod]
    public void WithoutABundle_NothingIsWritten_AndTheErrorIsCoded()
    {
        var (task, engine) = Task(t => t.BundleFiles = [new TaskItem(_dir.Combine("bundle/Triage.zip"))]);

        Assert.IsFalse(task.Execute());
        Assert.AreEqual("MLOPS7003", engine.Errors.Single().Code);
        Assert.IsFalse(File.Exists(task.SpecFile));
    }

    [TestMethod]
    public void AReferenceWithoutAVersion_IsCoded()
    {
        var (task, engine) = Task(t => t.Dependencies = [.. t.Dependencies, new TaskItem("Unversioned")]);

        Assert.IsFalse(task.Execute());
        StringAssert.Contains(engine.Errors.Single().Message, "Unversioned");
        Assert.IsFalse(File.Exists(task.SpecFile));
    }

    [TestMethod]
    public void TheSameInputsWriteTheSameBytes_AndLeaveTheFileUntouched()
    {
        var (task, engine) = Task();
        Assert.IsTrue(task.Execute(), engine.ErrorSummary);
        var written = File.GetLastWriteTimeUtc(task.SpecFile);
        File.SetLastWriteTimeUtc(task.SpecFile, written.AddHours(-1));
        var bytes = File.ReadAllBytes(task.SpecFile);

        Assert.IsTrue(Task().Task.Execute());
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(task.SpecFile));
        Assert.AreEqual(written.AddHours(-1), File.GetLastWriteTimeUtc(task.SpecFile), "an unchanged spec is not rewritten, so pack stays incremental");
    }

    private (WriteModelPackageSpec Task, RecordingBuildEngine Engine) Task(Action<WriteModelPackageSpec>? change = null)
    {
        foreach (var f in new[] { "bundle/Triage.zip", "bundle/mlops-manifest.json", "bundle/MODEL_CARD.md", "bin/Triage.dll" })
            _dir.Write(f, f);
        var engine = new RecordingBuildEngine();
        var task = new WriteModelPackageSpec
        {
            BuildEngine = engine,
            SpecFile = _dir.Combine("obj/Triage.nuspec"),
            TargetsFile = _dir.Combine("obj/Triage.targets"),
            ProjectFile = _dir.Combine("Triage.csproj"),
            Id = "Triage",
            Version = "1.2.3",
            ModelName = "Triage",
            TargetFramework = "net10.0",
            Assembly = _dir.Combine("bin/Triage.dll"),
            BundleFiles = [.. new[] { "Triage.zip", "mlops-manifest.json", "MODEL_CARD.md" }.Select(f => new TaskItem(_dir.Combine("bundle/" + f)))],
            Dependencies =
            [
                new TaskItem("Sdk.MlOps.Inference", new Dictionary<string, string> { ["Version"] = "0.2.0" }),
                new TaskItem("Microsoft.ML", new Dictionary<string, string> { ["Version"] = "5.0.1" }),
                new TaskItem("Microsoft.ML.FastTree"),
            ],
            PackageVersions = [new TaskItem("Microsoft.ML.FastTree", new Dictionary<string, string> { ["Version"] = "5.0.1" })],
            RepositoryUrl = "https://example.com/ops.git",
            RepositoryCommit = "abc123",
        };
        change?.Invoke(task);
        return (task, engine);
    }
}
