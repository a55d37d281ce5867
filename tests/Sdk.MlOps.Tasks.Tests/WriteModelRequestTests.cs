using System.Text.Json;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks.Tests;

/// <summary>
/// WriteModelRequest runs for real: each test executes the task into a temp folder and reads back the file the
/// model program would load.
/// </summary>
[TestClass]
public sealed class WriteModelRequestTests
{
    private static readonly DateTime LongAgo = new(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);

    private readonly TempDirectory _dir = new();
    private readonly RecordingBuildEngine _engine = new();
    private string _project = "";

    [TestInitialize]
    public void WriteProject() => _project = _dir.WriteProject(
        "<MlParameter Include=\"LearningRate\" Value=\"0.1\" />",
        "<MlMetricGate Include=\"MicroAccuracy\" Minimum=\"0.85\" />",
        "<MlMetricGate Include=\"LogLoss\" Minimum=\"0.01\" Maximum=\"0.5\" />",
        "<MlMetricGate Include=\"MacroAccuracy\" MaxRegression=\"0.02\" />",
        "<MlMetricGate Include=\"RSquared\" Minimum=\"0.6\" MaxRegression=\"0\" MaxRelativeRegression=\"0.05\" />",
        "<MlPerformanceGate Include=\"LatencyP99Ms\" Maximum=\"5\" />");

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    private string RequestFile => _dir.Combine("obj/mlops/request.json");

