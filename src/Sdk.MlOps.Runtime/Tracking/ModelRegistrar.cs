using Sdk.MlOps.MLflow;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Tracking;

/// <summary>
/// Registers a published model as a version of its registered model, with the run's model artifact as source, and
/// points the <c>challenger</c> alias (and, when promoted, <c>champion</c>) at it. Publishing the same run again
/// reuses its version instead of adding one.
/// </summary>
internal static class ModelRegistrar
{
    public const string Challenger = "challenger";
    public const string Champion = "champion";

    public static async Task<ModelVersion> Register(
        ITrackingStore tracking, IModelRegistry registry, string registeredName, string runId, Manifest manifest, bool promote, CancellationToken ct = default)
    {
        await EnsureRegisteredModel(registry, registeredName, manifest.Description?.Summary, ct);
        var existing = await registry.SearchModelVersionsAsync($"name={Filter.Literal(registeredName)} and run_id='{runId}'", 10, null, ct);
        var version = existing.Items.FirstOrDefault(v => v.Name == registeredName && v.RunId == runId);
        if (version is null)
        {
            var run = await tracking.GetRunAsync(runId, ct);
            var source = run.Info.ArtifactUri.TrimEnd('/') + "/" + RunLogger.ModelArtifactPath;
            var tags = new Dictionary<string, string> { [RunLogger.InputHashTag] = manifest.InputHash };
            if (manifest.Source.Commit is { } commit) tags["mlops.commit"] = commit;
            if (manifest.Model.Version is { } v) tags["mlops.version"] = v;
            version = await registry.CreateModelVersionAsync(registeredName, source, runId, tags, ct);
        }

        await registry.SetAliasAsync(registeredName, Challenger, version.Version, ct);
        if (promote) await registry.SetAliasAsync(registeredName, Champion, version.Version, ct);
        return version;
    }

    private static async Task EnsureRegisteredModel(IModelRegistry registry, string name, string? description, CancellationToken ct)
    {
        if (await registry.GetRegisteredModelAsync(name, ct) is not null) return;
        try
        {
            await registry.CreateRegisteredModelAsync(name, description, null, ct);
        }
        catch (MlflowException e) when (e.ErrorCode == MlflowException.ErrorCodes.ResourceAlreadyExists)
        {
            // Registered by a concurrent publish: fine.
        }
    }
}
