using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sdk.MlOps.Reports;

/// <summary>What training produced, written next to the model as <c>&lt;Name&gt;.training.json</c>.</summary>
internal sealed record TrainingReport
{
    public required string ModelName { get; init; }
    public required string ModelClass { get; init; }
    public required string Task { get; init; }
    public required string Trainer { get; init; }
    public required string InputHash { get; init; }
    public required int Seed { get; init; }
    public required DateTime TrainedUtc { get; init; }
    public required double DurationSeconds { get; init; }
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }
    public required DataReport Data { get; init; }
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }
    public required VersionsReport Versions { get; init; }
    public required SchemaReport Schema { get; init; }
    /// <summary>SHA-256 of the model file, so a copy restored from a cache or a server can be verified.</summary>
    public string? ModelSha256 { get; init; }
    /// <summary>The tracking run that recorded this training, so test and publish log to the same run.</summary>
    public TrackedRun? Run { get; init; }
    /// <summary>Which rows it trained on, so a later model is compared with it only on rows it never saw.</summary>
    public Data.TrainedRows? TrainedRows { get; init; }
    /// <summary>The training rows' profile: what drift gates, data contracts and the monitor compare other data with.</summary>
    public Profiling.DataProfile? Profile { get; init; }
}

/// <summary>A run in a store: <see cref="Store"/> is the server URL (without credentials) or the local store's path.</summary>
internal sealed record TrackedRun(string Store, bool IsLocal, string ExperimentId, string RunId);

internal sealed record DataReport(
    IReadOnlyList<Data.DataFileStats> Training, IReadOnlyList<Data.DataFileStats> Test, int TrainRows, int TestRows, double? SplitFraction);

internal sealed record VersionsReport(string Sdk, string MlNet, string Dotnet);

internal sealed record SchemaReport(IReadOnlyList<ColumnReport> Input, IReadOnlyList<ColumnReport> Output);

/// <summary>A column; <paramref name="Role"/> is <c>label</c> for the input column the model learns to predict, which a
/// caller of the model does not supply.</summary>
internal sealed record ColumnReport(string Name, string Type, string? Role = null)
{
    public const string LabelRole = "label";
}

/// <summary>What evaluation on the test data found, gate by gate.</summary>
internal sealed record EvaluationReport(string InputHash, int TestRows, IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<GateResult> Gates)
{
    /// <summary>The rows the candidate and the champion were both scored on, when they were compared on the same rows.</summary>
    public Hosting.SharedRows? ComparedRows { get; init; }

    /// <summary>What serving the model costs, measured when the project has an <c>MlPerformanceGate</c>.</summary>
    public PerformanceReport? Performance { get; init; }

    /// <summary>What the model predicted on the test rows, the reference of the monitor's prediction drift; publish only.</summary>
    public Profiling.DataProfile? Predictions { get; init; }

    /// <summary>The test data against the training profile, when the project has drift gates or data contracts.</summary>
    public Profiling.DriftReport? Drift { get; init; }

    /// <summary>The champion's registered version this evaluation compared with; null when there was none.</summary>
    public string? ChampionVersion { get; init; }

    /// <summary>
    /// Significantly better than the champion (<c>MlOpsPromote=WhenBetter</c>): on the same rows, some compared
    /// metric's interval lies wholly on its better side and none wholly on its worse side. With no champion at all,
    /// the first version is the best there is.
    /// </summary>
    public bool SignificantlyBetter(out string why)
    {
        if (ChampionVersion is null) { why = "there is no champion yet"; return true; }
        var compared = Gates.Where(g => g.Paired is not null).ToArray();
        if (ComparedRows is null || compared.Length == 0) { why = $"it could not be compared with champion version {ChampionVersion} on the same rows"; return false; }
        var worse = compared.Where(g => g.Significance < 0).Select(g => g.Metric).Distinct().ToArray();
        var better = compared.Where(g => g.Significance > 0).Select(g => g.Metric).Distinct().ToArray();
        why = worse.Length > 0 ? $"it is significantly worse than champion version {ChampionVersion} on {string.Join(", ", worse)}"
            : better.Length > 0 ? $"it is significantly better than champion version {ChampionVersion} on {string.Join(", ", better)}"
            : $"it is not significantly better than champion version {ChampionVersion} on any compared metric";
        return worse.Length == 0 && better.Length > 0;
    }

    public bool Passed => Gates.All(g => g.Passed) && Drift?.Passed != false;
}

/// <summary>What serving the model costs, as <see cref="Hosting.PerformanceProbe"/> measured it on this machine.</summary>
internal sealed record PerformanceReport(double LatencyP50Ms, double LatencyP95Ms, double LatencyP99Ms, int LatencyPredictions,
    double ThroughputRowsPerSecond, long ThroughputRows, double ModelSizeMB, double PeakMemoryMB, double LoadTimeMs)
{
    /// <summary>
    /// A figure as people read it: three significant digits below 100 (a 0.0004 ms latency is not "0 ms"), whole
    /// numbers above.
    /// </summary>
    public static string Figure(double v) =>
        Math.Abs(v) >= 100 ? v.ToString("0", System.Globalization.CultureInfo.InvariantCulture) : v.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The figures in one line, as the evaluation prints them.</summary>
    public string Describe() =>
        $"latency p50 {Figure(LatencyP50Ms)} ms, p95 {Figure(LatencyP95Ms)} ms, p99 {Figure(LatencyP99Ms)} ms ({LatencyPredictions} single-row predictions); "
        + $"{Figure(ThroughputRowsPerSecond)} rows/s in batches; model {Figure(ModelSizeMB)} MB; peak working set {Figure(PeakMemoryMB)} MB; load {Figure(LoadTimeMs)} ms";

    /// <summary>The figures by the names <c>MlPerformanceGate</c> uses.</summary>
    public IReadOnlyDictionary<string, double> ByName() => new Dictionary<string, double>
    {
        [Hosting.PerformanceProbe.LatencyP50] = LatencyP50Ms,
        [Hosting.PerformanceProbe.LatencyP95] = LatencyP95Ms,
        [Hosting.PerformanceProbe.LatencyP99] = LatencyP99Ms,
        [Hosting.PerformanceProbe.Throughput] = ThroughputRowsPerSecond,
        [Hosting.PerformanceProbe.ModelSize] = ModelSizeMB,
        [Hosting.PerformanceProbe.PeakMemory] = PeakMemoryMB,
        [Hosting.PerformanceProbe.LoadTime] = LoadTimeMs,
    };
}

