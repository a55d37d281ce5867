using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// Writes what the model program needs to know — data items with their hashes and options, parameters, gates
/// with their project-file lines, paths, lineage, tracking settings — as one JSON request under obj/, shared by
/// train, test, publish and sync. It never holds secrets: credentials stay in the environment.
/// </summary>
public sealed class WriteModelRequest : Task
{
    [Required] public string RequestFile { get; set; } = "";
    [Required] public string ProjectFile { get; set; } = "";
    [Required] public string ModelName { get; set; } = "";
    [Required] public string ModelPath { get; set; } = "";
    [Required] public string TrainingReportPath { get; set; } = "";
    [Required] public string EvaluationReportPath { get; set; } = "";
    public string ModelClass { get; set; } = "";
    public string InputHash { get; set; } = "";
    public int Seed { get; set; } = 42;
    public string TestFraction { get; set; } = "0.2";
    public bool Verbose { get; set; }
    public bool AllowUngated { get; set; }

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

    public bool TrackingEnabled { get; set; } = true;
    public string TrackingUri { get; set; } = "";
    public string TrackingStore { get; set; } = "";
    public string ExperimentName { get; set; } = "";
    public string RegisteredModelName { get; set; } = "";
    public bool TrackingRequired { get; set; }
    public bool Promote { get; set; }
    public bool RemoteCache { get; set; } = true;

    public override bool Execute()
    {
        if (Fraction(TestFraction) is null)
        {
            Log.Error("MLOPS1009", $"MlOpsTestFraction is '{TestFraction}', which is not a number. Set it to a fraction between 0 and 1, e.g. 0.2.", ProjectFile);
            return false;
        }

        if (ReadGitInfo.WithoutCredentials(TrackingUri) != TrackingUri)
        {
            // Refused here, before the URI reaches the request file; the message never repeats it.
            Log.Error("MLOPS5003", "MlOpsTrackingUri carries credentials. Remove them and set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, in the environment instead.", ProjectFile);
            return false;
        }

        var json = BuildRequest();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(RequestFile))!);
        // Rewritten only when it changes, so an unchanged build leaves obj/ untouched.
        if (!File.Exists(RequestFile) || File.ReadAllText(RequestFile) != json)
            File.WriteAllText(RequestFile, json, new UTF8Encoding(false));
        return !Log.HasLoggedErrors;
    }

    private string BuildRequest()
    {
        var locator = ItemLocator.For(BuildEngine, ProjectFile);
        var json = new JsonWriter().BeginObject()
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
            .Property("allowUngated", AllowUngated);

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
                .Property("minimum", Number(g, "Minimum")).Property("maximum", Number(g, "Maximum"))
                .Property("maxRegression", Number(g, "MaxRegression")).Property("maxRelativeRegression", Number(g, "MaxRelativeRegression"))
                .Property("definedIn", file).Property("line", line).EndObject();
        }

        json.EndArray().BeginObject("lineage")
            .Property("version", NullIfEmpty(Version)).Property("commit", NullIfEmpty(Commit)).Property("branch", NullIfEmpty(Branch))
            .Property("repository", NullIfEmpty(RepositoryUrl)).Property("sdkVersion", NullIfEmpty(SdkVersion))
            .Property("description", NullIfEmpty(Description)).Property("intendedUse", NullIfEmpty(IntendedUse))
            .Property("limitations", NullIfEmpty(Limitations))
            .EndObject();

        json.BeginObject("tracking")
            .Property("enabled", TrackingEnabled)
            .Property("uri", NullIfEmpty(TrackingUri))
            .Property("localStore", NullIfEmpty(TrackingStore))
            .Property("experimentName", NullIfEmpty(ExperimentName))
            .Property("registeredModelName", NullIfEmpty(RegisteredModelName))
            .Property("required", TrackingRequired)
            .Property("promote", Promote)
            .Property("remoteCache", RemoteCache)
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
                .Property("hash", d.GetMetadata("Hash"))
                .Property("length", long.TryParse(d.GetMetadata("Length"), out var length) ? length : 0)
                .Property("definedIn", d.GetMetadata("DefinedIn"))
                .Property("line", int.TryParse(d.GetMetadata("Line"), out var line) ? line : 0)
                .EndObject();
        }

        json.EndArray();
    }

    /// <summary>The fraction as the user wrote it, or null when it is no number; the range is checked by the engine.</summary>
    private static double? Fraction(string text) => Numbers.Finite(text);

    private static double? Number(ITaskItem item, string name) => Numbers.Finite(item.GetMetadata(name));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
