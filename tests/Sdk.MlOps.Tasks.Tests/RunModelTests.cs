using System.Reflection;
using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks.Tests;

/// <summary>
/// RunModel starts a process; these tests cover what it does without one, reaching its protected and
/// private members by reflection because the class is sealed.
/// </summary>
[TestClass]
public sealed class RunModelTests
{
    private readonly TempDirectory _dir = new();
    private readonly RecordingBuildEngine _engine = new();
    private string _project = "";

    [TestInitialize]
    public void WriteProject() => _project = _dir.WriteProject(
        "<MlParameter Include=\"LearningRate\" Value=\"0.1\" />",
        "<MlMetricGate Include=\"MicroAccuracy\" Minimum=\"0.85\" />",
        "<MlMetricGate Include=\"LogLoss\" Minimum=\"0.01\" Maximum=\"0.5\" />");

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public void CommandLine_QuotesPathsWithSpaces()
    {
        var task = NewTask();
        task.ModelAssembly = "/models/my models/bin/Model.dll";
        task.RequestFile = "/models/my models/obj/mlops/train.request.json";

        Assert.AreEqual(
            "exec \"/models/my models/bin/Model.dll\" train \"/models/my models/obj/mlops/train.request.json\"",
            Invoke(task, "GenerateCommandLineCommands"));
    }

    [TestMethod]
    public void CommandLine_PutsTheCommandBetweenAssemblyAndRequest()
    {
        var task = NewTask();
        task.Command = "evaluate";

        Assert.MatchesRegex("^exec \"?/m/Model\\.dll\"? evaluate \"?/m/r\\.json\"?$", (string)Invoke(task, "GenerateCommandLineCommands")!);
    }

    [TestMethod]
    public void Request_GatesCarryBoundsAndTheirLocation()
    {
        var task = NewTask();
        task.Gates = [Item("MicroAccuracy", ("Minimum", "0.85")), Item("LogLoss", ("Minimum", "0.01"), ("Maximum", "0.5"))];

        var gates = Request(task).GetProperty("gates");

        Assert.AreEqual(2, gates.GetArrayLength());
        var accuracy = gates[0];
        Assert.AreEqual("MicroAccuracy", accuracy.GetProperty("metric").GetString());
        Assert.AreEqual(0.85, accuracy.GetProperty("minimum").GetDouble());
        Assert.IsFalse(accuracy.TryGetProperty("maximum", out _), "an absent bound is omitted, not 0");
        Assert.AreEqual(_project, accuracy.GetProperty("definedIn").GetString());
        Assert.AreEqual(TempDirectory.LineOf(_project, "\"MicroAccuracy\""), accuracy.GetProperty("line").GetInt32());
        Assert.AreEqual(0.5, gates[1].GetProperty("maximum").GetDouble());
        Assert.AreEqual(5, gates[1].GetProperty("line").GetInt32());
    }

    [TestMethod]
    public void Request_ParametersCarryTheirLocation()
    {
        var task = NewTask();
        task.Parameters = [Item("LearningRate", ("Value", "0.1"))];

        var parameter = Request(task).GetProperty("parameters")[0];

        Assert.AreEqual("0.1", parameter.GetProperty("value").GetString());
        Assert.AreEqual(_project, parameter.GetProperty("definedIn").GetString());
        Assert.AreEqual(3, parameter.GetProperty("line").GetInt32());
    }

    [TestMethod]
    public void Request_DataItemsCarryPathHashAndOptions()
    {
        var sha = new string('a', 64);
        var task = NewTask();
        task.TrainingData = [Item(@"data\train.csv",
            ("DataPath", "/models/m/data/train.csv"), ("Separator", ";"), ("HasHeader", "False"), ("AllowQuoting", "true"),
            ("Sha256", sha), ("Length", "1234"), ("DefinedIn", _project), ("Line", "7"))];
        task.TestData = [Item("test.tsv", ("DataPath", "/models/m/test.tsv"), ("Separator", "tab"))];

        var request = Request(task);
        var train = request.GetProperty("trainingData")[0];
        var test = request.GetProperty("testData")[0];

        Assert.AreEqual("/models/m/data/train.csv", train.GetProperty("path").GetString());
        Assert.AreEqual("data/train.csv", train.GetProperty("name").GetString());
        Assert.AreEqual(sha, train.GetProperty("sha256").GetString());
        Assert.AreEqual(";", train.GetProperty("separator").GetString());
        Assert.IsFalse(train.GetProperty("hasHeader").GetBoolean());
        Assert.IsTrue(train.GetProperty("allowQuoting").GetBoolean());
        Assert.AreEqual(1234, train.GetProperty("length").GetInt64());
        Assert.AreEqual(_project, train.GetProperty("definedIn").GetString());
        Assert.AreEqual(7, train.GetProperty("line").GetInt32());
        Assert.AreEqual("tab", test.GetProperty("separator").GetString());
        Assert.IsTrue(test.GetProperty("hasHeader").GetBoolean(), "HasHeader defaults to true");
    }

