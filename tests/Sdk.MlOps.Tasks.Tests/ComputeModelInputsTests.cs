using System.Security.Cryptography;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks.Tests;

[TestClass]
public sealed class ComputeModelInputsTests
{
    private readonly TempDirectory _dir = new();
    private string _train = "", _test = "", _pipeline = "", _project = "";

    [TestInitialize]
    public void WriteInputs()
    {
        _train = _dir.Write("data/train.csv", "text,label\nhello,1\nworld,0\n");
        _test = _dir.Write("data/test.tsv", "text\tlabel\nagain\t1\n");
        _pipeline = _dir.Write("bin/Model.dll", [0x4d, 0x5a, 0x90, 0x00, 0x03]);
        // Items are declared by full path so that MSBuild's FullPath (relative to the current directory) finds them.
        _project = _dir.WriteProject(
            $"<MlTrainingData Include=\"{_train}\" />",
            $"<MlTestData Include=\"{_test}\" />",
            "<MlTrainingData Include=\"data/missing.csv\" />",
            "<MlParameter Include=\"LearningRate\" Value=\"0.1\" />");
    }

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public void SameInputs_GiveTheSameHash()
    {
        var first = Hash();

        Assert.MatchesRegex("^[0-9a-f]{64}$", first);
        Assert.AreEqual(first, Hash());
    }

    [TestMethod]
    public void ChangingOneByteOfADataFile_ChangesTheHash()
    {
        var before = Hash();
        var bytes = File.ReadAllBytes(_test);
        bytes[^2] ^= 0x01;
        File.WriteAllBytes(_test, bytes);

        Assert.AreNotEqual(before, Hash());
    }

