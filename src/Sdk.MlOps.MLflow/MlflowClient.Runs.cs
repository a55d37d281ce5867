using System.Text.Json;
using Sdk.MlOps.MLflow.Rest;

namespace Sdk.MlOps.MLflow;

public sealed partial class MlflowClient
{
    /// <inheritdoc/>
    public async Task<Run> CreateRunAsync(string experimentId, string runName, long startTime, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        ArgumentNullException.ThrowIfNull(runName);
        CheckTags(tags);
        var marker = NewMarker();
        var create = new IdempotentCreate((send, ct) => LookupAsync(send,
            _rest.CreateJsonRequest(HttpMethod.Post, Api + "runs/search",
                new SearchRunsRequest { ExperimentIds = [experimentId], Filter = MarkerFilter(marker), MaxResults = 1 },
                WireJson.Default.SearchRunsRequest),
            WireJson.Default.SearchRunsResponse,
            found => found.Runs is [var run, ..] ? JsonSerializer.Serialize(new RunResponse { Run = run }, WireJson.Default.RunResponse) : null,
            ct));
        var request = _rest.CreateJsonRequest(HttpMethod.Post, Api + "runs/create",
            new CreateRunRequest { ExperimentId = experimentId, RunName = NullIfEmpty(runName), StartTime = startTime, Tags = TagsWithMarker(tags, marker) },
            WireJson.Default.CreateRunRequest);
        request.Options.Set(IdempotentCreate.Key, create);
        var response = await _rest.SendJsonAsync(request, WireJson.Default.RunResponse, cancellationToken).ConfigureAwait(false);
        return response.Run?.ToRun() ?? throw Malformed("the created run");
    }

    /// <inheritdoc/>
    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var request = _rest.CreateRequest(HttpMethod.Get, RestTransport.WithQuery(Api + "runs/get", ("run_id", runId)));
        var response = await _rest.SendJsonAsync(request, WireJson.Default.RunResponse, cancellationToken).ConfigureAwait(false);
        return response.Run?.ToRun() ?? throw Malformed("the run");
    }

    /// <inheritdoc/>
    public async Task UpdateRunAsync(string runId, RunStatus status, long? endTime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var request = _rest.CreateJsonRequest(HttpMethod.Post, Api + "runs/update",
            new UpdateRunRequest { RunId = runId, Status = WireMapping.ToWire(status), EndTime = endTime }, WireJson.Default.UpdateRunRequest);
        await _rest.SendJsonAsync(request, WireJson.Default.EmptyMessage, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Page<Run>> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filter = null, int maxResults = 1000, IReadOnlyList<string>? orderBy = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experimentIds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResults);
        var request = _rest.CreateJsonRequest(HttpMethod.Post, Api + "runs/search",
            new SearchRunsRequest
            {
                ExperimentIds = [.. experimentIds],
                Filter = NullIfEmpty(filter),
                MaxResults = maxResults,
                OrderBy = orderBy is { Count: > 0 } ? [.. orderBy] : null,
                PageToken = NullIfEmpty(pageToken),
            },
            WireJson.Default.SearchRunsRequest);
        var response = await _rest.SendJsonAsync(request, WireJson.Default.SearchRunsResponse, cancellationToken).ConfigureAwait(false);
        return new Page<Run>((response.Runs ?? []).Select(WireMapping.ToRun).ToList(), NullIfEmpty(response.NextPageToken));
    }

    /// <inheritdoc/>
    public async Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics = null, IReadOnlyDictionary<string, string>? parameters = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        // Every value is checked before the first batch goes out: a bad one fails the call with nothing logged.
        // Retrying a batch is safe: params may be logged again with the same value, tags are overwritten, and
        // MLflow's SQL store skips a metric identical in key, value, timestamp and step.
        foreach (var batch in BatchSplitter.Split(runId, metrics, parameters, tags))
        {
            var request = _rest.CreateJsonRequest(HttpMethod.Post, Api + "runs/log-batch", batch, WireJson.Default.LogBatchRequest);
            await _rest.SendJsonAsync(request, WireJson.Default.EmptyMessage, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var history = new List<Metric>();
        string? pageToken = null;
        do
        {
            var request = _rest.CreateRequest(HttpMethod.Get, RestTransport.WithQuery(Api + "metrics/get-history",
                ("run_id", runId), ("metric_key", key), ("page_token", pageToken)));
            var response = await _rest.SendJsonAsync(request, WireJson.Default.MetricHistoryResponse, cancellationToken).ConfigureAwait(false);
            history.AddRange((response.Metrics ?? []).Select(WireMapping.ToMetric));
            pageToken = NullIfEmpty(response.NextPageToken);
        }
        while (pageToken is not null);
        return history;
    }
}
