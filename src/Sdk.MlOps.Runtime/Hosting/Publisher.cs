using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Profiling;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Hosting;

/// <summary>
/// The <c>publish</c> command: gates first; only a model that passes them gets a bundle (model, manifest,
/// model card) in the publish folder.
/// </summary>
internal sealed class Publisher(ModelBase model, Request request, Reporter reporter)
{
    /// <summary>MlOpsPromote=true promotes every published version; WhenBetter only one significantly better than the champion.</summary>
    private bool Promotes(EvaluationReport evaluation)
    {
        if (!request.Tracking.Promote) return false;
        if (!request.Tracking.PromoteWhenBetter) return true;
        bool better = evaluation.SignificantlyBetter(out var why);
        reporter.Info($"MlOpsPromote=WhenBetter: {request.ModelName} {(better ? "becomes" : "does not become")} the champion: {why}.");
        return better;
    }

    private Deployment.DeploymentFacts DeploymentFactsOf(Manifest manifest)
    {
        var version = manifest.Model.Version ?? "0.0.0";
        return new(manifest.Model.Name, version, manifest.InputHash, Path.GetFileName(model.GetType().Assembly.Location),
            manifest.Performance?.PeakMemoryMB, request.ServeImage ?? Deployment.DeploymentFacts.DefaultImage(manifest.Model.Name, version));
    }

    public async Task RunAsync(LifecycleTracking tracking)
    {
        var evaluator = new Evaluator(model, request, reporter);
        var evaluation = await evaluator.RunAsync(tracking);
        if (reporter.HasErrors)
        {
            reporter.Info($"{request.ModelName} was not published: it does not pass its gates.");
            return;
        }

        var training = evaluator.Training;
        var dir = request.PublishDirectory ?? throw new MlOpsException(ErrorCodes.Internal, "No publish directory given.");
        var modelFile = Path.GetFileName(request.ModelPath);
        var manifest = new Manifest
        {
            Model = new ModelInfo(request.ModelName, request.Lineage.Version, training.Task, training.ModelClass, training.Trainer,
                modelFile, Sha256.Of(request.ModelPath), new FileInfo(request.ModelPath).Length),
            Source = new SourceInfo(request.Lineage.Commit, request.Lineage.Branch, request.Lineage.Repository),
            CreatedUtc = DateTime.UtcNow,
            InputHash = training.InputHash,
            Seed = training.Seed,
            Data = training.Data,
            Parameters = training.Parameters,
            Metrics = new MetricsInfo(training.Metrics, evaluation.Metrics, evaluation.TestRows),
            Gates = evaluation.Gates,
            Performance = evaluation.Performance,
            Versions = training.Versions,
            Schema = training.Schema,
            Description = new DescriptionInfo(request.Lineage.Description, request.Lineage.IntendedUse, request.Lineage.Limitations),
            Run = training.Run,
        };

        // Built aside and renamed into place: the bundle MSBuild publishes is whole, and its manifest names its model.
        var bundle = new StagedFolder(dir);
        AtomicFile.Write(Path.Combine(bundle.Path, modelFile), temp => File.Copy(request.ModelPath, temp, overwrite: true));
        if (Sha256.Of(Path.Combine(bundle.Path, modelFile)) != manifest.Model.Sha256)
            throw new MlOpsException(ErrorCodes.ModelMismatch, $"The copy of {modelFile} in the bundle does not match the model; nothing was published. Publish again.", new SourceLocation(request.ProjectFile));
        File.WriteAllText(Path.Combine(bundle.Path, "MODEL_CARD.md"), ModelCard.Render(manifest));
        File.WriteAllText(Path.Combine(bundle.Path, "mlops-manifest.json"), Json.Write(manifest));
        // What the monitor compares production with: the training rows' profile, and the test rows' predictions.
        if (training.Profile is { } profile)
            File.WriteAllText(Path.Combine(bundle.Path, DataProfileFile.Name), Json.Write(profile with { Predictions = evaluation.Predictions }));
        var report = new ReportWriter(model, request, reporter);
        if (File.Exists(report.HtmlPath) && File.Exists(report.MarkdownPath))
        {
            File.Copy(report.HtmlPath, Path.Combine(bundle.Path, ReportWriter.HtmlName));
            File.Copy(report.MarkdownPath, Path.Combine(bundle.Path, ReportWriter.MarkdownName));
        }

        // A served model also gets what builds and runs its container: written from the manifest's facts, so the
        // labels and the memory the manifests ask for are the published version's own.
        var deployment = request.Serve ? Deployment.DeploymentFiles.Write(bundle.Path, DeploymentFactsOf(manifest)) : [];
        bundle.Commit();
        reporter.Info($"Bundled {request.ModelName} {request.Lineage.Version}: model, manifest, data profile, model card and model report"
            + (deployment.Count > 0 ? "; its publish folder also gets a Dockerfile and Kubernetes manifests (k8s/)." : "."));

        if (training.Run is { } run)
        {
            await tracking.AttachFile(run, Path.Combine(dir, "mlops-manifest.json"));
            await tracking.AttachFile(run, Path.Combine(dir, "MODEL_CARD.md"));
            await tracking.Register(run, manifest, Promotes(evaluation));
        }
    }
}
