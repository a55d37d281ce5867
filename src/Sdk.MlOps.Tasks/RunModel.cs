using System.Globalization;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// Runs the built model program (<c>dotnet exec Model.dll train|evaluate|publish request.json</c>) so ML.NET and
/// its native libraries load from the model's own deps.json, never into MSBuild. The request goes in a file
/// under obj/; the program's <c>##mlops|</c> lines come back as MSBuild errors, warnings and messages.
/// Cancelling the build (Ctrl+C) kills the process; it writes models atomically, so the last good one stays.
/// </summary>
public sealed class RunModel : ToolTask
{
    [Required] public string Command { get; set; } = "";
    [Required] public string ModelAssembly { get; set; } = "";
    [Required] public string RequestFile { get; set; } = "";
    [Required] public string ProjectFile { get; set; } = "";
    [Required] public string ModelName { get; set; } = "";
    [Required] public string ModelPath { get; set; } = "";
    [Required] public string TrainingReportPath { get; set; } = "";
    [Required] public string EvaluationReportPath { get; set; } = "";
    public string DotnetHostPath { get; set; } = "";
    public string ModelClass { get; set; } = "";
    public string InputHash { get; set; } = "";
    public int Seed { get; set; } = 42;
    public string TestFraction { get; set; } = "0.2";
    public bool Verbose { get; set; }
    public bool AllowUngated { get; set; }
    public string ResultsDirectory { get; set; } = "";
    public string PublishDirectory { get; set; } = "";

    public ITaskItem[] TrainingData { get; set; } = [];
    public ITaskItem[] TestData { get; set; } = [];
    public ITaskItem[] Parameters { get; set; } = [];
    public ITaskItem[] Gates { get; set; } = [];

    public string Version { get; set; } = "";
    public string Commit { get; set; } = "";
    public string Branch { get; set; } = "";
    public string RepositoryUrl { get; set; } = "";
    public string SdkVersion { get; set; } = "";
    public string Description { get; set; } = "";
    public string IntendedUse { get; set; } = "";
    public string Limitations { get; set; } = "";

    private readonly List<string> _stderr = [];

    protected override string ToolName => "dotnet";

    protected override string GenerateFullPathToTool() =>
        string.IsNullOrEmpty(DotnetHostPath) ? ToolName : DotnetHostPath;

    protected override string GenerateCommandLineCommands()
    {
        var args = new CommandLineBuilder();
        args.AppendSwitch("exec");
        args.AppendFileNameIfNotNull(ModelAssembly);
        args.AppendSwitch(Command);
        args.AppendFileNameIfNotNull(RequestFile);
        return args.ToString();
    }

    protected override MessageImportance StandardOutputLoggingImportance => MessageImportance.Low;

