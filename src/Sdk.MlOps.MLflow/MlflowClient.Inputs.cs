using Sdk.MlOps.MLflow.Rest;

namespace Sdk.MlOps.MLflow;

public sealed partial class MlflowClient
{
    /// <inheritdoc/>
    public async Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> datasets, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(datasets);
        // Every input is checked before the first request goes out: a bad one fails the call with nothing logged.
        foreach (var input in datasets)
            Limits.CheckDatasetInput(input);
        // An empty list sends nothing. Retrying a request is safe: the server keeps the first dataset and input per
        // name and digest and skips any later one.
        foreach (var chunk in datasets.Chunk(Limits.MaxDatasetsPerRequest))
        {
            var request = _rest.CreateJsonRequest(HttpMethod.Post, Api + "runs/log-inputs",
                new LogInputsRequest { RunId = runId, Datasets = chunk.Select(WireMapping.ToDto).ToList() }, WireJson.Default.LogInputsRequest);
            await _rest.SendJsonAsync(request, WireJson.Default.EmptyMessage, cancellationToken).ConfigureAwait(false);
        }
    }
}
