namespace Sdk.MlOps.MLflow;

/// <summary>An MLflow experiment. Times are Unix milliseconds, as MLflow keeps them.</summary>
public sealed record Experiment(
    string ExperimentId,
    string Name,
    string ArtifactLocation,
    string LifecycleStage,
    long CreationTime,
    long LastUpdateTime,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>The status of a run, with MLflow's own numbering (the file store writes these ints).</summary>
public enum RunStatus
{
    Running = 1,
    Scheduled = 2,
    Finished = 3,
    Failed = 4,
    Killed = 5,
}

public sealed record RunInfo(
    string RunId,
    string ExperimentId,
    string RunName,
    string UserId,
    RunStatus Status,
    long StartTime,
    long? EndTime,
    string ArtifactUri,
    string LifecycleStage);

/// <summary>A metric value: the latest per key in <see cref="RunData"/>, every value in a metric history.</summary>
public sealed record Metric(string Key, double Value, long Timestamp, long Step = 0);

public sealed record RunData(
    IReadOnlyList<Metric> Metrics,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags);

public sealed record Run(RunInfo Info, RunData Data);

/// <summary>One page of a search; <see cref="NextPageToken"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken);

/// <summary>An entry of an artifact listing; <see cref="Path"/> is relative to the run's artifact root.</summary>
public sealed record ArtifactFile(string Path, bool IsDirectory, long? FileSize);

public sealed record RegisteredModel(
    string Name,
    string Description,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, string> Aliases,
    IReadOnlyList<ModelVersion> LatestVersions);

public sealed record ModelVersion(
    string Name,
    string Version,
    string Source,
    string RunId,
    string Status,
    string CurrentStage,
    string Description,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string> Aliases);
