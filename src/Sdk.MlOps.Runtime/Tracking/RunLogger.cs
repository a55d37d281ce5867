using System.Globalization;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.MLflow;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Tracking;

/// <summary>
/// Records a training as an MLflow run: params (every MlParameter, trainer, seed, row counts), training metrics,
/// lineage tags, and the model as an artifact; then test metrics and gate results on the same run.
/// </summary>
internal static class RunLogger
{
    public const string InputHashTag = "mlops.input_hash";
    public const string ModelArtifactPath = "model";
    public const string DataTagPrefix = "mlops.data.";

    public static async Task<(string ExperimentId, string RunId)> RecordTraining(ITrackingStore store, Request request, TrainingReport report, string modelFile, CancellationToken ct = default)
    {
        var experimentId = await EnsureExperiment(store, ExperimentName(request), ct);
        var start = report.TrainedUtc.AddSeconds(-report.DurationSeconds);
        var run = await store.CreateRunAsync(experimentId, RunName(request), Millis(start), Tags(request, report), ct);
        var runId = run.Info.RunId;
        try
        {
            await LogTraining(store, runId, report, modelFile, ct);
        }
        catch
        {
            // Half a run must not pass for a whole one (the remote cache looks for FINISHED runs, a sync sends every
            // local run): the local store drops it, a server keeps it marked FAILED.
            try
            {
                if (store is FileStore local) await local.DiscardRunAsync(runId, CancellationToken.None);
                else await store.UpdateRunAsync(runId, RunStatus.Failed, Millis(DateTime.UtcNow), CancellationToken.None);
            }
            catch (Exception) { /* the store is failing already */ }
            throw;
        }

        return (experimentId, runId);
    }

    private static async Task LogTraining(ITrackingStore store, string runId, TrainingReport report, string modelFile, CancellationToken ct)
    {
        var parameters = report.Parameters.ToDictionary(p => TrackingKeys.Make("", p.Key), p => p.Value);
        parameters["mlops.trainer"] = report.Trainer;
        parameters["mlops.seed"] = report.Seed.ToString(CultureInfo.InvariantCulture);
        parameters["mlops.train_rows"] = report.Data.TrainRows.ToString(CultureInfo.InvariantCulture);
        parameters["mlops.test_rows"] = report.Data.TestRows.ToString(CultureInfo.InvariantCulture);
        var metrics = report.Metrics.Select(m => new Metric("training." + m.Key, m.Value, Millis(report.TrainedUtc))).ToList();
        await store.LogBatchAsync(runId, metrics, parameters, null, ct);
        await store.LogArtifactAsync(runId, modelFile, ModelArtifactPath, ct);
        await store.UpdateRunAsync(runId, RunStatus.Finished, Millis(report.TrainedUtc), ct);
        // Last, and only a record: a server older than MLflow 2.4 has no log-inputs, and the run stands without it.
        if (report.Profile is not null)
        {
            try { await store.LogInputsAsync(runId, [TrainingDataset.Of(report)], ct); }
            catch (MlflowException e) when (e.ErrorCode is "ENDPOINT_NOT_FOUND" or "INVALID_PARAMETER_VALUE" || e.StatusCode == System.Net.HttpStatusCode.NotFound) { }
        }
    }

