using Microsoft.ML;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.Profiling;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Monitoring;

/// <summary>
/// The <c>monitor</c> command: production rows against the published bundle. Every source is streamed, so memory is
/// flat in the row count; only rows with a late label are written aside, and read back for the live metrics. The project's drift gates and data
/// contracts decide, as in <c>dotnet test</c>; without any, every feature column is compared and more than half of
/// them drifting fails (Evidently's data set drift). The predictions are compared with the test set's, and late
/// labels give live metrics for the metric gates.
/// </summary>
internal sealed class Monitor(ModelBase model, Request request, Reporter reporter)
{
    /// <summary>Evidently's share of drifted columns that makes a data set drift.</summary>
    public const double DefaultDriftedShare = 0.5;

    public async Task RunAsync(LifecycleTracking tracking)
    {
        var settings = request.Monitor ?? throw new MlOpsException(ErrorCodes.Internal, "The request has no monitor settings.");
        var (manifest, reference) = ReadBundle(settings.Bundle);
        var ml = new MLContext(request.Seed);
        var sources = Sources(ml, settings, reference, manifest.Model.Name);

        var check = new DriftCheck(reference, DriftGatesOrDefault(), request.DataContracts);
        var counted = check.Plans().Select(p => new ColumnAccumulator(p)).ToArray();
        var predictionCheck = reference.Predictions is { } predictions ? new DriftCheck(predictions, [PredictionGate(settings)], []) : null;
        var predicted = predictionCheck?.Plans().Select(p => new ColumnAccumulator(p)).ToArray();
        var trained = ml.Model.Load(Path.Combine(settings.Bundle, manifest.Model.File), out _);
        using var labelled = settings.Labels is { } labels && model.LabelColumn is { } labelColumn
            ? LabelledRows.Read(ml, labels, request.IdColumn, model.Schema.Find(labelColumn)?.Name ?? labelColumn) : null;

        foreach (var source in sources) source.Count(counted, predicted, trained, labelled);

        var name = $"{manifest.Model.Name} {manifest.Model.Version}";
        var drift = check.Evaluate(counted, "production");
        DriftGates.Report(reporter, request, drift, "production data");
        var predictionDrift = predictionCheck?.Evaluate(predicted!, "production predictions");
        ReportPredictions(name, predictionDrift);
        var live = labelled is null ? null : LiveMetrics.Check(model, name, ml, trained, labelled, settings.Labels!, request.Gates, reporter);

        var report = new MonitorReport(name, DateTime.UtcNow, sources.Select(s => s.Name).ToArray(), reference, drift, predictionDrift, live);
        var written = MonitorReportWriter.Write(settings.ReportDirectory, report);
        reporter.Info($"Drift report of {name}: {string.Join(", ", written)}");
        if (manifest.Run is { } run) await tracking.RecordMonitoring(run, MonitorMetrics.Of(report));
        else reporter.Info($"{name} names no tracking run in its manifest; the monitor.* metrics are not logged.");
    }

    private (Manifest Manifest, DataProfile Profile) ReadBundle(string bundle)
    {
        var manifest = Path.Combine(bundle, "mlops-manifest.json");
        var profile = Path.Combine(bundle, DataProfileFile.Name);
        if (!File.Exists(manifest) || !File.Exists(profile))
            throw new MlOpsException(ErrorCodes.MonitorBundleMissing,
                $"No published model with a data profile in '{bundle}' (mlops-manifest.json and {DataProfileFile.Name}). Publish it first with the same configuration (dotnet publish -c Release, then the monitor with -c Release), or set MlOpsMonitorModel to the folder of a published bundle.",
                new SourceLocation(request.ProjectFile));
        var read = (Json.Read<Manifest>(manifest), DataProfileFile.Read(profile));
        // The program that monitors reads rows into its input class: the bundle must have been published from it.
        var missing = read.Item2.Columns.Where(c => model.Schema.Find(c.Name) is null).Select(c => c.Name).ToArray();
        if (missing.Length > 0)
            throw new MlOpsException(ErrorCodes.MonitorBundleMissing,
                $"The bundle in '{bundle}' was published from another input class: {model.Schema.Type.Name} has no column {string.Join(", ", missing)}. Publish the model again, or monitor with the commit that published it.",
                new SourceLocation(request.ProjectFile));
        return read;
    }

    private IReadOnlyList<IProductionSource> Sources(MLContext ml, MonitorSettings settings, DataProfile reference, string modelName)
    {
        var sources = settings.Data
            .Select(f => (IProductionSource)new ProductionFile(model, ml, ProductionFile.WithReadingOptionsOf(f, request.TrainingData.FirstOrDefault()), reference))
            .Concat(settings.PredictionLog is { Length: > 0 } log ? PredictionLogFile.In(model, modelName, log, request.ProjectFile, reporter) : [])
            .ToArray();
        if (sources.Length == 0)
            throw new MlOpsException(ErrorCodes.MonitorDataMissing,
                "MlOpsMonitor has no production data. Add <MlMonitorData Include=\"prod/*.csv\" />, pass -p:MlOpsMonitorData=path/to/rows.csv, or point MlOpsMonitorLog at the serving host's prediction log.",
                new SourceLocation(request.ProjectFile));
        return sources;
    }

    /// <summary>The project's drift gates; without any (contracts or not), every feature column and Evidently's share.</summary>
    private IReadOnlyList<DriftGateItem> DriftGatesOrDefault() => request.DriftGates.Count > 0 ? request.DriftGates
        : [new DriftGateItem { Column = DriftGateItem.AllColumns, MaxDriftedShare = DefaultDriftedShare, DefinedIn = request.ProjectFile }];

    private static DriftGateItem PredictionGate(MonitorSettings settings) => new()
    {
        Column = DriftGateItem.AllColumns, Method = settings.PredictionMethod, Threshold = settings.PredictionThreshold,
    };

    private void ReportPredictions(string name, DriftReport? drift)
    {
        foreach (var c in drift?.Columns ?? [])
        {
            reporter.Info($"  prediction {c.Column,-13} {c.Statistic} {c.Comparison}  {(c.Drifted ? "DRIFT" : "ok")}");
            if (c.Drifted)
                reporter.Error(ErrorCodes.PredictionDrift,
                    $"Prediction drift: the {c.Column} of {name} on production data differs from its test set's: {c.Statistic} {c.Comparison}. The model sees other data, or answers otherwise, than when it was tested.",
                    new SourceLocation(request.ProjectFile));
        }
    }
}
