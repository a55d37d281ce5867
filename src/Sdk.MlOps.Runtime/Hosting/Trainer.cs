using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Sdk.MlOps.Data;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Profiling;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Hosting;

/// <summary>The <c>train</c> command: validate, fit, save the model and its training report atomically.</summary>
internal sealed class Trainer(ModelBase model, Request request, Reporter reporter)
{
    public async Task RunAsync(LifecycleTracking tracking)
    {
        Gates.CheckMetricNames(model, request.Gates);
        if (await tracking.TryRestoreFromServer() is { } restored)
        {
            AtomicFile.WriteText(request.TrainingReportPath, Json.Write(restored));
            reporter.Info($"Restored {request.ModelName} from the tracking server: run {restored.Run!.RunId} trained it from the same inputs; not training.");
            return;
        }

        var ml = new MLContext(request.Seed);
        var data = PreparedData.Load(model, ml, request, reporter);
        var parameters = new ModelParameters(request.Parameters.Select(p => new ModelParameters.Parameter(p.Name, p.Value, new(p.DefinedIn, p.Line))));

        var userPipeline = BuildPipeline(ml, parameters);
        var pipeline = LabelFollows(ml, userPipeline);
        foreach (var unused in parameters.Unread)
            reporter.Warning(ErrorCodes.ParameterUnused,
                $"MlParameter '{unused.Name}' is never read by {model.GetType().Name}.Pipeline. Check its spelling, or remove it.", unused.Location);

        reporter.Info($"Training {request.ModelName} ({model.Task}) on {data.TrainRows} rows...");
        var clock = Stopwatch.StartNew();
        ITransformer trained;
        IReadOnlyDictionary<string, double> metrics;
        try
        {
            using var progress = new Progress(reporter, $"Training {request.ModelName}", ml);
            trained = pipeline.Fit(data.Train);
            metrics = model.Evaluate(ml, trained.Transform(data.Train));
        }
        catch (Exception e) when (e is not MlOpsException)
        {
            throw new MlOpsException(ErrorCodes.TrainingFailed,
                $"Training failed: {e.GetType().Name}: {e.Message}. The previous model, if any, is kept.",
                UserCode.Location(e, model.GetType().Assembly), e);
        }

        clock.Stop();
        // Model and report are one unit: the model is written aside, the run recorded (which can be slow or be
        // interrupted), and only then the pair is moved into place, the report last, each by a rename.
        // In a folder of its own beside the model (one volume, so the move is a rename), under the model's own name,
        // which the run's artifact takes.
        var stagingDir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(request.ModelPath))!, $".mlops-{Environment.ProcessId}.tmp");
        var staged = Path.Combine(stagingDir, Path.GetFileName(request.ModelPath));
        RemoveAbandonedStaging(Path.GetDirectoryName(stagingDir)!);
        Directory.CreateDirectory(stagingDir);
        try
        {
            NormalizedModelFile.Save(ml, trained, data.Train.Schema, staged);
            var report = new TrainingReport
            {
                ModelName = request.ModelName,
                ModelClass = model.GetType().FullName!,
                Task = model.Task.ToString(),
                Trainer = TrainerName(userPipeline),
                InputHash = request.InputHash,
                ModelSha256 = Sha256.Of(staged),
                Seed = request.Seed,
                TrainedUtc = DateTime.UtcNow,
                DurationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                Parameters = request.Parameters.ToDictionary(p => p.Name, p => p.Value),
                Data = TrackedPaths.Data(new DataReport(data.TrainingFiles, data.TestFiles, data.TrainRows, data.TestRows, data.SplitFraction), request.ProjectFile),
                Metrics = metrics,
                Versions = Versions.Current(),
                Schema = new SchemaReport(Columns(data.Train.Schema, model), Columns(trained.GetOutputSchema(data.Train.Schema), null)),
                TrainedRows = TrainedRows.Of(RowFingerprints.Of(data.Train, model.SuppliedColumns)),
                Profile = DataProfiler.Profile(data.Train, ProfiledColumns.Of(model, request.IdColumn), "training"),
            };
            // The report names its run, so test and publish add to the same run; the run holds the model as an artifact.
            report = report with { Run = await tracking.RecordTraining(report, staged) };
            File.Move(staged, request.ModelPath, overwrite: true);
            AtomicFile.WriteText(request.TrainingReportPath, Json.Write(report));
            if (report.Run is { } run) await tracking.AttachFile(run, request.TrainingReportPath);
            reporter.Info($"Trained {request.ModelName} in {clock.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s with {report.Trainer}: {Summary(metrics, model.Task)} (training data)");
        }
        finally
        {
            if (Directory.Exists(stagingDir)) Directory.Delete(stagingDir, recursive: true);
        }
    }


    /// <summary>Staging folders of trainings whose process is gone (killed before it committed) are removed.</summary>
    private static void RemoveAbandonedStaging(string folder)
    {
        foreach (var dir in Directory.Exists(folder) ? Directory.GetDirectories(folder, ".mlops-*.tmp") : [])
        {
            var pid = Path.GetFileName(dir)[".mlops-".Length..^".tmp".Length];
            if (!int.TryParse(pid, out var id) || IsRunning(id)) continue;
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static bool IsRunning(int pid)
    {
        try { return !Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    private IEstimator<ITransformer> BuildPipeline(MLContext ml, ModelParameters parameters)
    {
        try
        {
            return model.Pipeline(ml, parameters);
        }
        catch (Exception e) when (e is not MlOpsException)
        {
            throw new MlOpsException(ErrorCodes.PipelineThrew,
                $"{model.GetType().Name}.Pipeline threw {e.GetType().Name}: {e.Message}", UserCode.Location(e, model.GetType().Assembly), e);
        }
    }

    /// <summary>
    /// A label named once, in <see cref="ModelBase.LabelColumn"/>, is what the trainers and the evaluator read: they
    /// read <c>Label</c> by ML.NET's convention, so the column is copied there first, unless the data has a
    /// <c>Label</c> column of its own. A pipeline that maps the label itself (<c>MapValueToKey("Label", "Severity")</c>)
    /// overwrites the copy, so it works as before. ML.NET's anomaly evaluator reads a 0/1 number, not a bool, so there
    /// a bool label is converted on the way.
    /// </summary>
    private IEstimator<ITransformer> LabelFollows(MLContext ml, IEstimator<ITransformer> pipeline)
    {
        const string Label = "Label";
        if (model.LabelColumn is not { } named || model.Schema.Find(named) is not { } column) return pipeline;
        if (model.Task == ModelTask.AnomalyDetection && column.Kind == ValueKind.Boolean)
            return ml.Transforms.Conversion.ConvertType(Label, column.Name, DataKind.Single).Append(pipeline);
        if (model.Schema.Columns.Any(c => c.Name == Label)) return pipeline;
        return ml.Transforms.CopyColumns(Label, column.Name).Append(pipeline);
    }

    /// <summary>The learner is the chain's last trainer estimator; ML.NET keeps the chain's parts private.</summary>
    private static string TrainerName(IEstimator<ITransformer> pipeline)
    {
        var parts = pipeline.GetType()
            .GetField("_estimators", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)?
            .GetValue(pipeline) as Array;
        var all = parts?.Cast<object>().ToArray() ?? [pipeline];
        var trainer = all.LastOrDefault(IsTrainer) ?? all[^1];
        return trainer.GetType().Name.Split('`')[0];
    }

    private static bool IsTrainer(object estimator) =>
        estimator.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ITrainerEstimator<,>));

    internal static IReadOnlyList<ColumnReport> Columns(DataViewSchema schema, ModelBase? inputOf)
    {
        var input = inputOf?.Schema;
        return schema.Where(c => !c.IsHidden)
            .Where(c => input is null || input.Columns.Any(i => i.Name == c.Name))
            .Select(c => new ColumnReport(c.Name, c.Type.ToString() ?? "", inputOf is not null && c.Name == inputOf.LabelColumn ? ColumnReport.LabelRole : null))
            .ToArray();
    }

    internal static string Summary(IReadOnlyDictionary<string, double> metrics, ModelTask task)
    {
        string[] headline = task switch
        {
            ModelTask.BinaryClassification => ["Accuracy", "AreaUnderRocCurve", "F1Score"],
            ModelTask.MulticlassClassification => ["MicroAccuracy", "MacroAccuracy", "LogLoss"],
            ModelTask.Regression => ["RSquared", "MeanAbsoluteError", "RootMeanSquaredError"],
            _ => ["AreaUnderRocCurve", "DetectionRateAtFalsePositiveCount"],
        };
        return string.Join(", ", headline.Where(metrics.ContainsKey).Select(m => $"{m}={GateResult.Format(metrics[m])}"));
    }
}
