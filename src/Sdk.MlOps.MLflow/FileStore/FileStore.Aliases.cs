using System.Globalization;

namespace Sdk.MlOps.MLflow;

/// <summary>Changes to an existing model: version tags and aliases. Each bumps the model's meta.yaml, hence the lock.</summary>
public sealed partial class FileStore
{
    /// <inheritdoc/>
    public async Task SetModelVersionTagAsync(string name, string version, string key, string value, CancellationToken cancellationToken = default)
    {
        Limits.CheckTag(key, value);
        using var storeLock = await LockAsync(cancellationToken).ConfigureAwait(false);
        var found = ReadLiveVersion(name, version) ?? throw NotFound($"Model version '{name}' {version} does not exist.");
        var dir = _layout.VersionDir(name, StoreLayout.ParseVersion(found.Version));
        ValueFiles.Write(Path.Combine(dir, StoreLayout.TagsFolder), key, value);
        TouchModel(_layout.ModelDir(name), Now);
    }

    /// <inheritdoc/>
    public async Task SetAliasAsync(string name, string alias, string version, CancellationToken cancellationToken = default)
    {
        Limits.CheckAlias(alias);
        using var storeLock = await LockAsync(cancellationToken).ConfigureAwait(false);
        var found = ReadLiveVersion(name, version) ?? throw NotFound($"Model version '{name}' {version} does not exist.");
        var number = StoreLayout.ParseVersion(found.Version).ToString(CultureInfo.InvariantCulture);
        ValueFiles.Write(Path.Combine(_layout.ModelDir(name), StoreLayout.AliasesFolder), alias, number);
        TouchModel(_layout.ModelDir(name), Now);
    }

    /// <inheritdoc/>
    public Task<ModelVersion?> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        Completed(() =>
        {
            Limits.CheckAlias(alias);
            var version = ValueFiles.Read(Path.Combine(_layout.ModelDir(name), StoreLayout.AliasesFolder), alias);
            return version is null ? null : ReadLiveVersion(name, version);
        }, cancellationToken);

    /// <inheritdoc/>
    public async Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        Limits.CheckAlias(alias);
        var modelDir = _layout.ModelDir(name);
        using var storeLock = await LockAsync(cancellationToken).ConfigureAwait(false);
        if (!File.Exists(Path.Combine(modelDir, StoreLayout.MetaFile))) throw NotFound($"Registered model '{name}' does not exist.");
        var path = ValueFiles.PathOf(Path.Combine(modelDir, StoreLayout.AliasesFolder), alias);
        // Deleting an alias that is not set is no error, as in MLflow.
        if (!File.Exists(path)) return;
        File.Delete(path);
        TouchModel(modelDir, Now);
    }
}
