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
        var temp = Directory.CreateTempSubdirectory("mlops-remote-").FullName;
        try
        {
            var downloaded = await ModelArtifacts.Download(server, run.Info.RunId, Path.GetFileName(request.ModelPath), Path.GetFileName(request.TrainingReportPath), temp, ct);
            // A copy that does not match what the run recorded is not the model these inputs make.
            if (downloaded is not { } found || found.Report.InputHash != request.InputHash) return null;

            AtomicFile.Write(request.ModelPath, t => File.Copy(found.Model, t, overwrite: true));
            return found.Report with { Run = new TrackedRun(serverUri, false, run.Info.ExperimentId, run.Info.RunId) };
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
