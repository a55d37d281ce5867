using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.MLflow;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Tracking;

/// <summary>
/// What each stage tells the tracking store: build records the run, test adds test metrics and gate verdicts to
/// it, publish adds the bundle and registers the model version. A server that fails never fails the stage
/// (unless MlOpsTrackingRequired): the run goes to the local store, for MlOpsSync to send later.
/// </summary>
internal sealed class LifecycleTracking(Request request, Reporter reporter) : IDisposable
{
    private TrackingStores? _opened;

    /// <summary>Opened on first use, so with tracking off the tracking URI is never even read.</summary>
    private TrackingStores Stores => _opened ??= new TrackingStores(request.Tracking, reporter, projectFile: request.ProjectFile);

    public bool Enabled => request.Tracking.Enabled;

    public string RegisteredModelName => request.Tracking.RegisteredModelName is { Length: > 0 } name ? name : request.ModelName;

    public async Task<TrackedRun?> RecordTraining(TrainingReport report, string? modelFile = null)
    {
        // The model file the run takes as its artifact: a staged one during training, the one in bin/ otherwise.
        modelFile ??= request.ModelPath;
        if (!Enabled) return null;
        if (Stores.UsesServer)
        {
            TrackedRun? onServer = null;
            if (await Stores.TryOnServer("record the training run", async () =>
                {
                    var (experimentId, runId) = await RunLogger.RecordTraining(Stores.Server, request, report, modelFile);
                    onServer = new TrackedRun(Stores.ServerUri!.ToString(), false, experimentId, runId);
                }, $"The run is kept in the local store {Stores.LocalRoot}; send it later with: dotnet build -t:MlOpsSync"))
                return Announce(onServer!);
        }

        try
        {
            var (experimentId, runId) = await RunLogger.RecordTraining(Stores.Local, request, report, modelFile);
            return Announce(new TrackedRun(Stores.LocalName, true, experimentId, runId));
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            var message = $"Could not record the training run in the local store {Stores.LocalRoot}: {Describe(e)}";
            if (request.Tracking.Required) throw new MlOpsException(CodeOf(e), message);
            reporter.Warning(CodeOf(e), message + " The model is built; the run is not recorded.");
            return null;
        }
    }

    /// <summary>The training report of a finished run on the server with the same inputs, its model now in place; or null.</summary>
    public async Task<TrainingReport?> TryRestoreFromServer()
    {
        // Opening the stores checks the tracking URI now, before a long training, not after it.
        if (!Enabled || !Stores.UsesServer || !request.Tracking.RemoteCache) return null;
        TrainingReport? restored = null;
        await Stores.TryOnServer("look up the model cache",
            async () => restored = await RemoteModelCache.TryRestore(Stores.Server, Stores.ServerUri!.ToString(), request),
            "Training instead.");
        return restored;
    }

    /// <summary>
    /// The report with the run that records this model. When that run is gone (the local store was deleted) or
    /// was never made (tracking was off when it trained), the training is recorded now, from its report, without
    /// training again, and the report on disk names the new run.
    /// </summary>
    public async Task<TrainingReport> EnsureRun(TrainingReport report, string trainingReportPath)
    {
        if (!Enabled || (report.Run is { } recorded && await Exists(recorded))) return report;

        reporter.Info(report.Run is null
            ? $"{request.ModelName} was trained without tracking; recording its training now."
            : $"The run {report.Run.RunId} that recorded {request.ModelName} is not in a store this build uses (gone, or another clone's); recording its training here.");
        // A report of an older SDK version may name data files by absolute path; the rewritten one does not.
        report = report with { Data = TrackedPaths.Data(report.Data, request.ProjectFile) };
        var updated = report with { Run = await RecordTraining(report, request.ModelPath) };
        AtomicFile.WriteText(trainingReportPath, Json.Write(updated));
        if (updated.Run is { } run) await AttachFile(run, trainingReportPath);
        return updated;
    }

    /// <summary>Adds a file (the training report, the manifest) to the run's artifacts.</summary>
    public Task AttachFile(TrackedRun run, string file) =>
        OnRunStore(run, "attach " + Path.GetFileName(file), store => store.Tracking.LogArtifactAsync(run.RunId, file, ""));

    /// <summary>
    /// The monitor's findings, as <c>monitor.*</c> metrics with the time of the check, on the model version's run, in
    /// the store that holds it; a run in a store this build does not use is said so, not searched for.
    /// </summary>
    public async Task RecordMonitoring(TrackedRun run, IReadOnlyList<MLflow.Metric> metrics)
    {
        if (!Enabled) return;
        if (!Stores.Owns(run))
        {
            reporter.Info($"The run {run.RunId} of this model version is in {run.Store}, which this build does not use; the monitor.* metrics are not logged. Set MlOpsTrackingUri to that store.");
            return;
        }

        bool logged = false;
        await OnRunStore(run, "record the monitoring metrics", async s => { await s.Tracking.LogBatchAsync(run.RunId, metrics, null, null); logged = true; });
        if (logged) reporter.Info($"Logged {metrics.Count} monitor.* metrics on run {run.RunId} in {run.Store}.");
    }

    public Task RecordEvaluation(TrackedRun run, EvaluationReport evaluation) =>
        OnRunStore(run, "record the test metrics", store => RunLogger.LogEvaluation(store.Tracking, run.RunId, evaluation));

