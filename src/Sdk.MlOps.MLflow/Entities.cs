namespace Sdk.MlOps.MLflow;

/// <summary>An MLflow experiment. Times are Unix milliseconds, as MLflow keeps them.</summary>
/// <param name="ExperimentId">MLflow's id of the experiment.</param>
/// <param name="Name">The experiment's unique name.</param>
/// <param name="ArtifactLocation">The root URI under which its runs keep their artifacts.</param>
/// <param name="LifecycleStage"><c>active</c> or <c>deleted</c>.</param>
/// <param name="CreationTime">When it was created.</param>
/// <param name="LastUpdateTime">When it last changed.</param>
/// <param name="Tags">Its tags, by key.</param>
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
    /// <summary>Started and not ended.</summary>
    Running = 1,
    /// <summary>Created to run later.</summary>
    Scheduled = 2,
    /// <summary>Ended successfully.</summary>
    Finished = 3,
    /// <summary>Ended with a failure.</summary>
    Failed = 4,
    /// <summary>Stopped before it ended.</summary>
    Killed = 5,
}

/// <summary>What identifies a run and its state. Times are Unix milliseconds.</summary>
/// <param name="RunId">MLflow's id of the run.</param>
/// <param name="ExperimentId">The experiment holding it.</param>
/// <param name="RunName">Its display name (the <c>mlflow.runName</c> tag).</param>
/// <param name="UserId">Who created it.</param>
/// <param name="Status">Its status.</param>
/// <param name="StartTime">When it started.</param>
/// <param name="EndTime">When it ended; null while it runs.</param>
/// <param name="ArtifactUri">The root URI of its artifacts.</param>
/// <param name="LifecycleStage"><c>active</c> or <c>deleted</c>.</param>
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
/// <param name="Key">The metric's name.</param>
/// <param name="Value">Its value.</param>
/// <param name="Timestamp">When it was logged, in Unix milliseconds.</param>
/// <param name="Step">The step it belongs to; 0 when steps are not used.</param>
public sealed record Metric(string Key, double Value, long Timestamp, long Step = 0);

/// <summary>What a run logged.</summary>
/// <param name="Metrics">The latest value of each metric.</param>
/// <param name="Params">Its parameters, by key.</param>
/// <param name="Tags">Its tags, by key.</param>
public sealed record RunData(
    IReadOnlyList<Metric> Metrics,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>A run: its identity and state, what it logged, and what it consumed.</summary>
/// <param name="Info">Its identity and state.</param>
/// <param name="Data">Its metrics, parameters and tags.</param>
public sealed record Run(RunInfo Info, RunData Data)
{
    /// <summary>Its inputs (MLflow's <c>run.inputs</c>); empty when none were logged.</summary>
    public RunInputs Inputs { get; init; } = RunInputs.Empty;
}

/// <summary>What a run consumed, in MLflow's shape (<c>run.inputs</c>).</summary>
/// <param name="DatasetInputs">The datasets logged with <see cref="ITrackingStore.LogInputsAsync"/>, each once.</param>
public sealed record RunInputs(IReadOnlyList<DatasetInput> DatasetInputs)
{
    /// <summary>No inputs.</summary>
    public static RunInputs Empty { get; } = new([]);
}

/// <summary>
/// A reference to data a run used, as MLflow keeps it: <see cref="Name"/> and <see cref="Digest"/> identify it (a
/// second dataset with both equal is the same one, and MLflow keeps the first it was given), the rest describes it.
/// </summary>
/// <param name="Name">Its name, e.g. <c>corefx-issues</c>.</param>
/// <param name="Digest">A short hash of its content that tells versions of the same name apart.</param>
/// <param name="SourceType">The kind of place it came from, e.g. <c>local</c>, <c>http</c>, <c>s3</c>.</param>
/// <param name="Source">Where it came from, as MLflow's source JSON for <paramref name="SourceType"/>, e.g. <c>{"uri": "data/train.tsv"}</c>.</param>
/// <param name="Schema">Its schema, e.g. MLflow's <c>{"mlflow_colspec": [...]}</c> JSON; null when none.</param>
/// <param name="Profile">Summary statistics, e.g. <c>{"num_rows": 1000}</c>; null when none.</param>
public sealed record MlflowDataset(string Name, string Digest, string SourceType, string Source, string? Schema = null, string? Profile = null);

/// <summary>A dataset as an input of a run, with the input's tags (e.g. <see cref="ContextTag"/>).</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="Tags">The input's tags, by key.</param>
public sealed record DatasetInput(MlflowDataset Dataset, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>The tag MLflow's UI shows as the dataset's role in the run: <c>training</c>, <c>validation</c>, <c>evaluation</c>...</summary>
    public const string ContextTag = "mlflow.data.context";

    /// <summary>An input whose only tag is <see cref="ContextTag"/> = <paramref name="context"/>, as <c>mlflow.log_input(dataset, context=...)</c> logs it.</summary>
    public static DatasetInput WithContext(MlflowDataset dataset, string context) =>
        new(dataset, new Dictionary<string, string>(StringComparer.Ordinal) { [ContextTag] = context });
}

/// <summary>One page of a search; <see cref="NextPageToken"/> is null on the last page.</summary>
/// <typeparam name="T">What was searched for.</typeparam>
/// <param name="Items">The results on this page.</param>
/// <param name="NextPageToken">Pass it to the same search for the next page; null on the last.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken);

/// <summary>An entry of an artifact listing; <see cref="Path"/> is relative to the run's artifact root.</summary>
/// <param name="Path">The entry's path, with '/' separators.</param>
/// <param name="IsDirectory">Whether it is a folder.</param>
/// <param name="FileSize">Its size in bytes; null for a folder.</param>
public sealed record ArtifactFile(string Path, bool IsDirectory, long? FileSize);

/// <summary>A model in the registry. Times are Unix milliseconds.</summary>
/// <param name="Name">Its unique name.</param>
/// <param name="Description">Its description; empty when none.</param>
/// <param name="CreationTimestamp">When it was registered.</param>
/// <param name="LastUpdatedTimestamp">When it last changed.</param>
/// <param name="Tags">Its tags, by key.</param>
/// <param name="Aliases">Its aliases, each with the version it points to.</param>
/// <param name="LatestVersions">The newest version per stage, as MLflow reports them.</param>
public sealed record RegisteredModel(
    string Name,
    string Description,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, string> Aliases,
    IReadOnlyList<ModelVersion> LatestVersions);

/// <summary>A version of a registered model. Times are Unix milliseconds.</summary>
/// <param name="Name">The registered model's name.</param>
/// <param name="Version">Its number, as text: "1", "2", ...</param>
/// <param name="Source">Where its files are, e.g. <c>runs:/&lt;run_id&gt;/model</c>.</param>
/// <param name="RunId">The run that produced it.</param>
/// <param name="Status">Its registration status, e.g. <c>READY</c>.</param>
/// <param name="CurrentStage">Its (legacy) stage, e.g. <c>None</c>.</param>
/// <param name="Description">Its description; empty when none.</param>
/// <param name="CreationTimestamp">When it was created.</param>
/// <param name="LastUpdatedTimestamp">When it last changed.</param>
/// <param name="Tags">Its tags, by key.</param>
/// <param name="Aliases">The aliases pointing to it.</param>
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
