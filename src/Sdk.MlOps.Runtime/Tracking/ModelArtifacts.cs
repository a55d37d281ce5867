using Sdk.MlOps.Hosting;
using Sdk.MlOps.MLflow;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Tracking;

/// <summary>The model and training report a run holds as artifacts, downloaded and checked against each other.</summary>
internal static class ModelArtifacts
{
    /// <summary>
    /// Downloads both into <paramref name="folder"/>; null when the run lacks them, the report is not one, or the
    /// model is not the one the report names (its SHA-256): such a copy is no model to trust.
    /// </summary>
    public static async Task<(string Model, TrainingReport Report)?> Download(
        ITrackingStore store, string runId, string modelName, string reportName, string folder, CancellationToken ct = default)
    {
        var model = Path.Combine(folder, modelName);
        var reportFile = Path.Combine(folder, reportName);
        try
        {
            await store.DownloadArtifactAsync(runId, $"{RunLogger.ModelArtifactPath}/{modelName}", model, ct);
            await store.DownloadArtifactAsync(runId, reportName, reportFile, ct);
            var report = Json.Read<TrainingReport>(reportFile);
            return report.ModelSha256 is { } sha && sha == Sha256.Of(model) ? (model, report) : null;
        }
        catch (MlflowException e) when (e.ErrorCode == MlflowException.ErrorCodes.ResourceDoesNotExist)
        {
            return null; // a run without the artifacts (e.g. one that recorded a failed upload)
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
