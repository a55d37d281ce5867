namespace Sdk.MlOps.Protocol;

// The request file: written by the WriteModelRequest task under obj/, read by the engine for every command.
// These classes are the one definition of its fields: the task writes each property under its camelCase name
// (RequestWriter, by nameof) and the engine reads the same classes with System.Text.Json's web defaults
// (camelCase too). Adding a field is compatible; renaming, removing or changing the meaning of one needs a new
// ProtocolVersion. Nothing here is a secret: credentials stay in the environment.

/// <summary>What the tasks ask of the model program.</summary>
internal sealed partial class Request
{
    /// <summary>The <see cref="Protocol.ProtocolVersion"/> of the tasks that wrote the request; 0 if absent.</summary>
    public int ProtocolVersion { get; set; }
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
    public string Split { get; set; } = SplitMethod.Stratified;
    public bool Verbose { get; set; }
    public bool AllowUngated { get; set; }
    /// <summary>MlOpsReport: write the model report (HTML and Markdown) at each evaluation.</summary>
    public bool Report { get; set; } = true;
    /// <summary>MlOpsServe: the project serves the model, so publish also writes the container image's Dockerfile and the Kubernetes manifests.</summary>
    public bool Serve { get; set; }
    /// <summary>MlOpsServeImage: the image the manifests name; null: the model's name and version.</summary>
    public string? ServeImage { get; set; }
    public List<DataFile> TrainingData { get; set; } = [];
    public List<DataFile> TestData { get; set; } = [];
    public List<ParameterItem> Parameters { get; set; } = [];
    public List<GateItem> Gates { get; set; } = [];
    /// <summary>@(MlDriftGate): columns whose test data must not drift from the training data's profile.</summary>
    public List<DriftGateItem> DriftGates { get; set; } = [];
    /// <summary>@(MlDataContract): what the test data (and production data) must hold, by column.</summary>
    public List<DataContractItem> DataContracts { get; set; } = [];
    /// <summary>MlOpsIdColumn: the input column that names a row; never compared, and joins late labels in the monitor.</summary>
    public string? IdColumn { get; set; }
    /// <summary>What MlOpsMonitor reads and writes; null for the other commands.</summary>
    public MonitorSettings? Monitor { get; set; }
    public Lineage Lineage { get; set; } = new();
    public TrackingSettings Tracking { get; set; } = new();
}

internal sealed partial class DataFile
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
}

internal sealed class ParameterItem
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
    public string? DefinedIn { get; set; }
    public int Line { get; set; }
}

internal sealed partial class GateItem
{
    public string Metric { get; set; } = "";
    public double? Minimum { get; set; }
    public double? Maximum { get; set; }
    /// <summary>How much worse than the champion's value the metric may be, in the metric's own unit.</summary>
    public double? MaxRegression { get; set; }
    /// <summary>How much worse than the champion's value the metric may be, as a fraction of it.</summary>
    public double? MaxRelativeRegression { get; set; }
    /// <summary>An input column: the bounds then hold in every slice of the test rows with one value of it.</summary>
    public string? Slice { get; set; }
    /// <summary>How far the best slice's value may be from the worst one's.</summary>
    public double? MaxSliceGap { get; set; }
    /// <summary>Slices with fewer test rows are reported, not gated (30 when not given).</summary>
    public int? MinimumSliceRows { get; set; }
    /// <summary>An <c>MlPerformanceGate</c>: <see cref="Metric"/> names a measured serving cost, not an ML.NET metric.</summary>
    public bool Performance { get; set; }
    /// <summary>How sure a regression must be to fail the gate (0.95 when not given): see docs/gates.md.</summary>
    public double? Confidence { get; set; }
    public string? DefinedIn { get; set; }
    public int Line { get; set; }
}

