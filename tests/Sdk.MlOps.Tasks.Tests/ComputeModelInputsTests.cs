using System.IO.Hashing;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks.Tests;

[TestClass]
public sealed class ComputeModelInputsTests
{
    private readonly TempDirectory _dir = new();
    private string _train = "", _test = "", _pipeline = "", _project = "", _source = "", _generated = "";

    [TestInitialize]
    public void WriteInputs()
    {
        _train = _dir.Write("data/train.csv", "text,label\nhello,1\nworld,0\n");
        _test = _dir.Write("data/test.tsv", "text\tlabel\nagain\t1\n");
        _pipeline = _dir.Write("bin/Model.dll", [0x4d, 0x5a, 0x90, 0x00, 0x03]);
        _dir.Write("Model.cs", "public sealed class Model { }\n");
        _source = _dir.Write("Pipeline/Features.cs", "static class Features { const int Width = 128; }\n");
        // What the SDK generates into obj/ carries version stamps and clone paths: it must not enter the hash.
        _generated = _dir.Write("obj/Release/net10.0/Model.AssemblyInfo.cs", "[assembly: AssemblyInformationalVersion(\"1.0.0+0123abc\")]\n");
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
        File.SetLastWriteTimeUtc(_source, DateTime.UtcNow.AddDays(1));

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
    public void ChangingOneByteOfASourceFile_ChangesTheHash()
    {
        var before = Hash();
        var bytes = File.ReadAllBytes(_source);
        bytes[^3] ^= 0x01;
        File.WriteAllBytes(_source, bytes);

        Assert.AreNotEqual(before, Hash());
    }

    [TestMethod]
    public void ChangingOneByteOfThePipelineAssembly_KeepsTheHash()
    {
        // The assembly carries the clone's paths and version stamps: the sources stand for it.
        var before = Hash();
        File.WriteAllBytes(_pipeline, [0x4d, 0x5a, 0x90, 0x00, 0x04]);

        Assert.AreEqual(before, Hash());
    }

    [TestMethod]
    public void ChangingAGeneratedSourceUnderTheIntermediateDirectory_KeepsTheHash()
    {
        var before = Hash();
        File.WriteAllText(_generated, "[assembly: AssemblyInformationalVersion(\"1.0.1+4567def89\")]\n");

        Assert.AreEqual(before, Hash());
    }

    [TestMethod]
    public void WithoutAnIntermediateDirectory_EveryCompileItemCounts()
    {
        var before = Hash(t => t.IntermediateDirectory = "");
        File.WriteAllText(_generated, "[assembly: AssemblyInformationalVersion(\"1.0.1+4567def89\")]\n");

        Assert.AreNotEqual(before, Hash(t => t.IntermediateDirectory = ""));
    }

    [TestMethod]
    public void AddingACompileItem_ChangesTheHash()
    {
        var before = Hash();
        _dir.Write("Pipeline/More.cs", "static class More { }\n");

        Assert.AreNotEqual(before, Hash(t => t.Sources = [.. t.Sources, new TaskItem("Pipeline/More.cs")]));
    }

    [TestMethod]
    public void MovingASourceFile_ChangesTheHash()
    {
        // The same content at another path is other code (a partial class, a namespace by folder): the path counts.
        var before = Hash();
        _dir.Write("Other/Features.cs", File.ReadAllText(_source));

        Assert.AreNotEqual(before, Hash(t => t.Sources = [new TaskItem("Model.cs"), new TaskItem("Other/Features.cs")]));
    }

    [TestMethod]
    public void ReorderingCompileItems_KeepsTheHash() =>
        Assert.AreEqual(
            Hash(t => t.Sources = [new TaskItem("Model.cs"), new TaskItem("Pipeline/Features.cs")]),
            Hash(t => t.Sources = [new TaskItem("Pipeline/Features.cs"), new TaskItem("Model.cs")]));

    [TestMethod]
    public void TheSameSourcesInASecondClone_GiveTheSameHash()
    {
        // A repository with the project in src/Model and code it links from shared/, as git would check it out.
        var first = _dir.Combine("clones/first");
        WriteClone(first);
        var second = _dir.Combine("elsewhere/deeper/second clone");
        TempDirectory.CopyTree(first, second);
        // What a build of the second clone makes differs: its own paths in the assembly and in generated sources.
        File.WriteAllBytes(Path.Combine(second, "src/Model/bin/Model.dll"), [0x4d, 0x5a, 0x90, 0x00, 0x07, 0x08]);
        File.WriteAllText(Path.Combine(second, "src/Model/obj/Release/net10.0/Model.AssemblyInfo.cs"), "// " + second + "\n");
        File.SetLastWriteTimeUtc(Path.Combine(second, "src/Model/Model.cs"), DateTime.UtcNow.AddDays(-3));

        var hashOfFirst = CloneHash(first);

        Assert.AreEqual(hashOfFirst, CloneHash(second));
        File.AppendAllText(Path.Combine(second, "shared/Text.cs"), "// changed\n");
        Assert.AreNotEqual(hashOfFirst, CloneHash(second), "the linked source counts as well");
    }

    [TestMethod]
    public void ASourceBesideTheIntermediateDirectoryWithTheSamePrefix_Counts()
    {
        _dir.Write("objects/Shapes.cs", "static class Shapes { }\n");
        var sources = new ITaskItem[] { new TaskItem("Model.cs"), new TaskItem("objects/Shapes.cs") };
        var before = Hash(t => { t.Sources = sources; t.IntermediateDirectory = _dir.Combine("obj"); });
        _dir.Write("objects/Shapes.cs", "static class Shapes { const int Sides = 3; }\n");

        Assert.AreNotEqual(before, Hash(t => { t.Sources = sources; t.IntermediateDirectory = _dir.Combine("obj"); }));
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
    public void MissingPipelineAssembly_IsMlops2007NotACrash()
    {
        File.Delete(_pipeline);
        var (task, engine) = Run();

        Assert.IsFalse(task.Execute());

        var error = Assert.ContainsSingle(engine.Errors);
        Assert.AreEqual("MLOPS2007", error.Code);
        Assert.AreEqual(_project, error.File);
        Assert.Contains(_pipeline, error.Message!);
        Assert.AreEqual("", task.InputHash);
    }

    [TestMethod]
    public void Fingerprints_AreRememberedInTheRecord()
    {
        var record = _dir.Combine("obj/record/fingerprints.tsv");
        var (task, engine) = Run(t => t.FingerprintRecord = record);

        Assert.IsTrue(task.Execute(), engine.ErrorSummary);

        var lines = File.ReadAllLines(record);
        Assert.IsTrue(lines.Any(l => l.StartsWith(_train + "\t", StringComparison.Ordinal) && l.EndsWith("\t" + XxHash128Hex(_train), StringComparison.Ordinal)),
            string.Join("\n", lines));
        Assert.IsTrue(lines.Any(l => l.StartsWith(_source + "\t", StringComparison.Ordinal)), string.Join("\n", lines));
        Assert.IsFalse(lines.Any(l => l.StartsWith(_generated + "\t", StringComparison.Ordinal)), "generated sources are not even read");
    }

    [TestMethod]
    public void ResolvedItems_CarryHashLengthSeparatorAndLocation()
    {
        var (task, engine) = Run();

        Assert.IsTrue(task.Execute(), engine.ErrorSummary);
        var train = Assert.ContainsSingle(task.ResolvedTrainingData);
        var test = Assert.ContainsSingle(task.ResolvedTestData);
        Assert.AreEqual(_train, train.GetMetadata("DataPath"));
        Assert.AreEqual(XxHash128Hex(_train), train.GetMetadata("Hash"));
        Assert.MatchesRegex("^xxh128:[0-9a-f]{32}$", train.GetMetadata("Hash"));
        Assert.AreEqual("", train.GetMetadata("Sha256"), "the SHA-256 of the data is no longer computed");
        Assert.AreEqual(new FileInfo(_train).Length.ToString(), train.GetMetadata("Length"));
        Assert.AreEqual(",", train.GetMetadata("Separator"));
        Assert.AreEqual("true", train.GetMetadata("HasHeader"));
        Assert.AreEqual("true", train.GetMetadata("AllowQuoting"));
        Assert.AreEqual(_project, train.GetMetadata("DefinedIn"));
        Assert.AreEqual("3", train.GetMetadata("Line"));
        Assert.AreEqual("tab", test.GetMetadata("Separator"));
        Assert.AreEqual(XxHash128Hex(_test), test.GetMetadata("Hash"));
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

    [TestMethod]
    public void DebugAndRelease_ShareTheHash_UnlessASourceTestsTheirConstants()
    {
        const string Debug = "TRACE;DEBUG;NET;NET10_0", Release = "TRACE;RELEASE;NET;NET10_0";
        Assert.AreEqual(Hash(t => t.DefineConstants = Debug), Hash(t => t.DefineConstants = Release));

        File.WriteAllText(_source, "static class Features {\n#if DEBUG\n const int Width = 8;\n#else\n const int Width = 128;\n#endif\n}\n");
        Assert.AreNotEqual(Hash(t => t.DefineConstants = Debug), Hash(t => t.DefineConstants = Release));
    }

    [TestMethod]
    public void AConditionalAttribute_MakesItsConstantCount()
    {
        File.WriteAllText(_source, "static class Features { [System.Diagnostics.Conditional(\"TRACE_FEATURES\")] static void Log() { } }\n");
        Assert.AreNotEqual(Hash(t => t.DefineConstants = "TRACE"), Hash(t => t.DefineConstants = "TRACE;TRACE_FEATURES"));
    }

    [TestMethod]
    public void AReferencedProjectsSource_EntersByContent_NotByItsAssembly()
    {
        var shared = _dir.Write("lib/Shared/Tokens.cs", "static class Tokens { const string Split = \" \"; }\n");
        var sharedProject = _dir.Write("lib/Shared/Shared.csproj", "<Project />");
        var generated = _dir.Write("lib/Shared/obj/Release/net10.0/Shared.AssemblyInfo.cs", "// version 1.2.3+abc\n");
        TaskItem Source(string path) => Item(path, ("MSBuildSourceProjectFile", sharedProject));
        var before = Hash(t => t.ProjectReferenceSources = [Source(shared), Source(generated)]);

        File.WriteAllText(generated, "// version 1.2.4+def\n");
        Assert.AreEqual(before, Hash(t => t.ProjectReferenceSources = [Source(shared), Source(generated)]), "a generated source of the reference changed the hash");

        File.WriteAllText(shared, "static class Tokens { const string Split = \",\"; }\n");
        Assert.AreNotEqual(before, Hash(t => t.ProjectReferenceSources = [Source(shared), Source(generated)]));
    }

    [TestMethod]
    public void AnMlOpsInput_EntersByContent_AndAMissingOneIsCoded()
    {
        var vocabulary = _dir.Write("vocab/stopwords.txt", "the\na\n");
        var before = Hash(t => t.RuntimeInputs = [new TaskItem(vocabulary)]);
        File.WriteAllText(vocabulary, "the\nan\n");
        Assert.AreNotEqual(before, Hash(t => t.RuntimeInputs = [new TaskItem(vocabulary)]));

        var (task, engine) = Run(t => t.RuntimeInputs = [new TaskItem(_dir.Combine("vocab/missing.txt"))]);
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("MLOPS1015", engine.Errors.Single().Code);
    }

    [TestMethod]
    [DataRow("AllowQuoting", "no")]
    [DataRow("HasHeader", "ja")]
    [DataRow("AllowNonFinite", "1")]
    public void ASwitchThatIsNeitherTrueNorFalse_IsCoded_NotReadAsItsOpposite(string name, string value)
    {
        var (task, engine) = Run(t => t.TrainingData = [Item(_train, (name, value))]);

        Assert.IsFalse(task.Execute());
        var error = engine.Errors.Single();
        Assert.AreEqual("MLOPS1009", error.Code);
        StringAssert.Contains(error.Message, name);
    }

    [TestMethod]
    public void ReadingOptions_EnterTheHash() =>
        Assert.AreNotEqual(Hash(), Hash(t => t.TrainingData = [Item(_train, ("SkipRows", "1"))]));

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
            // As MSBuild passes @(Compile): relative to the project, generated ones under obj/ included.
            Sources = [new TaskItem("Model.cs"), new TaskItem("Pipeline/Features.cs"), new TaskItem("obj/Release/net10.0/Model.AssemblyInfo.cs")],
            IntermediateDirectory = _dir.Combine("obj/Release/net10.0/"),
            FingerprintRecord = _dir.Combine("obj/mlops/fingerprints.tsv"),
        };
        change?.Invoke(task);
        return (task, engine);
    }

    /// <summary>Lays out a repository holding the model project in src/Model, with a source linked from shared/.</summary>
    private static void WriteClone(string root)
    {
        var project = Path.Combine(root, "src/Model");
        Directory.CreateDirectory(Path.Combine(project, "data"));
        File.WriteAllText(Path.Combine(project, "Model.csproj"), string.Join("\n",
            "<Project Sdk=\"Microsoft.NET.Sdk\">",
            "  <ItemGroup>",
            "    <MlTrainingData Include=\"data/train.csv\" />",
            "    <MlTestData Include=\"data/test.tsv\" />",
            "    <Compile Include=\"../../shared/Text.cs\" Link=\"Text.cs\" />",
            "  </ItemGroup>",
            "</Project>",
            ""));
        File.WriteAllText(Path.Combine(project, "data/train.csv"), "text,label\nhello,1\nworld,0\n");
        File.WriteAllText(Path.Combine(project, "data/test.tsv"), "text\tlabel\nagain\t1\n");
        File.WriteAllText(Path.Combine(project, "Model.cs"), "public sealed class Model { }\n");
        Directory.CreateDirectory(Path.Combine(project, "Pipeline"));
        File.WriteAllText(Path.Combine(project, "Pipeline/Features.cs"), "static class Features { }\n");
        Directory.CreateDirectory(Path.Combine(project, "obj/Release/net10.0"));
        File.WriteAllText(Path.Combine(project, "obj/Release/net10.0/Model.AssemblyInfo.cs"), "// " + root + "\n");
        Directory.CreateDirectory(Path.Combine(project, "bin"));
        File.WriteAllBytes(Path.Combine(project, "bin/Model.dll"), [0x4d, 0x5a, 0x90, 0x00, 0x03]);
        Directory.CreateDirectory(Path.Combine(root, "shared"));
        File.WriteAllText(Path.Combine(root, "shared/Text.cs"), "static class Text { }\n");
    }

    /// <summary>The input hash of the clone at <paramref name="root"/>, its items passed as MSBuild would: relative to the project.</summary>
    private static string CloneHash(string root)
    {
        var project = Path.Combine(root, "src/Model");
        var engine = new RecordingBuildEngine();
        var task = new ComputeModelInputs
        {
            BuildEngine = engine,
            ProjectFile = Path.Combine(project, "Model.csproj"),
            PipelineAssembly = Path.Combine(project, "bin/Model.dll"),
            Sources = [new TaskItem("Model.cs"), new TaskItem("Pipeline/Features.cs"), new TaskItem("../../shared/Text.cs"), new TaskItem("obj/Release/net10.0/Model.AssemblyInfo.cs")],
            IntermediateDirectory = Path.Combine(project, "obj/Release/net10.0/"),
            FingerprintRecord = Path.Combine(project, "obj/mlops/fingerprints.tsv"),
            TrainingData = [new ProjectItem(project, "data/train.csv")],
            TestData = [new ProjectItem(project, "data/test.tsv")],
            Parameters = [Item("LearningRate", ("Value", "0.1"))],
            References = [Item("Microsoft.ML.dll", ("NuGetPackageId", "Microsoft.ML"), ("NuGetPackageVersion", "5.0.1"))],
            Settings = ["seed=42", "testFraction=0.2", "modelClass=", "sdk=1.0.0"],
        };
        Assert.IsTrue(task.Execute(), engine.ErrorSummary);
        return task.InputHash;
    }

    private static TaskItem Item(string spec, params (string Name, string Value)[] metadata)
    {
        var item = new TaskItem(spec);
        foreach (var (name, value) in metadata) item.SetMetadata(name, value);
        return item;
    }

    private static string XxHash128Hex(string file) => "xxh128:" + Convert.ToHexStringLower(XxHash128.Hash(File.ReadAllBytes(file)));
}
