namespace Sdk.MlOps.MLflow;

/// <summary>MLflow's model registry: registered models, their versions, tags and aliases.</summary>
public interface IModelRegistry
{
    /// <summary>Registers a model; fails with RESOURCE_ALREADY_EXISTS when the name is taken.</summary>
    Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>The model, or null when none has that name.</summary>
    Task<RegisteredModel?> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>One page of the registered models matching an MLflow filter, e.g. <c>name = 'triage'</c>.</summary>
    Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(string? filter = null, int maxResults = 100, string? pageToken = null, CancellationToken cancellationToken = default);

    /// <summary>A new version whose source is e.g. <c>runs:/&lt;run_id&gt;/model</c>; versions are numbered 1, 2, ...</summary>
    Task<ModelVersion> CreateModelVersionAsync(string name, string source, string runId, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>The version, or null when it does not exist.</summary>
    Task<ModelVersion?> GetModelVersionAsync(string name, string version, CancellationToken cancellationToken = default);

    /// <summary>One page of the model versions matching an MLflow filter, e.g. <c>name = 'triage'</c>.</summary>
    Task<Page<ModelVersion>> SearchModelVersionsAsync(string? filter = null, int maxResults = 100, string? pageToken = null, CancellationToken cancellationToken = default);

    /// <summary>Sets a tag on a model version, replacing any value it had.</summary>
    Task SetModelVersionTagAsync(string name, string version, string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Points <paramref name="alias"/> at <paramref name="version"/>, moving it from any other version.</summary>
    Task SetAliasAsync(string name, string alias, string version, CancellationToken cancellationToken = default);

    /// <summary>The version the alias points to, or null when the alias is not set.</summary>
    Task<ModelVersion?> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default);

    /// <summary>Removes the alias from the model.</summary>
    Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default);
}
