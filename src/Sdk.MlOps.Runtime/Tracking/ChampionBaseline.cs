using Sdk.MlOps.MLflow;

namespace Sdk.MlOps.Tracking;

/// <summary>The test metrics of the version the <c>champion</c> alias points to: the baseline of relative gates.</summary>
internal sealed record ChampionBaseline(string Version, string RunId, IReadOnlyDictionary<string, double> Metrics)
{
    public static async Task<ChampionBaseline?> Load(ITrackingStore tracking, IModelRegistry registry, string registeredName, CancellationToken ct = default)
    {
        var champion = await registry.GetModelVersionByAliasAsync(registeredName, ModelRegistrar.Champion, ct);
        if (champion is null) return null;
        var run = await tracking.GetRunAsync(champion.RunId, ct);
        var metrics = run.Data.Metrics
            .Where(m => m.Key.StartsWith("test.", StringComparison.Ordinal))
            .ToDictionary(m => m.Key["test.".Length..], m => m.Value);
        return new ChampionBaseline(champion.Version, champion.RunId, metrics);
    }
}