    [TestMethod]
    public void Request_OmitsEmptyOptionalFields()
    {
        var task = NewTask();
        task.Commit = "0123456789abcdef0123456789abcdef01234567";

        var request = Request(task);
        var lineage = request.GetProperty("lineage");

        Assert.AreEqual(task.Commit, lineage.GetProperty("commit").GetString());
        CollectionAssert.AreEqual(new[] { "commit" }, lineage.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.IsFalse(request.TryGetProperty("modelClass", out _));
        Assert.IsFalse(request.TryGetProperty("resultsDirectory", out _));
        Assert.IsFalse(request.TryGetProperty("publishDirectory", out _));
    }

    [TestMethod]
    public void Request_CarriesTheRunSettings()
    {
        var task = NewTask();
        task.Seed = 7;
        task.TestFraction = "0.25";
        task.AllowUngated = true;
        task.ModelClass = "Triage.Model";

        var request = Request(task);

        Assert.AreEqual("train", request.GetProperty("command").GetString());
        Assert.AreEqual("Triage", request.GetProperty("modelName").GetString());
        Assert.AreEqual("Triage.Model", request.GetProperty("modelClass").GetString());
        Assert.AreEqual(7, request.GetProperty("seed").GetInt32());
        Assert.AreEqual(0.25, request.GetProperty("testFraction").GetDouble());
        Assert.IsTrue(request.GetProperty("allowUngated").GetBoolean());
        Assert.IsFalse(request.GetProperty("verbose").GetBoolean());
    }

    [TestMethod]
    [DataRow("abc")]
    [DataRow("20%")]
    [DataRow("NaN")]
    [DataRow("0,2")]
    public void UnusableTestFraction_IsMlops1009BeforeAnyProcessStarts(string fraction)
    {
        var task = NewTask();
        task.TestFraction = fraction;
        task.RequestFile = _dir.Combine("obj/train.request.json");
        // A host that does not exist: should the task go as far as starting the program, it fails with MSB6004 instead.
        task.DotnetHostPath = _dir.Combine("no-such-dotnet");

        Assert.IsFalse(task.Execute());

        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS1009", error.Code);
        Assert.AreEqual(_project, error.File);
    }

    [TestMethod]
    public void ErrorLine_BecomesAnErrorWithCodeFileAndLine()
    {
        var task = NewTask();

        Output(task, "##mlops|error|MLOPS1004|/d.csv|12|0|bad value");

        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS1004", error.Code);
        Assert.AreEqual("/d.csv", error.File);
        Assert.AreEqual(12, error.LineNumber);
        Assert.AreEqual("bad value", error.Message);
        Assert.EndsWith("docs/errors.md#mlops1004", error.HelpLink);
    }

    [TestMethod]
    public void WarningLine_BecomesAWarning()
    {
        Output(NewTask(), "##mlops|warning|MLOPS2005|/p/Model.csproj|9|5|parameter | unused");

        var warning = Assert.ContainsSingle(_engine.Warnings);
        Assert.AreEqual("MLOPS2005", warning.Code);
        Assert.AreEqual(9, warning.LineNumber);
        Assert.AreEqual(5, warning.ColumnNumber);
        Assert.AreEqual("parameter | unused", warning.Message);
        Assert.IsEmpty(_engine.Errors);
    }

    [TestMethod]
    public void InfoLine_BecomesAHighImportanceMessage()
    {
        Output(NewTask(), "##mlops|info||||0|Trained in 1.2 s: MicroAccuracy 0.91");

        var message = Assert.ContainsSingle(_engine.Messages.Where(m => m.Message == "Trained in 1.2 s: MicroAccuracy 0.91"));
        Assert.AreEqual(MessageImportance.High, message.Importance);
        Assert.IsEmpty(_engine.Errors);
        Assert.IsEmpty(_engine.Warnings);
    }

    [TestMethod]
    public void ExitWithoutReportedError_IsMlops9001QuotingStandardError()
    {
        var task = NewTask();
        Output(task, "Unhandled exception. System.DllNotFoundException: libfoo", MessageImportance.Normal);

        Assert.IsFalse((bool)Invoke(task, "HandleTaskExecutionErrors")!);

        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS9001", error.Code);
        Assert.AreEqual(_project, error.File);
        Assert.Contains("System.DllNotFoundException: libfoo", error.Message!);
    }

    [TestMethod]
    public void ExitAfterAReportedError_AddsNoMlops9001()
    {
        var task = NewTask();
        Output(task, "##mlops|error|MLOPS2004||0|0|training failed");

        Assert.IsFalse((bool)Invoke(task, "HandleTaskExecutionErrors")!);

        Assert.AreEqual("MLOPS2004", Assert.ContainsSingle(_engine.Errors).Code);
    }

    private RunModel NewTask() => new()
    {
        BuildEngine = _engine,
        Command = "train",
        ModelAssembly = "/m/Model.dll",
        RequestFile = "/m/r.json",
        ProjectFile = _project,
        ModelName = "Triage",
        ModelPath = "/m/bin/Triage.zip",
        TrainingReportPath = "/m/bin/Triage.training.json",
        EvaluationReportPath = "/m/obj/Triage.evaluation.json",
        InputHash = new string('0', 64),
    };

    private static JsonElement Request(RunModel task) =>
        JsonDocument.Parse((string)Invoke(task, "BuildRequest")!).RootElement.Clone();

    /// <summary>A line the model program printed; stdout importance unless given.</summary>
    private static void Output(RunModel task, string line, MessageImportance importance = MessageImportance.Low) =>
        Invoke(task, "LogEventsFromTextOutput", line, importance);

    private static object? Invoke(object target, string method, params object[] args) =>
        target.GetType().GetMethod(method, BindingFlags.Instance | BindingFlags.NonPublic)!.Invoke(target, args);

    private static TaskItem Item(string spec, params (string Name, string Value)[] metadata)
    {
        var item = new TaskItem(spec);
        foreach (var (name, value) in metadata) item.SetMetadata(name, value);
        return item;
    }
}
