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
    private readonly TrackingStores _stores = new(request.Tracking, reporter);

    public bool Enabled => request.Tracking.Enabled;

    public string RegisteredModelName => request.Tracking.RegisteredModelName is { Length: > 0 } name ? name : request.ModelName;

    public async Task<TrackedRun?> RecordTraining(TrainingReport report)
    {
        if (!Enabled) return null;
        if (_stores.UsesServer)
        {
            TrackedRun? onServer = null;
            if (await _stores.TryOnServer("record the training run", async () =>
                {
                    var (experimentId, runId) = await RunLogger.RecordTraining(_stores.Server, request, report, request.ModelPath);
                    onServer = new TrackedRun(_stores.ServerUri!.ToString(), false, experimentId, runId);
                }))
                return Announce(onServer!);
        }

        var (experimentId, runId) = await RunLogger.RecordTraining(_stores.Local, request, report, request.ModelPath);
        return Announce(new TrackedRun(_stores.LocalRoot, true, experimentId, runId));
    }

    /// <summary>The training report of a finished run on the server with the same inputs, its model now in place; or null.</summary>
    public async Task<TrainingReport?> TryRestoreFromServer()
    {
        if (!Enabled || !request.Tracking.RemoteCache || !_stores.UsesServer) return null;
        TrainingReport? restored = null;
        await _stores.TryOnServer("look up the model cache",
            async () => restored = await RemoteModelCache.TryRestore(_stores.Server, _stores.ServerUri!.ToString(), request));
        return restored;
    }

    /// <summary>
    /// The run that records this model. When it is gone (the local store was deleted) or was never made (tracking
    /// was off when it trained), the training is recorded now, from its report, without training again.
    /// </summary>
    public async Task<TrackedRun?> EnsureRun(string trainingReportPath)
    {
        if (!Enabled) return null;
        var report = Json.Read<TrainingReport>(trainingReportPath);
        if (report.Run is { } recorded && await Exists(recorded)) return recorded;

        reporter.Info(report.Run is null
            ? $"{request.ModelName} was trained without tracking; recording its training now."
            : $"The run {report.Run.RunId} that recorded {request.ModelName} is gone from {report.Run.Store}; recording its training again.");
        var run = await RecordTraining(report);
        AtomicFile.WriteText(trainingReportPath, Json.Write(report with { Run = run }));
        if (run is not null) await AttachFile(run, trainingReportPath);
        return run;
    }

    /// <summary>Adds a file (the training report, the manifest) to the run's artifacts.</summary>
    public Task AttachFile(TrackedRun run, string file) =>
        OnRunStore(run, "attach " + Path.GetFileName(file), store => store.Tracking.LogArtifactAsync(run.RunId, file, ""));

    public Task RecordEvaluation(TrackedRun run, EvaluationReport evaluation) =>
        OnRunStore(run, "record the test metrics", store => RunLogger.LogEvaluation(store.Tracking, run.RunId, evaluation));

    public Task Register(TrackedRun run, Manifest manifest) =>
        OnRunStore(run, "register the model version", async store =>
        {
            var version = await ModelRegistrar.Register(store.Tracking, store.Registry, RegisteredModelName, run.RunId, manifest, request.Tracking.Promote);
            var aliases = request.Tracking.Promote ? $"{ModelRegistrar.Challenger}, {ModelRegistrar.Champion}" : ModelRegistrar.Challenger;
            reporter.Info($"Registered {RegisteredModelName} version {version.Version} ({aliases}) in {run.Store}");
        });

    /// <summary>The champion's test metrics, or null (and the rule printed) when there is none or it cannot be read.</summary>
    public async Task<IReadOnlyDictionary<string, double>?> ChampionMetrics()
    {
        ChampionBaseline? champion = null;
        var (tracking, registry, where) = _stores.Primary;
        bool read = where.IsLocal
            ? await Try(async () => champion = await ChampionBaseline.Load(tracking, registry, RegisteredModelName))
            : await _stores.TryOnServer("read the champion", async () => champion = await ChampionBaseline.Load(tracking, registry, RegisteredModelName));
        if (champion is null)
        {
            reporter.Info(read
                ? $"{RegisteredModelName} has no champion yet: relative gates (MaxRegression, MaxRelativeRegression) pass by rule; the absolute bounds decide."
                : "The champion could not be read: relative gates pass by rule; the absolute bounds decide.");
            return null;
        }

        reporter.Info($"Relative gates compare with the champion, {RegisteredModelName} version {champion.Version} (run {champion.RunId}).");
        return champion.Metrics;
    }

    public void Dispose() => _stores.Dispose();

    private TrackedRun Announce(TrackedRun run)
    {
        reporter.Info($"Tracked as run {run.RunId} in {(run.IsLocal ? "the local store " : "")}{run.Store}");
        return run;
    }

    private async Task OnRunStore(TrackedRun run, string what, Func<(ITrackingStore Tracking, IModelRegistry Registry), Task> action)
    {
        if (!Enabled) return;
        var store = _stores.Of(run);
        if (!run.IsLocal)
        {
            await _stores.TryOnServer(what, () => action(store));
            return;
        }

        try
        {
            await action(store);
        }
        catch (MlflowException e)
        {
            var message = $"Could not {what} in the local store {run.Store}: {e.ErrorCode}: {e.Message}";
            if (request.Tracking.Required) throw new MlOpsException(ErrorCodes.TrackingFailed, message);
            reporter.Warning(ErrorCodes.TrackingFailed, message);
        }
    }

    /// <summary>Whether the run is still there; a server that cannot be asked is given the benefit of the doubt.</summary>
    private async Task<bool> Exists(TrackedRun run)
    {
        // A local run counts only in this build's own store: another clone's store is not this model's record.
        if (run.IsLocal && Path.GetFullPath(run.Store) != Path.GetFullPath(_stores.LocalRoot)) return false;
        var (tracking, _) = _stores.Of(run);
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
        catch (MlflowException e)
        {
            reporter.Warning(ErrorCodes.ChampionUnknown, $"Could not read the champion from the local store: {e.ErrorCode}: {e.Message}");
            return false;
        }
    }
}
