using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.MLflow;

namespace Sdk.MlOps.Tracking;

/// <summary>
/// <c>dotnet build -t:MlOpsSync</c>: sends the runs and model versions of the local store to the MLflow server,
/// the way forward from MLflow's deprecated file store. Idempotent: a run already sent (found on the server by its
/// <c>mlops.source_run_id</c> tag) gets only what its copy lacks, a version already registered for its run is
/// reused, an alias the server has is left alone; a sync that stopped halfway can simply be run again.
/// </summary>
internal sealed class StoreSync(TrackingSettings settings, Reporter reporter)
{
    public const string SourceRunTag = "mlops.source_run_id";

    public async Task RunAsync(CancellationToken ct = default)
    {
        // Not budgeted: a sync is asked for explicitly and should get everything across, retrying as long as the client does.
        using var stores = new TrackingStores(settings, reporter, budgeted: false);
        if (!stores.UsesServer)
            throw new MlOpsException(ErrorCodes.SyncFailed,
                "MlOpsSync needs an MLflow server: set MlOpsTrackingUri or MLFLOW_TRACKING_URI to its URL (credentials in MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD).");
        if (!Directory.Exists(stores.LocalRoot))
        {
            reporter.Info($"Nothing to sync: there is no local store at {stores.LocalRoot}.");
            return;
        }

        try
        {
            var runMap = await SyncRuns(stores.Local, stores.Server, ct);
            int versions = await SyncRegistry(stores.Local, stores.Server, runMap, ct);
            reporter.Info($"Synced {stores.LocalRoot} to {stores.ServerUri}: {runMap.Count} run(s), {versions} model version(s).");
        }
        catch (Exception e) when (e is MlflowException or HttpRequestException or TaskCanceledException)
        {
            var why = e is MlflowException m ? $"{m.ErrorCode}: {m.Message}" : e.Message;
            throw new MlOpsException(ErrorCodes.SyncFailed, $"Sync to {stores.ServerUri} stopped: {why}. Nothing local was changed; run it again when the server answers.");
        }
    }

    /// <summary>Every local run, sent once; returns local run id → server run id.</summary>
    private async Task<Dictionary<string, string>> SyncRuns(FileStore local, MlflowClient server, CancellationToken ct)
    {
        var map = new Dictionary<string, string>();
        foreach (var experiment in await All(token => local.SearchExperimentsAsync(null, 1000, token, ct)))
        {
            var runs = await All(token => local.SearchRunsAsync([experiment.ExperimentId], null, 1000, null, token, ct));
            if (runs.Count == 0) continue;
            var remoteExperiment = (await server.GetExperimentByNameAsync(experiment.Name, ct))?.ExperimentId
                ?? await server.CreateExperimentAsync(experiment.Name, experiment.Tags, ct);
            foreach (var run in runs)
                map[run.Info.RunId] = await SyncRun(local, server, remoteExperiment, run, ct);
        }

        return map;
    }

    private async Task<string> SyncRun(FileStore local, MlflowClient server, string experimentId, Run run, CancellationToken ct)
    {
        var sent = await server.SearchRunsAsync([experimentId], $"tags.`{SourceRunTag}` = '{run.Info.RunId}'", 1, null, null, ct);
        var remote = sent.Items.Count > 0 ? sent.Items[0] : null;
        if (remote is null)
        {
            var tags = run.Data.Tags.Where(t => t.Key != "mlflow.runName").ToDictionary(t => t.Key, t => t.Value);
            tags[SourceRunTag] = run.Info.RunId;
            remote = await server.CreateRunAsync(experimentId, run.Info.RunName, run.Info.StartTime, tags, ct);
            reporter.Info($"Sending run {run.Info.RunName} ({run.Info.RunId}) as {remote.Info.RunId}");
        }

        await SendMissing(local, server, run, remote, ct);
        return remote.Info.RunId;
    }