    public Task Register(TrackedRun run, Manifest manifest, bool promote) =>
        OnRunStore(run, "register the model version", async store =>
        {
            var version = await ModelRegistrar.Register(store.Tracking, store.Registry, RegisteredModelName, run.RunId, manifest, promote);
            var aliases = promote ? $"{ModelRegistrar.Challenger}, {ModelRegistrar.Champion}" : ModelRegistrar.Challenger;
            reporter.Info($"Registered {RegisteredModelName} version {version.Version} ({aliases}) in {run.Store}");
        });

    /// <summary>
    /// The champion, its model and training report downloaded into <paramref name="folder"/>; or null (and the rule
    /// printed) when there is none or it cannot be read.
    /// </summary>
    public async Task<Champion?> Champion(string folder)
    {
        Champion? champion = null;
        var (tracking, registry) = Stores.Primary;
        async Task Load()
        {
            if (await ChampionBaseline.Load(tracking, registry, RegisteredModelName) is not { } baseline) return;
            var downloaded = await ModelArtifacts.Download(tracking, baseline.RunId, Path.GetFileName(request.ModelPath), Path.GetFileName(request.TrainingReportPath), folder);
            champion = downloaded is { } found
                ? new Champion(baseline, found.Model, found.Report)
                : new Champion(baseline, null, null, $"its run {baseline.RunId} holds no model and training report of {request.ModelName} that match each other");
        }

        bool read = !Stores.UsesServer
            ? await Try(Load)
            : await Stores.TryOnServer("read the champion", Load, "Relative gates cannot be checked.");
        if (champion is null)
        {
            reporter.Info(read
                ? $"{RegisteredModelName} has no champion yet: relative gates (MaxRegression, MaxRelativeRegression) pass by rule; the absolute bounds decide."
                : "The champion could not be read: relative gates pass by rule; the absolute bounds decide.");
            return null;
        }

        reporter.Info($"Relative gates compare with the champion, {RegisteredModelName} version {champion.Baseline.Version} (run {champion.Baseline.RunId}).");
        return champion;
    }

    /// <summary>The test metrics of the experiment's latest runs, for the report; none when tracking is off or the store cannot say.</summary>
    public async Task<IReadOnlyList<Reports.Rendering.MetricHistoryPoint>> History(IReadOnlyCollection<string> metrics, string? except = null)
    {
        if (!Enabled) return [];
        IReadOnlyList<Reports.Rendering.MetricHistoryPoint> history = [];
        var (tracking, _) = Stores.Primary;
        async Task Load() => history = await MetricHistory.Load(tracking, RunLogger.ExperimentName(request), metrics, except);
        if (Stores.UsesServer) await Stores.TryOnServer("read the metric history", Load, "The report shows no history.");
        else await Try(Load);
        return history;
    }

    public void Dispose() => _opened?.Dispose();

    /// <summary>What a local store can throw: MLflow's own errors, and the disk's (full, read-only, locked).</summary>
    private static bool IsStoreFailure(Exception e) => e is MlflowException or IOException or UnauthorizedAccessException;

    private static string Describe(Exception e) => e is MlflowException m ? $"{m.ErrorCode}: {m.Message}" : e.Message;

    /// <summary>A damaged store file has a code of its own: it needs a person to repair it, not a retry.</summary>
    private static string CodeOf(Exception e) =>
        e is MlflowException { ErrorCode: MlflowException.ErrorCodes.DataLoss } ? ErrorCodes.StoreDamaged : ErrorCodes.TrackingFailed;

    private TrackedRun Announce(TrackedRun run)
    {
        reporter.Info($"Tracked as run {run.RunId} in {(run.IsLocal ? "the local store " + Stores.LocalRoot : run.Store)}");
        return run;
    }

    private async Task OnRunStore(TrackedRun run, string what, Func<(ITrackingStore Tracking, IModelRegistry Registry), Task> action)
    {
        if (!Enabled || !Stores.Owns(run)) return;
        var store = Stores.Of(run);
        if (!run.IsLocal)
        {
            await Stores.TryOnServer(what, () => action(store), "This is not recorded on the server.");
            return;
        }

        try
        {
            await action(store);
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            var message = $"Could not {what} in the local store {Stores.LocalRoot}: {Describe(e)}";
            if (request.Tracking.Required) throw new MlOpsException(CodeOf(e), message);
            reporter.Warning(CodeOf(e), message);
        }
    }

    /// <summary>Whether the run is still there; a server that cannot be asked is given the benefit of the doubt.</summary>
    private async Task<bool> Exists(TrackedRun run)
    {
        // A run in another clone's store or on another server is not this build's record (and is not contacted).
        if (!Stores.Owns(run)) return false;
        var (tracking, _) = Stores.Of(run);
        try
        {
            await tracking.GetRunAsync(run.RunId);
            return true;
        }
        catch (MlflowException e) when (e.ErrorCode == MlflowException.ErrorCodes.ResourceDoesNotExist)
        {
            return false;
        }
        catch (Exception e) when (e is MlflowException or HttpRequestException or TaskCanceledException or IOException)
        {
            return true;
        }
    }

    private async Task<bool> Try(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            reporter.Warning(CodeOf(e) == ErrorCodes.StoreDamaged ? ErrorCodes.StoreDamaged : ErrorCodes.ChampionUnknown, $"Could not read the champion from the local store: {Describe(e)}. Relative gates cannot be checked.");
            return false;
        }
    }
}
