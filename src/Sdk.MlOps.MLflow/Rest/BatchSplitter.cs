namespace Sdk.MlOps.MLflow.Rest;

/// <summary>Checks every value, then cuts them into log-batch requests within MLflow's per-call limits.</summary>
internal static class BatchSplitter
{
    /// <summary>Throws before returning anything when any key or value is invalid, so a bad value sends nothing.</summary>
    public static List<LogBatchRequest> Split(string runId, IReadOnlyList<Metric>? metrics, IReadOnlyDictionary<string, string>? parameters, IReadOnlyDictionary<string, string>? tags)
    {
        metrics ??= [];
        var paramList = parameters?.ToList() ?? [];
        var tagList = tags?.ToList() ?? [];
        foreach (var metric in metrics)
            Limits.CheckKey("Metric", metric.Key);
        foreach (var (key, value) in paramList)
            Limits.CheckParam(key, value);
        foreach (var (key, value) in tagList)
            Limits.CheckTag(key, value);

        var batches = new List<LogBatchRequest>();
        int m = 0, p = 0, t = 0;
        while (m < metrics.Count || p < paramList.Count || t < tagList.Count)
        {
            var paramCount = Math.Min(Limits.MaxParamsPerBatch, paramList.Count - p);
            var tagCount = Math.Min(Limits.MaxTagsPerBatch, tagList.Count - t);
            var metricCount = Math.Min(Math.Min(Limits.MaxMetricsPerBatch, Limits.MaxEntitiesPerBatch - paramCount - tagCount), metrics.Count - m);
            batches.Add(new LogBatchRequest
            {
                RunId = runId,
                Metrics = Enumerable.Range(m, metricCount).Select(i => metrics[i].ToDto()).ToList(),
                Params = paramList.GetRange(p, paramCount).Select(ToDto).ToList(),
                Tags = tagList.GetRange(t, tagCount).Select(ToDto).ToList(),
            });
            m += metricCount;
            p += paramCount;
            t += tagCount;
        }
        return batches;
    }

    private static KeyValueDto ToDto(KeyValuePair<string, string> pair) => new() { Key = pair.Key, Value = pair.Value };
}