    [TestMethod]
    public void ChangingTheTimestampOnly_KeepsTheHash()
    {
        var before = Hash();
        File.SetLastWriteTimeUtc(_train, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(_pipeline, DateTime.UtcNow.AddDays(1));

        Assert.AreEqual(before, Hash());
    }

    [TestMethod]
    public void ChangingAParameterValue_ChangesTheHash() =>
        Assert.AreNotEqual(Hash(), Hash(t => t.Parameters = [Item("LearningRate", ("Value", "0.2"))]));

    [TestMethod]
    public void ReorderingParameters_KeepsTheHash()
    {
        ITaskItem a = Item("A", ("Value", "1")), b = Item("B", ("Value", "2"));

        Assert.AreEqual(Hash(t => t.Parameters = [a, b]), Hash(t => t.Parameters = [b, a]));
    }

    [TestMethod]
    public void ChangingASettingsEntry_ChangesTheHash() =>
        Assert.AreNotEqual(Hash(), Hash(t => t.Settings = ["seed=43", "testFraction=0.2", "modelClass=", "sdk=1.0.0"]));

    [TestMethod]
    public void ChangingTheSeparatorMetadata_ChangesTheHash() =>
        Assert.AreNotEqual(Hash(), Hash(t => t.TrainingData = [Item(_train, ("Separator", ";"))]));

    [TestMethod]
    public void ChangingAPackageVersion_ChangesTheHash() =>
        Assert.AreNotEqual(Hash(), Hash(t => t.References = [Item("Microsoft.ML.dll", ("NuGetPackageId", "Microsoft.ML"), ("NuGetPackageVersion", "5.0.2"))]));

    [TestMethod]
    public void ChangingOneByteOfThePipelineAssembly_ChangesTheHash()
    {
        var before = Hash();
        File.WriteAllBytes(_pipeline, [0x4d, 0x5a, 0x90, 0x00, 0x04]);

        Assert.AreNotEqual(before, Hash());
    }

    [TestMethod]
    public void MissingDataFile_IsMlops1001AtTheItemLine()
    {
        var (task, engine) = Run(t => t.TrainingData = [new TaskItem("data/missing.csv")]);

        Assert.IsFalse(task.Execute());
        var error = Assert.ContainsSingle(engine.Errors);
        Assert.AreEqual("MLOPS1001", error.Code);
        Assert.AreEqual(_project, error.File);
        Assert.AreEqual(TempDirectory.LineOf(_project, "data/missing.csv"), error.LineNumber);
        Assert.AreEqual(5, error.LineNumber);
        Assert.AreEqual("", task.InputHash);
    }

    [TestMethod]
    public void EmptyDataFile_IsMlops1002()
    {
        File.WriteAllBytes(_test, []);
        var (task, engine) = Run();

        Assert.IsFalse(task.Execute());
        var error = Assert.ContainsSingle(engine.Errors);
        Assert.AreEqual("MLOPS1002", error.Code);
        // Points at the data file itself, as the model program does for the same code.
        Assert.AreEqual(_test, error.File);
        Assert.Contains("empty", error.Message!);
    }

    [TestMethod]
    public void MissingPipelineAssembly_IsALoggedErrorNotACrash()
    {
        File.Delete(_pipeline);
        var (task, engine) = Run();

        Assert.IsFalse(task.Execute());

        Assert.AreEqual(_project, Assert.ContainsSingle(engine.Errors).File);
    }

    [TestMethod]
    public void ResolvedItems_CarryHashLengthSeparatorAndLocation()
    {
        var (task, engine) = Run();

        Assert.IsTrue(task.Execute(), engine.ErrorSummary);
        var train = Assert.ContainsSingle(task.ResolvedTrainingData);
        var test = Assert.ContainsSingle(task.ResolvedTestData);
        Assert.AreEqual(_train, train.GetMetadata("DataPath"));
        Assert.AreEqual(Sha256Hex(_train), train.GetMetadata("Sha256"));
        Assert.MatchesRegex("^[0-9a-f]{64}$", train.GetMetadata("Sha256"));
        Assert.AreEqual(new FileInfo(_train).Length.ToString(), train.GetMetadata("Length"));
        Assert.AreEqual(",", train.GetMetadata("Separator"));
        Assert.AreEqual("true", train.GetMetadata("HasHeader"));
        Assert.AreEqual("true", train.GetMetadata("AllowQuoting"));
        Assert.AreEqual(_project, train.GetMetadata("DefinedIn"));
        Assert.AreEqual("3", train.GetMetadata("Line"));
        Assert.AreEqual("tab", test.GetMetadata("Separator"));
        Assert.AreEqual(Sha256Hex(_test), test.GetMetadata("Sha256"));
        Assert.AreEqual("4", test.GetMetadata("Line"));
    }

    [TestMethod]
    public void ExplicitDataOptions_AreKept()
    {
        var upper = _dir.Write("data/UPPER.TSV", "a\n1\n");
        var (task, _) = Run(t => t.TrainingData =
            [Item(_train, ("Separator", ";"), ("HasHeader", "false"), ("AllowQuoting", "false")), new TaskItem(upper)]);

        Assert.IsTrue(task.Execute());
        Assert.AreEqual(";", task.ResolvedTrainingData[0].GetMetadata("Separator"));
        Assert.AreEqual("false", task.ResolvedTrainingData[0].GetMetadata("HasHeader"));
        Assert.AreEqual("false", task.ResolvedTrainingData[0].GetMetadata("AllowQuoting"));
        Assert.AreEqual("tab", task.ResolvedTrainingData[1].GetMetadata("Separator"));
    }

    private string Hash(Action<ComputeModelInputs>? change = null)
    {
        var (task, engine) = Run(change);
        Assert.IsTrue(task.Execute(), engine.ErrorSummary);
        return task.InputHash;
    }

    private (ComputeModelInputs Task, RecordingBuildEngine Engine) Run(Action<ComputeModelInputs>? change = null)
    {
        var engine = new RecordingBuildEngine();
        var task = new ComputeModelInputs
        {
            BuildEngine = engine,
            ProjectFile = _project,
            PipelineAssembly = _pipeline,
            TrainingData = [new TaskItem(_train)],
            TestData = [new TaskItem(_test)],
            Parameters = [Item("LearningRate", ("Value", "0.1"))],
            References = [Item("Microsoft.ML.dll", ("NuGetPackageId", "Microsoft.ML"), ("NuGetPackageVersion", "5.0.1")), new TaskItem("System.Runtime.dll")],
            Settings = ["seed=42", "testFraction=0.2", "modelClass=", "sdk=1.0.0"],
        };
        change?.Invoke(task);
        return (task, engine);
    }

    private static TaskItem Item(string spec, params (string Name, string Value)[] metadata)
    {
        var item = new TaskItem(spec);
        foreach (var (name, value) in metadata) item.SetMetadata(name, value);
        return item;
    }

    private static string Sha256Hex(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
}
