using Sdk.MlOps.MLflow.Rest;

namespace Sdk.MlOps.MLflow;

public sealed partial class MlflowClient
{
    /// <inheritdoc/>
    public async Task SetAliasAsync(string name, string alias, string version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        Limits.CheckAlias(alias);
        var request = _rest.CreateJsonRequest(HttpMethod.Post, Api + "registered-models/alias",
            new SetAliasRequest { Name = name, Alias = alias, Version = version }, WireJson.Default.SetAliasRequest);
        await _rest.SendJsonAsync(request, WireJson.Default.EmptyMessage, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ModelVersion?> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Limits.CheckAlias(alias);
        var request = _rest.CreateRequest(HttpMethod.Get, RestTransport.WithQuery(Api + "registered-models/alias", ("name", name), ("alias", alias)));
        // MLflow answers an alias it does not know with 400 INVALID_PARAMETER_VALUE, not 404; the alias itself was
        // checked above, so that code here means "not set".
        var response = await _rest.SendJsonOrNullAsync(request, WireJson.Default.ModelVersionResponse, cancellationToken,
            MlflowException.ErrorCodes.InvalidParameterValue, MlflowException.ErrorCodes.ResourceDoesNotExist).ConfigureAwait(false);
        return response?.ModelVersion?.ToModelVersion();
    }

    /// <inheritdoc/>
    public async Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Limits.CheckAlias(alias);
        var request = _rest.CreateJsonRequest(HttpMethod.Delete, Api + "registered-models/alias",
            new DeleteAliasRequest { Name = name, Alias = alias }, WireJson.Default.DeleteAliasRequest);
        await _rest.SendJsonAsync(request, WireJson.Default.EmptyMessage, cancellationToken).ConfigureAwait(false);
    }
}
