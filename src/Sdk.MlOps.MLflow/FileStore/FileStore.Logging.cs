using System.Text;

namespace Sdk.MlOps.MLflow;

public sealed partial class FileStore
{
    /// <summary>
    /// Everything is checked before anything is written, so a bad key or a changed param fails the call and leaves
    /// the run as it was. No batching: the batch limits are a server's, and a file append has none.
    /// </summary>
    public Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics = null, IReadOnlyDictionary<string, string>? parameters = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default) =>
        Completed(() =>
        {
            metrics ??= [];
            parameters ??= new Dictionary<string, string>();
            tags ??= new Dictionary<string, string>();
            foreach (var metric in metrics) Limits.CheckKey("Metric", metric.Key);
            foreach (var (key, value) in parameters) Limits.CheckParam(key, value);
            foreach (var (key, value) in tags) Limits.CheckTag(key, value);

            var runDir = FindRun(runId);
            CheckActive(runDir);
            var paramsDir = Path.Combine(runDir, StoreLayout.ParamsFolder);
            var newParams = new List<KeyValuePair<string, string>>();
            foreach (var (key, value) in parameters)
            {
                var logged = ValueFiles.Read(paramsDir, key);
                if (logged is null) newParams.Add(new(key, value));
                else if (logged != value)
                    throw Invalid($"Changing param values is not allowed. Param '{key}' was already logged with value '{logged}' for run '{runId}'; attempted '{value}'.");
            }

            foreach (var (key, value) in newParams) ValueFiles.Write(paramsDir, key, value);
            AppendMetrics(Path.Combine(runDir, StoreLayout.MetricsFolder), metrics);
            foreach (var (key, value) in tags) ValueFiles.Write(Path.Combine(runDir, StoreLayout.TagsFolder), key, value);
            // MLflow keeps meta.yaml's run_name in step with the tag.
            if (tags.TryGetValue(RunNameTag, out var runName)) UpdateRunMeta(runDir, meta => meta["run_name"] = runName);
        }, cancellationToken);

    private static void AppendMetrics(string metricsDir, IReadOnlyList<Metric> metrics)
    {
        // One append per key, in the order given, so a history reads back in logging order.
        foreach (var history in metrics.GroupBy(m => m.Key, StringComparer.Ordinal))
        {
            var path = ValueFiles.PathOf(metricsDir, history.Key);
            ValueFiles.EnsureFileSlot(metricsDir, history.Key, path);
            var lines = new StringBuilder();
            foreach (var metric in history) lines.Append(MetricLine.Format(metric));
            StoreFiles.Append(path, new UTF8Encoding(false).GetBytes(lines.ToString()));
        }
    }
}
