namespace Sdk.MlOps.Reports;

/// <summary>
/// <c>mlops-manifest.json</c>: everything needed to trace a published model to the code, data and settings it
/// came from, and to judge it. The model card is rendered from the same object.
/// </summary>
internal sealed record Manifest
{
    public int SchemaVersion { get; init; } = 1;
    public required ModelInfo Model { get; init; }
    public required SourceInfo Source { get; init; }
    public required DateTime CreatedUtc { get; init; }
    public required string InputHash { get; init; }
    public required int Seed { get; init; }
    public required DataReport Data { get; init; }
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }
    public required MetricsInfo Metrics { get; init; }
    public required IReadOnlyList<GateResult> Gates { get; init; }
    /// <summary>What serving the model cost when it was tested, when the project measures it (MlPerformanceGate).</summary>
    public PerformanceReport? Performance { get; init; }
    public required VersionsReport Versions { get; init; }
    public required SchemaReport Schema { get; init; }
    public DescriptionInfo? Description { get; init; }
    /// <summary>
    /// The tracking run of this model version (its store: a server's URL without credentials, or the local store's
    /// name), where the monitor logs what it finds.
    /// </summary>
    public TrackedRun? Run { get; init; }
}

internal sealed record ModelInfo(string Name, string? Version, string Task, string Class, string Trainer, string File, string Sha256, long Bytes);

internal sealed record SourceInfo(string? Commit, string? Branch, string? Repository);

internal sealed record MetricsInfo(IReadOnlyDictionary<string, double> Training, IReadOnlyDictionary<string, double> Test, int TestRows);

internal sealed record DescriptionInfo(string? Summary, string? IntendedUse, string? Limitations);
