using System.Text.Json;
using System.Text.Json.Serialization;
using Sdk.MlOps.Diagnostics;

namespace Sdk.MlOps.Hosting;

/// <summary>
/// What the MSBuild task asks of this process, written by the task as JSON into obj/. It never holds secrets:
/// those are read from the environment by whoever needs them.
/// </summary>
public sealed class Request
{
    public string Command { get; set; } = "";
    public string ModelName { get; set; } = "";
    public string? ModelClass { get; set; }
    public string ProjectFile { get; set; } = "";
    public string ModelPath { get; set; } = "";
    public string TrainingReportPath { get; set; } = "";
    public string EvaluationReportPath { get; set; } = "";
    public string InputHash { get; set; } = "";
    public int Seed { get; set; } = 42;
    public double TestFraction { get; set; } = 0.2;
    /// <summary>How test rows are held out without test files: "Stratified" (the SDK's) or "MLNet" (<c>TrainTestSplit</c>'s).</summary>
    public string Split { get; set; } = "Stratified";
    public bool Verbose { get; set; }
    public List<DataFile> TrainingData { get; set; } = [];
    public List<DataFile> TestData { get; set; } = [];
    public List<ParameterItem> Parameters { get; set; } = [];
    public List<GateItem> Gates { get; set; } = [];
    public bool AllowUngated { get; set; }
    public string? ResultsDirectory { get; set; }
    public string? PublishDirectory { get; set; }
    public Lineage Lineage { get; set; } = new();
    public TrackingSettings Tracking { get; set; } = new();

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Request Load(string path) =>
        JsonSerializer.Deserialize<Request>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"Empty request file {path}.");
}

public sealed class DataFile
{
    public string Path { get; set; } = "";
    /// <summary>The path as the project names it, for messages and the manifest.</summary>
    public string Name { get; set; } = "";
    public string Separator { get; set; } = ",";
    public bool HasHeader { get; set; } = true;
    public bool AllowQuoting { get; set; } = true;
    /// <summary>Physical lines dropped at the top of the file, before the header if there is one.</summary>
    public int SkipRows { get; set; }
    /// <summary>TextLoader's TrimWhitespace: trailing white space of each line is dropped.</summary>
    public bool TrimWhitespace { get; set; }
    /// <summary>TextLoader's ReadMultilines: a quoted field may hold line breaks; null follows AllowQuoting.</summary>
    public bool? ReadMultilines { get; set; }
    /// <summary>TextLoader's MissingRealsAsNaNs: an empty float/double field is NaN instead of 0.</summary>
    public bool MissingRealsAsNaNs { get; set; }
    /// <summary>NaN and infinities are accepted in float/double columns (refused otherwise).</summary>
    public bool AllowNonFinite { get; set; }
    /// <summary>The content fingerprint, "xxh128:" and 32 hex digits.</summary>
    public string Hash { get; set; } = "";
    public long Length { get; set; }
    public string? DefinedIn { get; set; }
    public int Line { get; set; }

    [JsonIgnore]
    public SourceLocation Definition => new(DefinedIn, Line);
}

public sealed class ParameterItem
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
    public string? DefinedIn { get; set; }
    public int Line { get; set; }
}

public sealed class GateItem
{
    public string Metric { get; set; } = "";
    public double? Minimum { get; set; }
    public double? Maximum { get; set; }
    /// <summary>How much worse than the champion's value the metric may be, in the metric's own unit.</summary>
    public double? MaxRegression { get; set; }
    /// <summary>How much worse than the champion's value the metric may be, as a fraction of it.</summary>
    public double? MaxRelativeRegression { get; set; }
    public string? DefinedIn { get; set; }
    public int Line { get; set; }

    [JsonIgnore]
    public SourceLocation Definition => new(DefinedIn, Line);
}

/// <summary>Where the model came from: the facts the task knows and the manifest records.</summary>
public sealed class Lineage
{
    public string? Version { get; set; }
    public string? Commit { get; set; }
    public string? Branch { get; set; }
    public string? Repository { get; set; }
    public string? SdkVersion { get; set; }
    public string? Description { get; set; }
    public string? IntendedUse { get; set; }
    public string? Limitations { get; set; }
}

/// <summary>
/// Where runs and model versions go. Credentials are never here: the process reads them from the environment.
/// </summary>
public sealed class TrackingSettings
{
    public bool Enabled { get; set; } = true;
    /// <summary>An MLflow server (http/https); null: MLFLOW_TRACKING_URI, else the local store.</summary>
    public string? Uri { get; set; }
    /// <summary>The local store (MLflow's file layout), used when no server is set and as the fallback when it fails.</summary>
    public string? LocalStore { get; set; }
    /// <summary>null: MLFLOW_EXPERIMENT_NAME, else the model name.</summary>
    public string? ExperimentName { get; set; }
    public string? RegisteredModelName { get; set; }
    /// <summary>Fail instead of warn when the server cannot be reached.</summary>
    public bool Required { get; set; }
    /// <summary>Publish moves the champion alias to the new version too.</summary>
    public bool Promote { get; set; }
    /// <summary>Before training, look for a finished run with the same inputs on the server and use its model.</summary>
    public bool RemoteCache { get; set; } = true;
}