    /// <summary>
    /// What the server's copy lacks: params, changed tags, metric values, artifacts, the final status. A run sent
    /// before it was tested gets its test metrics this way; nothing the server has is sent again.
    /// </summary>
    private static async Task SendMissing(FileStore local, MlflowClient server, Run run, Run remote, CancellationToken ct)
    {
        var remoteId = remote.Info.RunId;
        var parameters = run.Data.Params.Where(p => !remote.Data.Params.ContainsKey(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        var tags = run.Data.Tags
            .Where(t => t.Key != "mlflow.runName" && (!remote.Data.Tags.TryGetValue(t.Key, out var v) || v != t.Value))
            .ToDictionary(t => t.Key, t => t.Value);
        var metrics = new List<Metric>();
        foreach (var key in run.Data.Metrics.Select(m => m.Key).Distinct())
        {
            var there = remote.Data.Metrics.Any(m => m.Key == key)
                ? (await server.GetMetricHistoryAsync(remoteId, key, ct)).ToHashSet()
                : [];
            metrics.AddRange((await local.GetMetricHistoryAsync(run.Info.RunId, key, ct)).Where(m => !there.Contains(m)));
        }

        if (parameters.Count + tags.Count + metrics.Count > 0) await server.LogBatchAsync(remoteId, metrics, parameters, tags, ct);
        // The run's dataset inputs; the server skips one it has, so sending them again is harmless.
        if (run.Inputs.DatasetInputs.Count > 0 && remote.Inputs.DatasetInputs.Count < run.Inputs.DatasetInputs.Count)
            await server.LogInputsAsync(remoteId, run.Inputs.DatasetInputs, ct);
        var remoteFiles = (await ListFiles(server, remoteId, "", ct)).ToHashSet(StringComparer.Ordinal);
        foreach (var file in await ListFiles(local, run.Info.RunId, "", ct))
        {
            if (!remoteFiles.Contains(file)) await CopyArtifact(local, server, run.Info.RunId, remoteId, file, ct);
        }

        if (remote.Info.Status != run.Info.Status || remote.Info.EndTime != run.Info.EndTime)
            await server.UpdateRunAsync(remoteId, run.Info.Status, run.Info.EndTime, ct);
    }

    private static async Task<List<string>> ListFiles(ITrackingStore store, string runId, string path, CancellationToken ct)
    {
        var files = new List<string>();
        foreach (var entry in await store.ListArtifactsAsync(runId, path, ct))
        {
            if (entry.IsDirectory) files.AddRange(await ListFiles(store, runId, entry.Path, ct));
            else files.Add(entry.Path);
        }

        return files;
    }

    private static async Task CopyArtifact(FileStore local, MlflowClient server, string localRun, string remoteRun, string path, CancellationToken ct)
    {
        var temp = Path.Combine(Path.GetTempPath(), "mlops-sync-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            var file = Path.Combine(temp, Path.GetFileName(path));
            await local.DownloadArtifactAsync(localRun, path, file, ct);
            await server.LogArtifactAsync(remoteRun, file, Path.GetDirectoryName(path)?.Replace('\\', '/') ?? "", ct);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>Each local model version whose run was sent, registered once on the server, with its aliases.</summary>
    private async Task<int> SyncRegistry(FileStore local, MlflowClient server, Dictionary<string, string> runMap, CancellationToken ct)
    {
        int count = 0;
        foreach (var model in await All(token => local.SearchRegisteredModelsAsync(null, 100, token, ct)))
        {
            if (await server.GetRegisteredModelAsync(model.Name, ct) is null)
                await server.CreateRegisteredModelAsync(model.Name, model.Description, model.Tags, ct);
            var versionMap = new Dictionary<string, string>();
            var localVersions = await All(token => local.SearchModelVersionsAsync($"name={Filter.Literal(model.Name)}", 100, token, ct));
            foreach (var version in localVersions.OrderBy(v => int.Parse(v.Version, System.Globalization.CultureInfo.InvariantCulture)))
            {
                if (!runMap.TryGetValue(version.RunId, out var remoteRun)) continue;
                var existing = await server.SearchModelVersionsAsync($"name={Filter.Literal(model.Name)} and run_id='{remoteRun}'", 10, null, ct);
                var remote = existing.Items.FirstOrDefault();
                if (remote is null)
                {
                    var run = await server.GetRunAsync(remoteRun, ct);
                    remote = await server.CreateModelVersionAsync(model.Name, run.Info.ArtifactUri.TrimEnd('/') + "/" + RunLogger.ModelArtifactPath, remoteRun, version.Tags, ct);
                    count++;
                }

                versionMap[version.Version] = remote.Version;
            }

            // An alias the server already has stays as it is: the server may know of newer versions than this store.
            var remoteModel = await server.GetRegisteredModelAsync(model.Name, ct);
            foreach (var (alias, localVersion) in model.Aliases)
            {
                if (remoteModel?.Aliases.ContainsKey(alias) == true) continue;
                if (versionMap.TryGetValue(localVersion, out var remoteVersion)) await server.SetAliasAsync(model.Name, alias, remoteVersion, ct);
            }
        }

        return count;
    }

    private static async Task<List<T>> All<T>(Func<string?, Task<Page<T>>> page)
    {
        var items = new List<T>();
        string? token = null;
        do
        {
            var next = await page(token);
            items.AddRange(next.Items);
            token = next.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));
        return items;
    }
}
