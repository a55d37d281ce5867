using Sdk.MlOps.Hosting;
using Sdk.MlOps.MLflow;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Tracking;

/// <summary>
/// The tracking server as a shared model cache: a finished run tagged with the same input hash already holds
/// the model these inputs make. Its model and training report are downloaded, verified against the report's
/// SHA-256, and used instead of training; test and publish then add to that run.
/// </summary>
internal static class RemoteModelCache
{
    public static async Task<TrainingReport?> TryRestore(MlflowClient server, string serverUri, Request request, CancellationToken ct = default)
    {
        var experiment = await server.GetExperimentByNameAsync(RunLogger.ExperimentName(request), ct);
        if (experiment is null) return null;
        var filter = $"tags.`{RunLogger.InputHashTag}` = '{request.InputHash}' and attributes.status = 'FINISHED'";
        var runs = await server.SearchRunsAsync([experiment.ExperimentId], filter, 5, ["attributes.start_time DESC"], null, ct);
        foreach (var run in runs.Items)
        {
            if (await Download(server, serverUri, run, request, ct) is { } report) return report;
        }

        return null;
    }

    private static async Task<TrainingReport?> Download(MlflowClient server, string serverUri, Run run, Request request, CancellationToken ct)
    {
        var temp = Path.Combine(Path.GetTempPath(), "mlops-remote-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            var modelName = Path.GetFileName(request.ModelPath);
            var reportName = Path.GetFileName(request.TrainingReportPath);
            var model = Path.Combine(temp, modelName);
            var reportFile = Path.Combine(temp, reportName);
            await server.DownloadArtifactAsync(run.Info.RunId, $"{RunLogger.ModelArtifactPath}/{modelName}", model, ct);
            await server.DownloadArtifactAsync(run.Info.RunId, reportName, reportFile, ct);
            var report = Json.Read<TrainingReport>(reportFile);
            // A copy that does not match what the run recorded is not the model these inputs make.
            if (report.InputHash != request.InputHash || report.ModelSha256 is null || report.ModelSha256 != Sha256.Of(model)) return null;

            AtomicFile.Write(request.ModelPath, t => File.Copy(model, t, overwrite: true));
            return report with { Run = new TrackedRun(serverUri, false, run.Info.ExperimentId, run.Info.RunId) };
        }
        catch (MlflowException e) when (e.ErrorCode == MlflowException.ErrorCodes.ResourceDoesNotExist)
        {
            return null; // a run without the artifacts (e.g. one that recorded a failed upload)
        }
        catch (System.Text.Json.JsonException)
        {
            return null; // a report that is not one: not a model to trust
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
