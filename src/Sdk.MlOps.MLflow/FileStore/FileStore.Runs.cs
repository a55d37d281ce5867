namespace Sdk.MlOps.MLflow;

public sealed partial class FileStore
{
    private const string RunNameTag = "mlflow.runName";
    private const string UserTag = "mlflow.user";
    /// <summary>MLflow's SourceType.LOCAL, what its own client writes for a script run on this machine.</summary>
    private const long LocalSourceType = 4;

    /// <inheritdoc/>
    public Task<Run> CreateRunAsync(string experimentId, string runName, long startTime, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default) =>
        Completed(() =>
        {
            var experimentDir = _layout.FindExperimentDir(experimentId) ?? throw NotFound($"Experiment '{experimentId}' does not exist.");
            var experiment = ReadExperiment(experimentDir) ?? throw NotFound($"Experiment '{experimentId}' is not readable.");
            if (experiment.LifecycleStage != ActiveStage)
                throw new MlflowException(InvalidState, $"Experiment '{experimentId}' is deleted; runs can only be created in an active experiment.");

            var runTags = new Dictionary<string, string>(tags ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            if (runTags.TryGetValue(RunNameTag, out var tagged) && !string.IsNullOrEmpty(runName) && tagged != runName)
                throw Invalid($"The run name '{runName}' and the {RunNameTag} tag '{tagged}' differ.");
            var runId = Guid.NewGuid().ToString("N");
            var name = !string.IsNullOrEmpty(runName) ? runName : tagged is { Length: > 0 } ? tagged : "run-" + runId[..8];
            var user = Environment.UserName;
            runTags[RunNameTag] = name;
            runTags.TryAdd(UserTag, user);
            foreach (var (key, value) in runTags) Limits.CheckTag(key, value);

            var runDir = Path.Combine(experimentDir, runId);
            var info = new RunInfo(runId, experiment.ExperimentId, name, user, RunStatus.Running, startTime, null,
                experiment.ArtifactLocation.TrimEnd('/') + "/" + runId + "/" + StoreLayout.ArtifactsFolder, ActiveStage);
            // Filled aside and renamed into place: a reader finds the run whole or not at all, and a failing disk leaves no half of one.
            StoreFiles.CreateFolder(runDir, scratch => WriteNewRun(scratch, info, runTags));
            return new Run(info, new RunData([], new Dictionary<string, string>(), runTags));
        }, cancellationToken);

    private static void WriteNewRun(string runDir, RunInfo info, Dictionary<string, string> runTags)
    {
        // All four folders, even empty: MLflow 3.8+ recognizes a run folder only if metrics/, params/ and artifacts/ exist.
        foreach (var folder in (string[])[StoreLayout.MetricsFolder, StoreLayout.ParamsFolder, StoreLayout.TagsFolder, StoreLayout.ArtifactsFolder])
            Directory.CreateDirectory(Path.Combine(runDir, folder));
        foreach (var (key, value) in runTags)
            ValueFiles.Write(Path.Combine(runDir, StoreLayout.TagsFolder), key, value);
        var runId = info.RunId;
        MetaYaml.WriteAtomic(Path.Combine(runDir, StoreLayout.MetaFile), new Dictionary<string, object?>
        {
            ["artifact_uri"] = info.ArtifactUri,
            ["deleted_time"] = null,
            ["end_time"] = null,
            ["entry_point_name"] = "",
            ["experiment_id"] = info.ExperimentId,
            ["lifecycle_stage"] = ActiveStage,
            // MLflow 3.x requires run_id, 2.x run_uuid: both, always.
            ["run_id"] = runId,
            ["run_name"] = info.RunName,
            ["run_uuid"] = runId,
            ["source_name"] = "",
            ["source_type"] = LocalSourceType,
            ["source_version"] = "",
            ["start_time"] = info.StartTime,
            ["status"] = (long)RunStatus.Running,
            ["tags"] = new YamlRaw("[]"),
            ["user_id"] = info.UserId,
        });
    }

    /// <summary>
    /// Removes the run's folder, not MLflow's soft delete (which writes to meta.yaml and keeps everything): for a
    /// writer whose run failed half-way, e.g. on a full disk, so that no partial run is left behind for a sync or a
    /// reader to take for a record. Its artifacts go with it when they live in the run's folder, as by default.
    /// </summary>
    public Task DiscardRunAsync(string runId, CancellationToken cancellationToken = default) =>
        Completed(() =>
        {
            var runDir = FindRun(runId);
            // Renamed to a scratch name first: readers stop seeing the run at once, even if the delete stops half-way.
            var scratch = Path.Combine(Path.GetDirectoryName(runDir)!, $".{runId}.{Guid.NewGuid():N}.discarded");
            Directory.Move(runDir, scratch);
            Directory.Delete(scratch, recursive: true);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        Completed(() => ReadRun(FindRun(runId)), cancellationToken);

    /// <inheritdoc/>
    public Task UpdateRunAsync(string runId, RunStatus status, long? endTime, CancellationToken cancellationToken = default) =>
        Completed(() =>
        {
            var runDir = FindRun(runId);
            CheckActive(runDir);
            UpdateRunMeta(runDir, meta =>
            {
                meta["status"] = (long)status;
                meta["end_time"] = endTime;
            });
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<Page<Run>> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filter = null, int maxResults = 1000, IReadOnlyList<string>? orderBy = null, string? pageToken = null, CancellationToken cancellationToken = default) =>
        Completed(() =>
        {
            var search = SearchFilter.Parse(filter, RunFieldKind);
            var order = SearchOrder.Parse(orderBy, RunFieldKind);
            var runs = new List<Run>();
            foreach (var experimentId in experimentIds)
            {
                if (_layout.FindExperimentDir(experimentId) is not { } experimentDir) continue;
                foreach (var runDir in StoreLayout.RunDirs(experimentDir))
                {
                    // Skipped like MLflow skips them: half-written (no meta.yaml yet), foreign or deleted runs.
                    if (TryReadRunInfo(runDir) is not { LifecycleStage: ActiveStage } info) continue;
                    var run = ReadRun(runDir, info);
                    if (search.Matches((entity, key) => RunField(run, entity, key))) runs.Add(run);
                }
            }
            var sorted = order.Sort(runs, RunField, Comparer<Run>.Create(NaturalRunOrder));
            return OffsetPaging.Take(sorted, maxResults, pageToken);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        Completed<IReadOnlyList<Metric>>(() =>
        {
            Limits.CheckKey("Metric", key);
            var path = ValueFiles.PathOf(Path.Combine(FindRun(runId), StoreLayout.MetricsFolder), key);
            return File.Exists(path) ? MetricLine.ReadAll(key, path) : [];
        }, cancellationToken);

    private string FindRun(string runId) => _layout.FindRunDir(runId) ?? throw NotFound($"Run '{runId}' does not exist.");

    private void UpdateRunMeta(string runDir, Action<Dictionary<string, object?>> change)
    {
        // Read-modify-write of the whole file keeps the fields this store does not know (newer MLflow adds some).
        var path = Path.Combine(runDir, StoreLayout.MetaFile);
        var meta = MetaYaml.Read(path);
        change(meta);
        MetaYaml.WriteAtomic(path, meta);
    }

    private static void CheckActive(string runDir)
    {
        var info = ReadRunInfo(runDir);
        if (info.LifecycleStage != ActiveStage)
            throw Invalid($"Run '{info.RunId}' is deleted; only an active run can be changed.");
    }

    private static Run ReadRun(string runDir) => ReadRun(runDir, ReadRunInfo(runDir));

    private static RunInfo ReadRunInfo(string runDir) =>
        TryReadRunInfo(runDir) ?? throw new MlflowException(InvalidState, $"Run '{Path.GetFileName(runDir)}' has an unreadable meta.yaml.");

    private static Run ReadRun(string runDir, RunInfo info)
    {
        var metrics = ValueFiles.Keys(Path.Combine(runDir, StoreLayout.MetricsFolder))
            .Select(entry => MetricLine.ReadAll(entry.Key, entry.Path))
            .Where(history => history.Count > 0)
            .Select(MetricLine.Latest)
            .ToList();
        var parameters = ValueFiles.ReadAll(Path.Combine(runDir, StoreLayout.ParamsFolder));
        var tags = ValueFiles.ReadAll(Path.Combine(runDir, StoreLayout.TagsFolder));
        // Runs written by old MLflow keep the name only in the tag.
        if (info.RunName.Length == 0 && tags.TryGetValue(RunNameTag, out var name)) info = info with { RunName = name };
        return new Run(info, new RunData(metrics, parameters, tags)) { Inputs = ReadInputs(runDir) };
    }

    /// <summary>
    /// Null for a folder without meta.yaml (half-made by an older writer). One that cannot be read, or whose IDs
    /// disagree with its folders, is damage, reported with its path rather than passed over.
    /// </summary>
    private static RunInfo? TryReadRunInfo(string runDir)
    {
        var path = Path.Combine(runDir, StoreLayout.MetaFile);
        var meta = MetaYaml.ReadIfPresent(path);
        if (meta is null) return null;
        var runId = Text(meta, "run_id") ?? Text(meta, "run_uuid");
        var experimentId = Text(meta, "experiment_id");
        if (runId != Path.GetFileName(runDir)) throw MetaYaml.Damaged(path, runId is null ? "it has no run_id" : $"its run_id '{runId}' is not its folder's name");
        if (experimentId != Path.GetFileName(Path.GetDirectoryName(runDir)))
            throw MetaYaml.Damaged(path, experimentId is null ? "it has no experiment_id" : $"its experiment_id '{experimentId}' is not its experiment folder's name");
        var status = Number(meta, "status") is { } code && Enum.IsDefined((RunStatus)code) ? (RunStatus)code : RunStatus.Running;
        return new RunInfo(runId!, experimentId!, Text(meta, "run_name") ?? "", Text(meta, "user_id") ?? "", status,
            Number(meta, "start_time") ?? 0, Number(meta, "end_time"), Text(meta, "artifact_uri") ?? "", Text(meta, "lifecycle_stage") ?? ActiveStage);
    }

    private static FieldKind? RunFieldKind(string entity, string key) => (entity, key) switch
    {
        ("attributes", "status" or "run_name" or "run_id" or "user_id" or "lifecycle_stage" or "artifact_uri") => FieldKind.Text,
        ("attributes", "start_time" or "end_time") => FieldKind.Number,
        ("metrics", _) => FieldKind.Number,
        ("params" or "tags", _) => FieldKind.Text,
        _ => null,
    };

    private static object? RunField(Run run, string entity, string key) => (entity, key) switch
    {
        ("attributes", "status") => run.Info.Status.ToString().ToUpperInvariant(),
        ("attributes", "run_name") => run.Info.RunName,
        ("attributes", "run_id") => run.Info.RunId,
        ("attributes", "user_id") => run.Info.UserId,
        ("attributes", "lifecycle_stage") => run.Info.LifecycleStage,
        ("attributes", "artifact_uri") => run.Info.ArtifactUri,
        ("attributes", "start_time") => run.Info.StartTime,
        ("attributes", "end_time") => run.Info.EndTime,
        ("metrics", _) => run.Data.Metrics.FirstOrDefault(m => m.Key == key)?.Value,
        ("params", _) => run.Data.Params.GetValueOrDefault(key),
        ("tags", _) => run.Data.Tags.GetValueOrDefault(key),
        _ => null,
    };

    /// <summary>MLflow's order when none is asked for: newest start first, then by run ID.</summary>
    private static int NaturalRunOrder(Run a, Run b)
    {
        var byStart = b.Info.StartTime.CompareTo(a.Info.StartTime);
        return byStart != 0 ? byStart : string.CompareOrdinal(a.Info.RunId, b.Info.RunId);
    }
}