    public static async Task LogEvaluation(ITrackingStore store, string runId, EvaluationReport evaluation, CancellationToken ct = default)
    {
        var now = Millis(DateTime.UtcNow);
        var metrics = evaluation.Metrics.Select(m => new Metric("test." + m.Key, m.Value, now)).ToList();
        metrics.Add(new Metric("mlops.gates_passed", evaluation.Passed ? 1 : 0, now));
        if (evaluation.Performance is { } performance)
            metrics.AddRange(performance.ByName().Select(p => new Metric("perf." + p.Key, p.Value, now)));
        // The comparison with the champion on the same rows: the difference and its interval, per compared metric.
        foreach (var p in evaluation.Gates.Select(g => g.Paired).OfType<Statistics.PairedDifference>().DistinctBy(p => p.Metric))
        {
            metrics.Add(new Metric($"champion_diff.{p.Metric}", p.Difference, now));
            metrics.Add(new Metric($"champion_diff.{p.Metric}.lower", p.Lower, now));
            metrics.Add(new Metric($"champion_diff.{p.Metric}.upper", p.Upper, now));
        }

        // One tag per metric: a metric may carry several gates (e.g. a Minimum and a MaxRegression).
        var tags = evaluation.Gates.GroupBy(g => g.Metric, StringComparer.Ordinal).ToDictionary(
            metric => "mlops.gate." + metric.Key,
            metric => string.Join("; ", metric.Select(g => $"{(g.Passed ? "passed" : "failed")}: {GateResult.Format(g.Value)} {g.Bound}{(g.Comparison.Length > 0 ? ", " + g.Comparison : "")}")));
        if (evaluation.ComparedRows is { } rows) tags["mlops.champion_compared_rows"] = $"{rows.Rows} of {rows.TestRows}";
        await store.LogBatchAsync(runId, metrics, null, tags, ct);
    }

    public static string ExperimentName(Request request) =>
        request.Tracking.ExperimentName is { Length: > 0 } name ? name
        : Environment.GetEnvironmentVariable("MLFLOW_EXPERIMENT_NAME") is { Length: > 0 } env ? env
        : request.ModelName;

    public static long Millis(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private static async Task<string> EnsureExperiment(ITrackingStore store, string name, CancellationToken ct)
    {
        if (await store.GetExperimentByNameAsync(name, ct) is { } existing) return existing.ExperimentId;
        try
        {
            return await store.CreateExperimentAsync(name, null, ct);
        }
        catch (MlflowException e) when (e.ErrorCode == MlflowException.ErrorCodes.ResourceAlreadyExists)
        {
            // Another build created it a moment ago.
            return (await store.GetExperimentByNameAsync(name, ct))!.ExperimentId;
        }
    }

    private static string RunName(Request request) =>
        request.Lineage.Commit is { Length: >= 7 } commit ? $"{request.ModelName}@{commit[..7]}" : request.ModelName;

    private static Dictionary<string, string> Tags(Request request, TrainingReport report)
    {
        var tags = new Dictionary<string, string>
        {
            [InputHashTag] = report.InputHash,
            ["mlops.model_name"] = request.ModelName,
            ["mlops.task"] = report.Task,
            ["mlops.sdk_version"] = report.Versions.Sdk,
            ["mlops.mlnet_version"] = report.Versions.MlNet,
            ["mlflow.source.type"] = "LOCAL",
            ["mlflow.source.name"] = Path.GetFileName(request.ProjectFile),
            ["mlflow.user"] = Environment.UserName,
        };
        Add(tags, "mlops.version", request.Lineage.Version);
        Add(tags, "mlflow.source.git.commit", request.Lineage.Commit);
        Add(tags, "mlflow.source.git.branch", request.Lineage.Branch);
        Add(tags, "mlflow.source.git.repoURL", request.Lineage.Repository);
        foreach (var file in report.Data.Training.Concat(report.Data.Test))
        {
            // Reports of older SDK versions may still name a file by its absolute path: reduced here too.
            var name = TrackedPaths.Data(file.Name, file.Hash, request.ProjectFile);
            tags[TrackingKeys.Make(DataTagPrefix, name)] = $"{file.Hash} rows:{file.Rows} file:{name}";
        }
        var (system, url) = CiEnvironment.Detect(Environment.GetEnvironmentVariable);
        Add(tags, "mlops.ci.system", system);
        Add(tags, "mlops.ci.build_url", url);
        return tags;
    }

    private static void Add(Dictionary<string, string> tags, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value)) tags[key] = value;
    }
}
