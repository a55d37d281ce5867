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
    /// <summary>MlOpsSplit: Stratified (the SDK's held-out split) or MLNet (ML.NET's TrainTestSplit).</summary>
    public string Split { get; set; } = "";
    public bool Verbose { get; set; }
    public bool AllowUngated { get; set; }
    public bool Report { get; set; } = true;
    public bool Serve { get; set; }
    public string ServeImage { get; set; } = "";

    public ITaskItem[] TrainingData { get; set; } = [];
    public ITaskItem[] TestData { get; set; } = [];
    public ITaskItem[] Parameters { get; set; } = [];
    public ITaskItem[] Gates { get; set; } = [];
    public ITaskItem[] DriftGates { get; set; } = [];
    public ITaskItem[] DataContracts { get; set; } = [];
    /// <summary>MlOpsIdColumn: the input column that names a row.</summary>
    public string IdColumn { get; set; } = "";

    /// <summary>MlOpsMonitor only: the bundle compared with, and what it reads and writes (Sdk.MlOps.Monitor.targets).</summary>
    public string MonitorBundle { get; set; } = "";
    public ITaskItem[] MonitorData { get; set; } = [];
    public string MonitorPredictionLog { get; set; } = "";
    public ITaskItem[] MonitorLabels { get; set; } = [];
    public string MonitorReportDirectory { get; set; } = "";
    public string MonitorPredictionMethod { get; set; } = "";
    public string MonitorPredictionThreshold { get; set; } = "";

    /// <summary>@(MlPerformanceGate): bounds on what serving the model costs (latency, throughput, size, memory, load time).</summary>
    public ITaskItem[] PerformanceGates { get; set; } = [];

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
    /// <summary>MlOpsPromote: true, false or WhenBetter (checked by ValidateSettings).</summary>
    public string Promote { get; set; } = "false";
    public bool RemoteCache { get; set; } = true;
    /// <summary>MlOpsTrackingBudget: seconds a command may lose to a tracking server that is down; empty: the engine's default.</summary>
    public string TrackingBudget { get; set; } = "";

    private static GateItem Gate(ItemLocator locator, ITaskItem g, string itemType)
    {
        var (file, line) = locator.Locate(itemType, g.ItemSpec);
        bool performance = itemType == "MlPerformanceGate";
        return new GateItem
        {
            Metric = g.ItemSpec,
            Minimum = Number(g, "Minimum"),
            Maximum = Number(g, "Maximum"),
            // A serving cost has absolute bounds only (ValidateMetricGates says why).
            MaxRegression = performance ? null : Number(g, "MaxRegression"),
            MaxRelativeRegression = performance ? null : Number(g, "MaxRelativeRegression"),
            Confidence = performance ? null : Number(g, "Confidence"),
            Slice = performance ? null : NullIfEmpty(g.GetMetadata("Slice").Trim()),
            MaxSliceGap = performance ? null : Number(g, "MaxSliceGap"),
            MinimumSliceRows = performance ? null : (int?)Number(g, "MinimumSliceRows"),
            Performance = performance,
            DefinedIn = file,
            Line = line,
        };
    }

    /// <summary>The MlOpsPromote value that promotes only a significantly better model.</summary>
    public const string WhenBetter = "WhenBetter";

    public override bool Execute()
    {
        bool Refuse(string property, string message)
        {
            var (file, line) = ItemLocator.For(BuildEngine, ProjectFile).LocateProperty(property);
            Log.Error(ErrorCodes.DataOptionInvalid, message, file, line);
            return false;
        }

        if (Fraction(TestFraction) is not { } fraction)
            return Refuse("MlOpsTestFraction", $"MlOpsTestFraction is '{TestFraction}', which is not a number. Set it to a fraction between 0 and 1, e.g. 0.2.");
        if (fraction is <= 0 or >= 1)
            return Refuse("MlOpsTestFraction", $"MlOpsTestFraction is {TestFraction}; it must lie between 0 and 1 (both excluded), e.g. 0.2.");
        if (Split.Length > 0 && !SplitMethod.IsKnown(Split))
            return Refuse("MlOpsSplit", SplitMethod.Unknown(Split));

        if (UriCredentials.Carries(TrackingUri))
        {
            // Refused here, before the URI reaches the request file; the message never repeats it.
            Log.Error(ErrorCodes.TrackingUriHasCredentials, "MlOpsTrackingUri carries credentials. Remove them and set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, in the environment instead.", ProjectFile);
            return false;
        }

        var json = RequestWriter.Write(BuildRequest(fraction));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(RequestFile))!);
        // Rewritten only when it changes, so an unchanged build leaves obj/ untouched.
        if (!File.Exists(RequestFile) || File.ReadAllText(RequestFile) != json)
            File.WriteAllText(RequestFile, json, new UTF8Encoding(false));
        return !Log.HasLoggedErrors;
    }

    private Request BuildRequest(double testFraction)
    {
        var locator = ItemLocator.For(BuildEngine, ProjectFile);
        return new Request
        {
            ProtocolVersion = ProtocolVersion.Current,
            ModelName = ModelName,
            ModelClass = NullIfEmpty(ModelClass),
            ProjectFile = ProjectFile,
            ModelPath = ModelPath,
            TrainingReportPath = TrainingReportPath,
            EvaluationReportPath = EvaluationReportPath,
            InputHash = InputHash,
            Seed = Seed,
            TestFraction = testFraction,
            Split = Split.Length == 0 ? SplitMethod.Stratified : Split,
            Verbose = Verbose,
            AllowUngated = AllowUngated,
            Report = Report,
            Serve = Serve,
            ServeImage = ServeImage.Length == 0 ? null : ServeImage,
            TrainingData = TrainingData.Select(Data).ToList(),
            TestData = TestData.Select(Data).ToList(),
            Parameters = Parameters.Select(p =>
            {
                var (file, line) = locator.Locate("MlParameter", p.ItemSpec);
                return new ParameterItem { Name = p.ItemSpec, Value = p.GetMetadata("Value"), DefinedIn = file, Line = line };
            }).ToList(),
            Gates = Gates.Select(g => Gate(locator, g, "MlMetricGate")).Concat(PerformanceGates.Select(g => Gate(locator, g, "MlPerformanceGate"))).ToList(),
            DriftGates = DriftGates.Select(g =>
            {
                var (file, line) = locator.Locate("MlDriftGate", g.ItemSpec);
                return new DriftGateItem
                {
                    Column = g.ItemSpec, Method = NullIfEmpty(g.GetMetadata("Method").Trim()), Threshold = Number(g, "Threshold"),
                    Except = NullIfEmpty(g.GetMetadata("Except").Trim()), MaxDriftedShare = Number(g, "MaxDriftedShare"), DefinedIn = file, Line = line,
                };
            }).ToList(),
            DataContracts = DataContracts.Select(c =>
            {
                var (file, line) = locator.Locate("MlDataContract", c.ItemSpec);
                return new DataContractItem
                {
                    Column = c.ItemSpec, Minimum = Number(c, "Minimum"), Maximum = Number(c, "Maximum"), Values = NullIfEmpty(c.GetMetadata("Values").Trim()),
                    MaxMissingShare = Number(c, "MaxMissingShare"), MaxOutsideShare = Number(c, "MaxOutsideShare"),
                    Except = NullIfEmpty(c.GetMetadata("Except").Trim()), DefinedIn = file, Line = line,
                };
            }).ToList(),
            IdColumn = NullIfEmpty(IdColumn.Trim()),
            Monitor = MonitorBundle.Length == 0 ? null : new MonitorSettings
            {
                Bundle = MonitorBundle,
                Data = MonitorData.Select(Data).ToList(),
                PredictionLog = NullIfEmpty(MonitorPredictionLog),
                Labels = MonitorLabels.Select(Data).FirstOrDefault(),
                ReportDirectory = MonitorReportDirectory,
                PredictionMethod = NullIfEmpty(MonitorPredictionMethod.Trim()),
                PredictionThreshold = Numbers.Finite(MonitorPredictionThreshold),
            },
            Lineage = new Lineage
            {
                Version = NullIfEmpty(Version),
                Commit = NullIfEmpty(Commit),
                Branch = NullIfEmpty(Branch),
                Repository = NullIfEmpty(RepositoryUrl),
                SdkVersion = NullIfEmpty(SdkVersion),
                Description = NullIfEmpty(Description),
                IntendedUse = NullIfEmpty(IntendedUse),
                Limitations = NullIfEmpty(Limitations),
            },
            Tracking = new TrackingSettings
            {
                Enabled = TrackingEnabled,
                Uri = NullIfEmpty(TrackingUri),
                LocalStore = NullIfEmpty(TrackingStore),
                ExperimentName = NullIfEmpty(ExperimentName),
                RegisteredModelName = NullIfEmpty(RegisteredModelName),
                Required = TrackingRequired,
                Promote = !Promote.Trim().Equals("false", StringComparison.OrdinalIgnoreCase),
                PromoteWhenBetter = Promote.Trim().Equals(WhenBetter, StringComparison.OrdinalIgnoreCase),
                RemoteCache = RemoteCache,
                BudgetSeconds = Numbers.Finite(TrackingBudget) is > 0 and var budget ? budget : null,
            },
        };
    }

    private static DataFile Data(ITaskItem d) => new()
    {
        Path = d.GetMetadata("DataPath"),
        Name = d.ItemSpec.Replace('\\', '/'),
        Separator = d.GetMetadata("Separator"),
        HasHeader = !string.Equals(d.GetMetadata("HasHeader"), "false", StringComparison.OrdinalIgnoreCase),
        AllowQuoting = !string.Equals(d.GetMetadata("AllowQuoting"), "false", StringComparison.OrdinalIgnoreCase),
        SkipRows = int.TryParse(d.GetMetadata("SkipRows"), out var skip) ? skip : 0,
        TrimWhitespace = IsTrue(d, "TrimWhitespace"),
        ReadMultilines = d.GetMetadata("ReadMultilines").Length == 0 ? null : IsTrue(d, "ReadMultilines"),
        MissingRealsAsNaNs = IsTrue(d, "MissingRealsAsNaNs"),
        AllowNonFinite = IsTrue(d, "AllowNonFinite"),
        Hash = d.GetMetadata("Hash"),
        Length = long.TryParse(d.GetMetadata("Length"), out var length) ? length : 0,
        DefinedIn = d.GetMetadata("DefinedIn"),
        Line = int.TryParse(d.GetMetadata("Line"), out var line) ? line : 0,
    };

    /// <summary>The fraction as the user wrote it, or null when it is no number; the range is checked by the engine.</summary>
    private static double? Fraction(string text) => Numbers.Finite(text);

    private static double? Number(ITaskItem item, string name) => Numbers.Finite(item.GetMetadata(name));

    private static bool IsTrue(ITaskItem item, string name) => string.Equals(item.GetMetadata(name), "true", StringComparison.OrdinalIgnoreCase);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
