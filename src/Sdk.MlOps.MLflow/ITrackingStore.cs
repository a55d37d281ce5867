namespace Sdk.MlOps.MLflow;

/// <summary>
/// MLflow tracking: experiments, runs, their metrics, params and tags, and artifacts. Implemented over the REST
/// API (<see cref="MlflowClient"/>) and over MLflow's on-disk layout (<see cref="FileStore"/>).
/// </summary>
public interface ITrackingStore
{
    /// <summary>Creates an experiment and returns its id; fails with RESOURCE_ALREADY_EXISTS when the name is taken.</summary>
    Task<string> CreateExperimentAsync(string name, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>The experiment, or null when none has that name.</summary>
    Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>One page of the experiments matching an MLflow filter (all active ones without one).</summary>
    Task<Page<Experiment>> SearchExperimentsAsync(string? filter = null, int maxResults = 1000, string? pageToken = null, CancellationToken cancellationToken = default);

    /// <summary>Creates a RUNNING run. <c>mlflow.runName</c> is set from <paramref name="runName"/>.</summary>
    Task<Run> CreateRunAsync(string experimentId, string runName, long startTime, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>The run; fails with RESOURCE_DOES_NOT_EXIST when there is none with that id.</summary>
    Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Sets the run's status and, when given, its end time (Unix milliseconds).</summary>
    Task UpdateRunAsync(string runId, RunStatus status, long? endTime, CancellationToken cancellationToken = default);

    /// <summary>Runs of the experiments matching an MLflow filter, e.g. <c>tags.`mlops.input_hash` = 'abc'</c>.</summary>
    Task<Page<Run>> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filter = null, int maxResults = 1000, IReadOnlyList<string>? orderBy = null, string? pageToken = null, CancellationToken cancellationToken = default);

    /// <summary>Logs any number of values; split into batches within MLflow's limits, each value checked first.</summary>
    Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics = null, IReadOnlyDictionary<string, string>? parameters = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Logs datasets as inputs of the run (MLflow's <c>runs/log-inputs</c>), each checked first against
    /// <see cref="Limits.CheckDatasetInput"/>. Idempotent as in MLflow: a dataset is identified by name and digest,
    /// and one the run already has (or the list repeats) is left as first logged, tags included.
    /// </summary>
    Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> datasets, CancellationToken cancellationToken = default);

    /// <summary>Every value logged for the metric <paramref name="key"/>, in the order logged.</summary>
    Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default);

    /// <summary>Uploads a file to <paramref name="artifactPath"/> (a folder under the run's artifact root; empty for the root).</summary>
    Task LogArtifactAsync(string runId, string localFile, string artifactPath = "", CancellationToken cancellationToken = default);

    /// <summary>Uploads every file under <paramref name="localDirectory"/>, keeping relative paths.</summary>
    Task LogArtifactsAsync(string runId, string localDirectory, string artifactPath = "", CancellationToken cancellationToken = default);

    /// <summary>The files and folders directly under <paramref name="path"/> (the artifact root when empty).</summary>
    Task<IReadOnlyList<ArtifactFile>> ListArtifactsAsync(string runId, string path = "", CancellationToken cancellationToken = default);

    /// <summary>Downloads one artifact file to <paramref name="destinationFile"/>.</summary>
    Task DownloadArtifactAsync(string runId, string path, string destinationFile, CancellationToken cancellationToken = default);
}