/// <summary>
/// One gate's verdict. Relative bounds (<see cref="MaxRegression"/>, <see cref="MaxRelativeRegression"/>) compare
/// with <see cref="Champion"/>, the champion's value of the metric, when there is a champion.
/// </summary>
internal sealed record GateResult(string Metric, double? Minimum, double? Maximum, double Value, bool Passed,
    double? MaxRegression = null, double? MaxRelativeRegression = null, double? Champion = null, Statistics.PairedDifference? Paired = null)
{
    /// <summary>A slice gate's verdict in each slice; the gate itself holds the worst gated slice's value.</summary>
    public IReadOnlyList<GateResult>? Slices { get; init; }

    /// <summary>Set on one slice of a slice gate: which rows it is.</summary>
    public Hosting.SliceInfo? Slice { get; init; }

    public string? SliceColumn { get; init; }

    /// <summary>Best gated slice's value minus the worst's.</summary>
    public double? SliceGap { get; init; }

    public double? MaxSliceGap { get; init; }

    public int? MinimumSliceRows { get; init; }

    public string Bound => string.Join(", ", new[] { Absolute, Relative(Baseline), Sliced(SliceGap) }.Where(s => s.Length > 0));

    /// <summary>
    /// What the relative bounds compare with. On shared rows both values are shown: the Value column is the candidate
    /// on all test rows, which the champion's value on fewer rows must not be read against.
    /// </summary>
    private string Baseline => Paired is { } p ? $"the champion on {p.Rows} shared rows ({Format(p.Candidate)} vs {Format(p.Champion)})"
        : Champion is { } c ? $"champion {Format(c)}" : "no champion yet";

    /// <summary>The bound as the project states it, without the champion's value of the day: the gate's stable test name.</summary>
    [JsonIgnore]
    public string Rule => string.Join(", ", new[] { Absolute, Relative("the champion"), Sliced(null) }.Where(s => s.Length > 0));

    /// <summary>A slice gate's rule: where the bounds hold, and the gap (with today's gap when known).</summary>
    private string Sliced(double? gap) => SliceColumn is null ? "" :
        $"in every {SliceColumn} slice of ≥ {MinimumSliceRows} rows"
        + (MaxSliceGap is { } max ? $", slice gap ≤ {Format(max)}{(gap is { } g ? $" (gap {Format(g)})" : "")}" : "");

    /// <summary>The comparison with the champion on the same rows, as the gate table prints it; empty when none was made.</summary>
    [JsonIgnore]
    public string Comparison => Paired is not { } p ? "" :
        $"vs champion on {p.Rows} shared rows: {Signed(p.Difference)} [{Signed(p.Lower)}, {Signed(p.Upper)}] at {p.Confidence.ToString("0.##%", System.Globalization.CultureInfo.InvariantCulture)} confidence"
        + (p.McNemarP is { } mcnemar ? $", McNemar p = {Format(mcnemar)}" : "")
        + (Significance switch { > 0 => ": significantly better", < 0 => ": significantly worse", _ => ": no significant difference" });

    /// <summary>
    /// +1 when the interval of the difference with the champion lies wholly on the metric's better side, -1 when
    /// wholly on its worse side, 0 when it holds no difference or there was no comparison.
    /// </summary>
    [JsonIgnore]
    public int Significance => Paired is not { } p ? 0
        : (p.Lower > 0 ? 1 : p.Upper < 0 ? -1 : 0) * (Hosting.Gates.HigherIsBetter(Metric) ? 1 : -1);

    private static string Signed(double v) => (v > 0 ? "+" : "") + Format(v);

    /// <summary>A gate before evaluation, for the names of its test.</summary>
    public static GateResult Unevaluated(GateItem g) =>
        new(g.Metric, g.Minimum, g.Maximum, double.NaN, false, g.MaxRegression, g.MaxRelativeRegression)
        {
            SliceColumn = g.Slice, MaxSliceGap = g.MaxSliceGap, MinimumSliceRows = g.Slice is null ? null : g.MinimumSliceRows ?? Hosting.SliceGates.DefaultMinimumRows,
        };

    private string Absolute => (Minimum, Maximum) switch
    {
        ({ } min, { } max) => $"{Format(min)} ≤ x ≤ {Format(max)}",
        ({ } min, null) => $"≥ {Format(min)}",
        (null, { } max) => $"≤ {Format(max)}",
        _ => "",
    };

    private string Relative(string baseline)
    {
        var limits = new List<string>();
        if (MaxRegression is { } abs) limits.Add(Format(abs));
        if (MaxRelativeRegression is { } rel) limits.Add(rel.ToString("0.##%", System.Globalization.CultureInfo.InvariantCulture));
        return limits.Count == 0 ? "" : $"at most {string.Join(" and ", limits)} worse than {baseline}";
    }

    public static string Format(double v) => v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One set of JSON options for every file the SDK writes, so they read alike.</summary>
internal static class Json
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static T Read<T>(string path) => JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options)!;

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);
}
