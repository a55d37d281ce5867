using System.Text.Json;
using Sdk.MlOps.MLflow.Rest;

namespace Sdk.MlOps.MLflow;

public sealed partial class MlflowClient
{
    /// <inheritdoc/>
    public async Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        CheckTags(tags);
        var marker = NewMarker();
        // As for experiments: unique names rule out duplicates, the marker rules out a spurious RESOURCE_ALREADY_EXISTS.
        var create = new IdempotentCreate((send, ct) => LookupAsync(send,
            _rest.CreateRequest(HttpMethod.Get, RestTransport.WithQuery(Api + "registered-models/get", ("name", name))),
            WireJson.Default.RegisteredModelResponse,
            found => found.RegisteredModel is { } model && HasMarker(model.Tags, marker)
                ? JsonSerializer.Serialize(found, WireJson.Default.RegisteredModelResponse)
                : null,
            ct));
        var request = _rest.CreateJsonRequest(HttpMethod.Post, Api + "registered-models/create",
            new CreateRegisteredModelRequest { Name = name, Description = description, Tags = TagsWithMarker(tags, marker) },
            WireJson.Default.CreateRegisteredModelRequest);
        request.Options.Set(IdempotentCreate.Key, create);
        var response = await _rest.SendJsonAsync(request, WireJson.Default.RegisteredModelResponse, cancellationToken).ConfigureAwait(false);
        return response.RegisteredModel?.ToRegisteredModel() ?? throw Malformed("the registered model");
    }

    /// <inheritdoc/>
    public async Task<RegisteredModel?> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var request = _rest.CreateRequest(HttpMethod.Get, RestTransport.WithQuery(Api + "registered-models/get", ("name", name)));
        var response = await _rest.SendJsonOrNullAsync(request, WireJson.Default.RegisteredModelResponse, cancellationToken,
            MlflowException.ErrorCodes.ResourceDoesNotExist).ConfigureAwait(false);
        return response?.RegisteredModel?.ToRegisteredModel();
    }

    /// <inheritdoc/>
    public async Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(string? filter = null, int maxResults = 100, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResults);
        var request = _rest.CreateRequest(HttpMethod.Get, RestTransport.WithQuery(Api + "registered-models/search",
            ("filter", NullIfEmpty(filter)), ("max_results", maxResults.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("page_token", NullIfEmpty(pageToken))));
        var response = await _rest.SendJsonAsync(request, WireJson.Default.SearchRegisteredModelsResponse, cancellationToken).ConfigureAwait(false);
        return new Page<RegisteredModel>((response.RegisteredModels ?? []).Select(WireMapping.ToRegisteredModel).ToList(), NullIfEmpty(response.NextPageToken));
    }

    /// <inheritdoc/>
    public async Task<ModelVersion> CreateModelVersionAsync(string name, string source, string runId, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(source);
        // 2.12 accepts an empty run_id and stores a version no run links to; refuse it here.
        ArgumentException.ThrowIfNullOrEmpty(runId);
        CheckTags(tags);
        var marker = NewMarker();
        var create = new IdempotentCreate((send, ct) => LookupAsync(send,
            _rest.CreateRequest(HttpMethod.Get, RestTransport.WithQuery(Api + "model-versions/search", ("filter", MarkerFilter(marker)))),
            WireJson.Default.SearchModelVersionsResponse,
            found => (found.ModelVersions ?? []).FirstOrDefault(v => v.Name == name && HasMarker(v.Tags, marker)) is { } version
                ? JsonSerializer.Serialize(new ModelVersionResponse { ModelVersion = version }, WireJson.Default.ModelVersionResponse)
                : null,
            ct));
        var request = _rest.CreateJsonRequest(HttpMethod.Post, Api + "model-versions/create",
            new CreateModelVersionRequest { Name = name, Source = source, RunId = runId, Tags = TagsWithMarker(tags, marker) },
            WireJson.Default.CreateModelVersionRequest);
        request.Options.Set(IdempotentCreate.Key, create);
        var response = await _rest.SendJsonAsync(request, WireJson.Default.ModelVersionResponse, cancellationToken).ConfigureAwait(false);
        return response.ModelVersion?.ToModelVersion() ?? throw Malformed("the created model version");
    }

    /// <inheritdoc/>
    public async Task<ModelVersion?> GetModelVersionAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        var request = _rest.CreateRequest(HttpMethod.Get, RestTransport.WithQuery(Api + "model-versions/get", ("name", name), ("version", version)));
        var response = await _rest.SendJsonOrNullAsync(request, WireJson.Default.ModelVersionResponse, cancellationToken,
            MlflowException.ErrorCodes.ResourceDoesNotExist).ConfigureAwait(false);
        return response?.ModelVersion?.ToModelVersion();
    }

    /// <inheritdoc/>
    public async Task<Page<ModelVersion>> SearchModelVersionsAsync(string? filter = null, int maxResults = 100, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResults);
        var request = _rest.CreateRequest(HttpMethod.Get, RestTransport.WithQuery(Api + "model-versions/search",
            ("filter", NullIfEmpty(filter)), ("max_results", maxResults.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("page_token", NullIfEmpty(pageToken))));
        var response = await _rest.SendJsonAsync(request, WireJson.Default.SearchModelVersionsResponse, cancellationToken).ConfigureAwait(false);
        return new Page<ModelVersion>((response.ModelVersions ?? []).Select(WireMapping.ToModelVersion).ToList(), NullIfEmpty(response.NextPageToken));
    }

    /// <inheritdoc/>
    public async Task SetModelVersionTagAsync(string name, string version, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentNullException.ThrowIfNull(value);
        Limits.CheckTag(key, value);
        var request = _rest.CreateJsonRequest(HttpMethod.Post, Api + "model-versions/set-tag",
            new SetModelVersionTagRequest { Name = name, Version = version, Key = key, Value = value }, WireJson.Default.SetModelVersionTagRequest);
        await _rest.SendJsonAsync(request, WireJson.Default.EmptyMessage, cancellationToken).ConfigureAwait(false);
    }
}