    [TestMethod]
    public void Execute_CreatesTheFolderAndWritesUtf8WithoutBom()
    {
        var task = NewTask();
        task.Description = "Modèle für Störungen: \"triage\" of C:\\logs\\";

        Assert.IsTrue(task.Execute(), _engine.ErrorSummary);

        Assert.IsTrue(File.Exists(RequestFile));
        var bytes = File.ReadAllBytes(RequestFile);
        Assert.IsFalse(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "no byte-order mark");
        Assert.AreEqual(task.Description, ReadRequest().GetProperty("lineage").GetProperty("description").GetString());
        Assert.IsEmpty(_engine.Errors);
        Assert.IsEmpty(_engine.Warnings);
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
    public void Request_PerformanceGatesFollowTheMetricGates_Flagged_AtTheirLine_WithAbsoluteBoundsOnly()
    {
        var task = NewTask();
        task.Gates = [Item("MicroAccuracy", ("Minimum", "0.85"))];
        task.PerformanceGates = [Item("LatencyP99Ms", ("Maximum", "5"), ("MaxRegression", "1"))];

        var gates = Request(task).GetProperty("gates");

        Assert.AreEqual(2, gates.GetArrayLength());
        Assert.IsFalse(gates[0].TryGetProperty("performance", out _), "a metric gate is not flagged");
        var latency = gates[1];
        Assert.IsTrue(latency.GetProperty("performance").GetBoolean());
        Assert.AreEqual(5, latency.GetProperty("maximum").GetDouble());
        Assert.IsFalse(latency.TryGetProperty("maxRegression", out _), "a serving cost has no relative bound");
        Assert.AreEqual(TempDirectory.LineOf(_project, "\"LatencyP99Ms\""), latency.GetProperty("line").GetInt32());
    }

    [TestMethod]
    public void Request_CarriesWhetherToWriteTheModelReport()
    {
        var task = NewTask();
        Assert.IsTrue(Request(task).GetProperty("report").GetBoolean(), "on by default");

        task.Report = false;
        Assert.IsFalse(Request(task).GetProperty("report").GetBoolean());
    }

    [TestMethod]
    public void Request_SliceGatesCarryTheirColumnGapAndRowCount()
    {
        var task = NewTask();
        task.Gates = [Item("MicroAccuracy", ("Minimum", "0.7"), ("Slice", " Region "), ("MaxSliceGap", "0.1"), ("MinimumSliceRows", "50"))];

        var gate = Request(task).GetProperty("gates")[0];

        Assert.AreEqual("Region", gate.GetProperty("slice").GetString());
        Assert.AreEqual(0.1, gate.GetProperty("maxSliceGap").GetDouble());
        Assert.AreEqual(50, gate.GetProperty("minimumSliceRows").GetInt32());
    }

    [TestMethod]
    public void Request_GatesCarryTheRelativeBounds()
    {
        var task = NewTask();
        task.Gates =
        [
            Item("MacroAccuracy", ("MaxRegression", "0.02")),
            Item("RSquared", ("Minimum", "0.6"), ("MaxRegression", "0"), ("MaxRelativeRegression", "0.05")),
            Item("MicroAccuracy", ("Minimum", "0.85")),
        ];

        var gates = Request(task).GetProperty("gates");

        var macro = gates[0];
        Assert.AreEqual(0.02, macro.GetProperty("maxRegression").GetDouble());
        CollectionAssert.AreEqual(new[] { "metric", "maxRegression", "definedIn", "line" }, Names(macro),
            "absent bounds are omitted, not 0");
        Assert.AreEqual(TempDirectory.LineOf(_project, "\"MacroAccuracy\""), macro.GetProperty("line").GetInt32());

        var rSquared = gates[1];
        Assert.AreEqual(0.6, rSquared.GetProperty("minimum").GetDouble());
        Assert.AreEqual(0.0, rSquared.GetProperty("maxRegression").GetDouble(), "a bound of 0 (no regression allowed) is kept");
        Assert.AreEqual(0.05, rSquared.GetProperty("maxRelativeRegression").GetDouble());
        Assert.AreEqual(7, rSquared.GetProperty("line").GetInt32());

        Assert.IsFalse(gates[2].TryGetProperty("maxRegression", out _));
        Assert.IsFalse(gates[2].TryGetProperty("maxRelativeRegression", out _));
    }

    [TestMethod]
    public void Request_NumbersAreWrittenWithADotWhateverTheCulture()
    {
        var task = NewTask();
        task.TestFraction = "0.25";
        task.Gates = [Item("RSquared", ("Minimum", "-0.5"), ("MaxRegression", "1e-3"), ("MaxRelativeRegression", "0.05"))];

        Assert.IsTrue(CommaDecimalCulture.Run(task.Execute), _engine.ErrorSummary);

        var request = ReadRequest();
        var gate = request.GetProperty("gates")[0];
        Assert.AreEqual(0.25, request.GetProperty("testFraction").GetDouble());
        Assert.AreEqual(-0.5, gate.GetProperty("minimum").GetDouble());
        Assert.AreEqual(0.001, gate.GetProperty("maxRegression").GetDouble());
        Assert.AreEqual(0.05, gate.GetProperty("maxRelativeRegression").GetDouble());
    }

    [TestMethod]
    public void Request_ParametersCarryTheirLocation()
    {
        var task = NewTask();
        task.Parameters = [Item("LearningRate", ("Value", "0.1"))];

        var parameter = Request(task).GetProperty("parameters")[0];

        Assert.AreEqual("LearningRate", parameter.GetProperty("name").GetString());
        Assert.AreEqual("0.1", parameter.GetProperty("value").GetString());
        Assert.AreEqual(_project, parameter.GetProperty("definedIn").GetString());
        Assert.AreEqual(3, parameter.GetProperty("line").GetInt32());
    }

    [TestMethod]
    public void Request_DataItemsCarryPathHashAndOptions()
    {
        var hash = "xxh128:" + new string('a', 32);
        var task = NewTask();
        task.TrainingData = [Item(@"data\train.csv",
            ("DataPath", "/models/m/data/train.csv"), ("Separator", ";"), ("HasHeader", "False"), ("AllowQuoting", "true"),
            ("Hash", hash), ("Length", "1234"), ("DefinedIn", _project), ("Line", "7"))];
        task.TestData = [Item("test.tsv", ("DataPath", "/models/m/test.tsv"), ("Separator", "tab"))];

        var request = Request(task);
        var train = request.GetProperty("trainingData")[0];
        var test = request.GetProperty("testData")[0];

        Assert.AreEqual("/models/m/data/train.csv", train.GetProperty("path").GetString());
        Assert.AreEqual("data/train.csv", train.GetProperty("name").GetString());
        Assert.AreEqual(hash, train.GetProperty("hash").GetString());
        Assert.IsFalse(train.TryGetProperty("sha256", out _));
        Assert.AreEqual(";", train.GetProperty("separator").GetString());
        Assert.IsFalse(train.GetProperty("hasHeader").GetBoolean());
        Assert.IsTrue(train.GetProperty("allowQuoting").GetBoolean());
        Assert.AreEqual(1234, train.GetProperty("length").GetInt64());
        Assert.AreEqual(_project, train.GetProperty("definedIn").GetString());
        Assert.AreEqual(7, train.GetProperty("line").GetInt32());
        Assert.AreEqual("tab", test.GetProperty("separator").GetString());
        Assert.IsTrue(test.GetProperty("hasHeader").GetBoolean(), "HasHeader defaults to true");
        Assert.AreEqual(0, test.GetProperty("length").GetInt64(), "a missing Length is 0");
    }

    [TestMethod]
    public void Request_OmitsEmptyOptionalFields()
    {
        var task = NewTask();
        task.Commit = "0123456789abcdef0123456789abcdef01234567";

        var request = Request(task);
        var lineage = request.GetProperty("lineage");

        Assert.AreEqual(task.Commit, lineage.GetProperty("commit").GetString());
        CollectionAssert.AreEqual(new[] { "commit" }, Names(lineage));
        Assert.IsFalse(request.TryGetProperty("modelClass", out _));
    }

    [TestMethod]
    public void Request_IsSharedByEveryCommand_SoItNamesNoCommandOrOutputFolder()
    {
        var request = Request(NewTask());

        // train, evaluate, publish and sync read the same file; the command and its folders go on the command line.
        Assert.IsFalse(request.TryGetProperty("command", out _));
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

        Assert.AreEqual("Triage", request.GetProperty("modelName").GetString());
        Assert.AreEqual("Triage.Model", request.GetProperty("modelClass").GetString());
        Assert.AreEqual(_project, request.GetProperty("projectFile").GetString());
        Assert.AreEqual("/m/bin/Triage.zip", request.GetProperty("modelPath").GetString());
        Assert.AreEqual("/m/bin/Triage.training.json", request.GetProperty("trainingReportPath").GetString());
        Assert.AreEqual("/m/obj/Triage.evaluation.json", request.GetProperty("evaluationReportPath").GetString());
        Assert.AreEqual(new string('0', 64), request.GetProperty("inputHash").GetString());
        Assert.AreEqual(7, request.GetProperty("seed").GetInt32());
        Assert.AreEqual(0.25, request.GetProperty("testFraction").GetDouble());
        Assert.IsTrue(request.GetProperty("allowUngated").GetBoolean());
        Assert.IsFalse(request.GetProperty("verbose").GetBoolean());
    }

    [TestMethod]
    public void Request_TrackingDefaults_OmitEmptyStrings()
    {
        var tracking = Request(NewTask()).GetProperty("tracking");

        CollectionAssert.AreEqual(new[] { "enabled", "required", "promote", "promoteWhenBetter", "remoteCache" }, Names(tracking));
        Assert.IsTrue(tracking.GetProperty("enabled").GetBoolean(), "tracking is on unless turned off");
        Assert.IsFalse(tracking.GetProperty("required").GetBoolean());
        Assert.IsFalse(tracking.GetProperty("promote").GetBoolean());
        Assert.IsTrue(tracking.GetProperty("remoteCache").GetBoolean(), "the remote cache is on unless turned off");
    }

    [TestMethod]
    public void Request_CarriesTheTrackingSettings()
    {
        var task = NewTask();
        task.TrackingEnabled = false;
        task.TrackingUri = "https://mlflow.example.com";
        task.TrackingStore = "/repo with space/mlruns";
        task.ExperimentName = "incident-triage";
        task.RegisteredModelName = "IncidentTriage";
        task.TrackingRequired = true;
        task.Promote = "true";
        task.RemoteCache = false;

        var tracking = Request(task).GetProperty("tracking");

        Assert.IsFalse(tracking.GetProperty("enabled").GetBoolean());
        Assert.AreEqual("https://mlflow.example.com", tracking.GetProperty("uri").GetString());
        Assert.AreEqual("/repo with space/mlruns", tracking.GetProperty("localStore").GetString());
        Assert.AreEqual("incident-triage", tracking.GetProperty("experimentName").GetString());
        Assert.AreEqual("IncidentTriage", tracking.GetProperty("registeredModelName").GetString());
        Assert.IsTrue(tracking.GetProperty("required").GetBoolean());
        Assert.IsTrue(tracking.GetProperty("promote").GetBoolean());
        Assert.IsFalse(tracking.GetProperty("promoteWhenBetter").GetBoolean());
        Assert.IsFalse(tracking.GetProperty("remoteCache").GetBoolean());
    }

    [TestMethod]
    public void PromoteWhenBetter_PromotesOnlyASignificantlyBetterModel()
    {
        var task = NewTask();
        task.Promote = "WhenBetter";

        var tracking = Request(task).GetProperty("tracking");

        Assert.IsTrue(tracking.GetProperty("promote").GetBoolean());
        Assert.IsTrue(tracking.GetProperty("promoteWhenBetter").GetBoolean());
    }

    [TestMethod]
    public void Request_TrackingOmitsOnlyTheEmptyStrings()
    {
        var task = NewTask();
        task.TrackingStore = "/repo/mlruns";
        task.RegisteredModelName = "";

        var tracking = Request(task).GetProperty("tracking");

        CollectionAssert.AreEqual(new[] { "enabled", "localStore", "required", "promote", "promoteWhenBetter", "remoteCache" }, Names(tracking));
    }

    [TestMethod]
    public void UnchangedRequest_IsNotRewritten()
    {
        Assert.IsTrue(NewTask().Execute(), _engine.ErrorSummary);
        var content = File.ReadAllText(RequestFile);
        File.SetLastWriteTimeUtc(RequestFile, LongAgo);

        // A fresh task with the same facts, as the next build would create.
        Assert.IsTrue(NewTask().Execute(), _engine.ErrorSummary);

        Assert.AreEqual(LongAgo, File.GetLastWriteTimeUtc(RequestFile), "an unchanged build leaves obj/ untouched");
        Assert.AreEqual(content, File.ReadAllText(RequestFile));
    }

    [TestMethod]
    public void ChangedValue_RewritesTheRequest()
    {
        Assert.IsTrue(NewTask().Execute(), _engine.ErrorSummary);
        File.SetLastWriteTimeUtc(RequestFile, LongAgo);

        var task = NewTask();
        task.Seed = 1234;
        Assert.IsTrue(task.Execute(), _engine.ErrorSummary);

        Assert.AreNotEqual(LongAgo, File.GetLastWriteTimeUtc(RequestFile));
        Assert.AreEqual(1234, ReadRequest().GetProperty("seed").GetInt32());
    }

    [TestMethod]
    public void ChangedGateBound_RewritesTheRequest()
    {
        var task = NewTask();
        task.Gates = [Item("MacroAccuracy", ("MaxRegression", "0.02"))];
        Assert.IsTrue(task.Execute(), _engine.ErrorSummary);
        File.SetLastWriteTimeUtc(RequestFile, LongAgo);

        task = NewTask();
        task.Gates = [Item("MacroAccuracy", ("MaxRegression", "0.02"), ("MaxRelativeRegression", "0.1"))];
        Assert.IsTrue(task.Execute(), _engine.ErrorSummary);

        Assert.AreNotEqual(LongAgo, File.GetLastWriteTimeUtc(RequestFile));
        Assert.AreEqual(0.1, ReadRequest().GetProperty("gates")[0].GetProperty("maxRelativeRegression").GetDouble());
    }

    [TestMethod]
    public void ExistingFileWithOtherContent_IsReplaced()
    {
        _dir.Write("obj/mlops/request.json", "{\"seed\": 1, \"left\": \"over from an older SDK\"}");

        Assert.IsTrue(NewTask().Execute(), _engine.ErrorSummary);

        var request = ReadRequest();
        Assert.AreEqual(42, request.GetProperty("seed").GetInt32());
        Assert.IsFalse(request.TryGetProperty("left", out _));
    }

    [TestMethod]
    public void UnusableTestFraction_PointsAtItsPropertyLine()
    {
        _project = _dir.Write("Model.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <MlOpsTestFraction>0,2</MlOpsTestFraction>\n  </PropertyGroup>\n</Project>\n");
        var task = NewTask();
        task.TestFraction = "0,2";

        Assert.IsFalse(task.Execute());
        Assert.AreEqual(3, Assert.ContainsSingle(_engine.Errors).LineNumber);
    }

    [TestMethod]
    [DataRow("MlOpsTestFraction", "0")]
    [DataRow("MlOpsTestFraction", "1")]
    [DataRow("MlOpsTestFraction", "-0.5")]
    [DataRow("MlOpsSplit", "Random")]
    public void AnOutOfRangeFractionOrAnUnknownSplit_IsMlops1009AtItsPropertyLine(string property, string value)
    {
        _project = _dir.Write("Model.csproj", $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <{property}>{value}</{property}>\n  </PropertyGroup>\n</Project>\n");
        var task = NewTask();
        if (property == "MlOpsSplit") task.Split = value;
        else task.TestFraction = value;

        Assert.IsFalse(task.Execute());

        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS1009", error.Code);
        Assert.AreEqual(3, error.LineNumber);
        Assert.Contains(property, error.Message!);
        Assert.IsFalse(File.Exists(RequestFile), "a request was written for settings that cannot be used");
    }

    [TestMethod]
    [DataRow("abc")]
    [DataRow("20%")]
    [DataRow("NaN")]
    [DataRow("0,2")]
    public void UnusableTestFraction_IsMlops1009AndWritesNoRequest(string fraction)
    {
        var task = NewTask();
        task.TestFraction = fraction;

        Assert.IsFalse(task.Execute());

        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS1009", error.Code);
        Assert.AreEqual(_project, error.File);
        Assert.Contains(fraction, error.Message!);
        Assert.EndsWith("docs/errors.md#mlops1009", error.HelpLink);
        Assert.IsFalse(File.Exists(RequestFile));
    }

    [TestMethod]
    [DataRow("https://user:secret@mlflow.example")]
    [DataRow("http://user:p@ss@mlflow.example/")] // unparsable as a URI, still credentials
    public void ATrackingUriWithCredentials_IsRefusedAndNotWritten(string uri)
    {
        var task = NewTask();
        task.TrackingUri = uri;

        Assert.IsFalse(task.Execute());
        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS5003", error.Code);
        Assert.DoesNotContain("secret", error.Message ?? "");
        Assert.DoesNotContain("p@ss", error.Message ?? "");
        Assert.IsFalse(File.Exists(RequestFile));
    }

    private WriteModelRequest NewTask() => new()
    {
        BuildEngine = _engine,
        RequestFile = RequestFile,
        ProjectFile = _project,
        ModelName = "Triage",
        ModelPath = "/m/bin/Triage.zip",
        TrainingReportPath = "/m/bin/Triage.training.json",
        EvaluationReportPath = "/m/obj/Triage.evaluation.json",
        InputHash = new string('0', 64),
    };

    /// <summary>Runs the task and reads back the file it wrote.</summary>
    private JsonElement Request(WriteModelRequest task)
    {
        Assert.IsTrue(task.Execute(), _engine.ErrorSummary);
        Assert.IsEmpty(_engine.Errors);
        return ReadRequest();
    }

    private JsonElement ReadRequest()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RequestFile));
        return doc.RootElement.Clone();
    }

    private static string[] Names(JsonElement obj) => obj.EnumerateObject().Select(p => p.Name).ToArray();

    private static TaskItem Item(string spec, params (string Name, string Value)[] metadata)
    {
        var item = new TaskItem(spec);
        foreach (var (name, value) in metadata) item.SetMetadata(name, value);
        return item;
    }
}
