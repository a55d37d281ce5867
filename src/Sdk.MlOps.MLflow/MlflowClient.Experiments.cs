using System.Text.Json;
using Sdk.MlOps.MLflow.Rest;

namespace Sdk.MlOps.MLflow;

public sealed partial class MlflowClient
{
    /// <inheritdoc/>
    public async Task<string> CreateExperimentAsync(string name, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        CheckTags(tags);
        var marker = NewMarker();
        // Names are unique, so a retry cannot duplicate; the marker keeps it from failing with RESOURCE_ALREADY_EXISTS
        // when the lost answer was this very call's success.
        var create = new IdempotentCreate((send, ct) => LookupAsync(send,
            _rest.CreateRequest(HttpMethod.Get, RestTransport.WithQuery(Api + "experiments/get-by-name", ("experiment_name", name))),
            WireJson.Default.ExperimentResponse,
            found => found.Experiment is { } experiment && HasMarker(experiment.Tags, marker)
                ? JsonSerializer.Serialize(new CreateExperimentResponse { ExperimentId = experiment.ExperimentId }, WireJson.Default.CreateExperimentResponse)
                : null,
            ct));
        var request = _rest.CreateJsonRequest(HttpMethod.Post, Api + "experiments/create",
            new CreateExperimentRequest { Name = name, Tags = TagsWithMarker(tags, marker) }, WireJson.Default.CreateExperimentRequest);
        request.Options.Set(IdempotentCreate.Key, create);
        var response = await _rest.SendJsonAsync(request, WireJson.Default.CreateExperimentResponse, cancellationToken).ConfigureAwait(false);
        return response.ExperimentId is { Length: > 0 } id ? id : throw Malformed("an experiment_id");
    }

    /// <inheritdoc/>
    public async Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var request = _rest.CreateRequest(HttpMethod.Get, RestTransport.WithQuery(Api + "experiments/get-by-name", ("experiment_name", name)));
        var response = await _rest.SendJsonOrNullAsync(request, WireJson.Default.ExperimentResponse, cancellationToken,
            MlflowException.ErrorCodes.ResourceDoesNotExist).ConfigureAwait(false);
        return response?.Experiment?.ToExperiment();
    }

    /// <inheritdoc/>
    public async Task<Page<Experiment>> SearchExperimentsAsync(string? filter = null, int maxResults = 1000, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResults);
        var request = _rest.CreateJsonRequest(HttpMethod.Post, Api + "experiments/search",
            new SearchExperimentsRequest { MaxResults = maxResults, Filter = NullIfEmpty(filter), PageToken = NullIfEmpty(pageToken) },
            WireJson.Default.SearchExperimentsRequest);
        var response = await _rest.SendJsonAsync(request, WireJson.Default.SearchExperimentsResponse, cancellationToken).ConfigureAwait(false);
        return new Page<Experiment>((response.Experiments ?? []).Select(WireMapping.ToExperiment).ToList(), NullIfEmpty(response.NextPageToken));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