    public override bool Execute()
    {
        if (Fraction(TestFraction) is null)
        {
            Log.Error("MLOPS1009", $"MlOpsTestFraction is '{TestFraction}', which is not a number. Set it to a fraction between 0 and 1, e.g. 0.2.", ProjectFile);
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(RequestFile))!);
        File.WriteAllText(RequestFile, BuildRequest(), new UTF8Encoding(false));
        return base.Execute() && !Log.HasLoggedErrors;
    }

    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        var e = ModelEvent.Parse(singleLine);
        if (e is null)
        {
            // Anything else the program printed (ML.NET, the user's code) stays visible at detailed verbosity, as
            // plain text: ToolTask would turn a line shaped like "file(1,1): error X" into a build error.
            // stderr is kept to explain a crash.
            if (messageImportance == StandardErrorLoggingImportance) _stderr.Add(singleLine);
            Log.LogMessage(messageImportance, "{0}", singleLine);
            return;
        }

        var file = e.File.Length == 0 ? null : e.File;
        switch (e.Kind)
        {
            case "error": Log.Error(e.Code, e.Text, file, e.Line, e.Column); break;
            case "warning": Log.Warning(e.Code, e.Text, file, e.Line, e.Column); break;
            case "info": Log.LogMessage(MessageImportance.High, e.Text); break;
            default: Log.LogMessage(MessageImportance.Low, e.Text); break;
        }
    }

    protected override bool HandleTaskExecutionErrors()
    {
        if (Log.HasLoggedErrors) return false;
        var tail = string.Join(Environment.NewLine, _stderr.Skip(Math.Max(0, _stderr.Count - 20)));
        Log.Error("MLOPS9001",
            $"The model program exited with code {ExitCode} without reporting why. {(tail.Length > 0 ? "It wrote: " + tail : "Run with -v:detailed to see its output.")}",
            ProjectFile);
        return false;
    }

    private string BuildRequest()
    {
        var locator = new ItemLocator(ProjectFile);
        var json = new JsonWriter().BeginObject()
            .Property("command", Command)
            .Property("modelName", ModelName)
            .Property("modelClass", NullIfEmpty(ModelClass))
            .Property("projectFile", ProjectFile)
            .Property("modelPath", ModelPath)
            .Property("trainingReportPath", TrainingReportPath)
            .Property("evaluationReportPath", EvaluationReportPath)
            .Property("inputHash", InputHash)
            .Property("seed", Seed)
            .Property("testFraction", Fraction(TestFraction))
            .Property("verbose", Verbose)
            .Property("allowUngated", AllowUngated)
            .Property("resultsDirectory", NullIfEmpty(ResultsDirectory))
            .Property("publishDirectory", NullIfEmpty(PublishDirectory));

        WriteData(json, "trainingData", TrainingData);
        WriteData(json, "testData", TestData);

        json.BeginArray("parameters");
        foreach (var p in Parameters)
        {
            var (file, line) = locator.Locate("MlParameter", p.ItemSpec);
            json.BeginObject().Property("name", p.ItemSpec).Property("value", p.GetMetadata("Value"))
                .Property("definedIn", file).Property("line", line).EndObject();
        }

        json.EndArray().BeginArray("gates");
        foreach (var g in Gates)
        {
            var (file, line) = locator.Locate("MlMetricGate", g.ItemSpec);
            json.BeginObject().Property("metric", g.ItemSpec)
                .Property("minimum", Bound(g, "Minimum")).Property("maximum", Bound(g, "Maximum"))
                .Property("definedIn", file).Property("line", line).EndObject();
        }

        json.EndArray().BeginObject("lineage")
            .Property("version", NullIfEmpty(Version)).Property("commit", NullIfEmpty(Commit)).Property("branch", NullIfEmpty(Branch))
            .Property("repository", NullIfEmpty(RepositoryUrl)).Property("sdkVersion", NullIfEmpty(SdkVersion))
            .Property("description", NullIfEmpty(Description)).Property("intendedUse", NullIfEmpty(IntendedUse))
            .Property("limitations", NullIfEmpty(Limitations))
            .EndObject();
        return json.EndObject().ToString();
    }

    private static void WriteData(JsonWriter json, string name, ITaskItem[] items)
    {
        json.BeginArray(name);
        foreach (var d in items)
        {
            json.BeginObject()
                .Property("path", d.GetMetadata("DataPath"))
                .Property("name", d.ItemSpec.Replace('\\', '/'))
                .Property("separator", d.GetMetadata("Separator"))
                .Property("hasHeader", !string.Equals(d.GetMetadata("HasHeader"), "false", StringComparison.OrdinalIgnoreCase))
                .Property("allowQuoting", !string.Equals(d.GetMetadata("AllowQuoting"), "false", StringComparison.OrdinalIgnoreCase))
                .Property("sha256", d.GetMetadata("Sha256"))
                .Property("length", long.TryParse(d.GetMetadata("Length"), out var length) ? length : 0)
                .Property("definedIn", d.GetMetadata("DefinedIn"))
                .Property("line", int.TryParse(d.GetMetadata("Line"), out var line) ? line : 0)
                .EndObject();
        }

        json.EndArray();
    }

    /// <summary>The fraction as the user wrote it (invariant culture), or null when it is no number; the range is checked by the engine.</summary>
    private static double? Fraction(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && !double.IsNaN(v) ? v : null;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static double? Bound(ITaskItem gate, string name) =>
        double.TryParse(gate.GetMetadata(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