/// <summary>
/// An <c>MlDriftGate</c>: <see cref="Column"/> is an input column, or <c>AllColumns</c> for every feature column
/// but <see cref="Except"/>. Method and threshold override the defaults chosen by the column's kind and size.
/// </summary>
internal sealed partial class DriftGateItem
{
    public const string AllColumns = "AllColumns";
    public string Column { get; set; } = "";
    public string? Method { get; set; }
    public double? Threshold { get; set; }
    /// <summary>Columns AllColumns leaves out, ';'-separated.</summary>
    public string? Except { get; set; }
    /// <summary>On AllColumns: the columns are reported, and the gate fails only when more than this share of them drift.</summary>
    public double? MaxDriftedShare { get; set; }
    public string? DefinedIn { get; set; }
    public int Line { get; set; }
}

/// <summary>
/// An <c>MlDataContract</c>: bounds on a column (or on <c>AllColumns</c>, from the training profile). Whatever is not
/// declared comes from the training profile.
/// </summary>
internal sealed partial class DataContractItem
{
    public string Column { get; set; } = "";
    public double? Minimum { get; set; }
    public double? Maximum { get; set; }
    /// <summary>The allowed categories, ';'-separated.</summary>
    public string? Values { get; set; }
    public double? MaxMissingShare { get; set; }
    /// <summary>The share of values allowed outside the range or the categories.</summary>
    public double? MaxOutsideShare { get; set; }
    public string? Except { get; set; }
    public string? DefinedIn { get; set; }
    public int Line { get; set; }
}

/// <summary>What <c>MlOpsMonitor</c> compares with the published model, and where it writes.</summary>
internal sealed class MonitorSettings
{
    /// <summary>The published bundle (model, manifest, data-profile.json).</summary>
    public string Bundle { get; set; } = "";
    /// <summary>Production rows in the input schema (MlMonitorData items; the label may be absent).</summary>
    public List<DataFile> Data { get; set; } = [];
    /// <summary>A folder (or file) of the serving host's prediction log, JSON lines.</summary>
    public string? PredictionLog { get; set; }
    /// <summary>True labels that arrived later: the id column and the label column, joined to the rows by id.</summary>
    public DataFile? Labels { get; set; }
    /// <summary>Where the drift report goes.</summary>
    public string ReportDirectory { get; set; } = "";
    /// <summary>The method and bound of the prediction drift gate (MlOpsMonitorPredictionMethod and ...Threshold); null: the defaults.</summary>
    public string? PredictionMethod { get; set; }
    public double? PredictionThreshold { get; set; }
}

/// <summary>Where the model came from: the facts the task knows and the manifest records.</summary>
internal sealed class Lineage
{
    public string? Version { get; set; }
    public string? Commit { get; set; }
    public string? Branch { get; set; }
    /// <summary>The origin URL, without credentials (<see cref="UriCredentials"/>).</summary>
    public string? Repository { get; set; }
    /// <summary>The SDK package's version, for the record; the manifest's versions are the engine's own.</summary>
    public string? SdkVersion { get; set; }
    public string? Description { get; set; }
    public string? IntendedUse { get; set; }
    public string? Limitations { get; set; }
}

/// <summary>Where runs and model versions go. Credentials are never here: the engine reads them from the environment.</summary>
internal sealed class TrackingSettings
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
    /// <summary>MlOpsPromote=WhenBetter: only when the new version is significantly better than the champion.</summary>
    public bool PromoteWhenBetter { get; set; }
    /// <summary>Before training, look for a finished run with the same inputs on the server and use its model.</summary>
    public bool RemoteCache { get; set; } = true;
    /// <summary>Seconds a command may wait on a server that is down; null: MLOPS_TRACKING_BUDGET, else 5 (see TrackingBudget).</summary>
    public double? BudgetSeconds { get; set; }
}

/// <summary>How a property of the request classes is named in the file.</summary>
internal static class RequestJson
{
    /// <summary>
    /// The camelCase name of <paramref name="propertyName"/>, as System.Text.Json's web defaults spell it for the
    /// single-capital names used here (ModelName: modelName, Uri: uri).
    /// </summary>
    public static string Name(string propertyName) =>
        propertyName.Length == 0 ? propertyName : char.ToLowerInvariant(propertyName[0]) + propertyName.Substring(1);
}
