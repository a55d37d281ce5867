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
    public bool Verbose { get; set; }
    public List<DataFile> TrainingData { get; set; } = [];
    public List<DataFile> TestData { get; set; } = [];
    public List<ParameterItem> Parameters { get; set; } = [];
    public List<GateItem> Gates { get; set; } = [];
    public bool AllowUngated { get; set; }
    public string? ResultsDirectory { get; set; }
    public string? PublishDirectory { get; set; }
    public Lineage Lineage { get; set; } = new();

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Request Load(string path) =>
        JsonSerializer.Deserialize<Request>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"Empty request file {path}.");

    public string ToJson() => JsonSerializer.Serialize(this, Options);
}

public sealed class DataFile
{
    public string Path { get; set; } = "";
    /// <summary>The path as the project names it, for messages and the manifest.</summary>
    public string Name { get; set; } = "";
    public string Separator { get; set; } = ",";
    public bool HasHeader { get; set; } = true;
    public bool AllowQuoting { get; set; } = true;
    public string Sha256 { get; set; } = "";
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
