using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Data;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Profiling;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Hosting;

/// <summary>
/// The <c>monitor</c> command: production rows against the published bundle's profile. Each file is streamed twice
/// (its columns, then the model's predictions on it), so memory stays flat in the row count. The drift gates and
/// data contracts of the project decide, as in <c>dotnet test</c>; without any, every feature column is compared
/// and half of them drifting fails (Evidently's data set drift). The predictions are compared with the test set's.
/// </summary>
internal sealed class Monitor(ModelBase model, Request request, Reporter reporter)
{
    /// <summary>Evidently's share of drifted columns that makes a data set drift.</summary>
    public const double DefaultDriftedShare = 0.5;

    public async Task RunAsync(LifecycleTracking tracking)
    {
        var settings = request.Monitor ?? throw new MlOpsException(ErrorCodes.Internal, "The request has no monitor settings.");
        var bundle = settings.Bundle;
        var manifestPath = Path.Combine(bundle, "mlops-manifest.json");
        var profilePath = Path.Combine(bundle, DataProfileFile.Name);
        if (!File.Exists(manifestPath) || !File.Exists(profilePath))
            throw new MlOpsException(ErrorCodes.MonitorBundleMissing,
                $"No published model with a data profile in '{bundle}' (mlops-manifest.json and {DataProfileFile.Name}). Publish it first (dotnet publish), or set MlOpsMonitorModel to the folder of a published bundle.",
                new SourceLocation(request.ProjectFile));
        if (settings.Data.Count == 0)
            throw new MlOpsException(ErrorCodes.MonitorDataMissing,
                "MlOpsMonitor has no production data. Add <MlMonitorData Include=\"prod/*.csv\" /> or pass -p:MlOpsMonitorData=path/to/rows.csv.",
                new SourceLocation(request.ProjectFile));

        var manifest = Json.Read<Manifest>(manifestPath);
        var reference = DataProfileFile.Read(profilePath);
        var gates = request.DriftGates.Count > 0 || request.DataContracts.Count > 0 ? request.DriftGates
            : [new DriftGateItem { Column = DriftGateItem.AllColumns, MaxDriftedShare = DefaultDriftedShare, DefinedIn = request.ProjectFile }];
        var check = new DriftCheck(reference, gates, request.DataContracts);
        var plans = check.Plans();
        var counted = plans.Select(p => new ColumnAccumulator(p)).ToArray();

        var ml = new MLContext(request.Seed);
        var trained = ml.Model.Load(Path.Combine(bundle, manifest.Model.File), out _);
        DriftCheck? predictionCheck = null;
        ColumnAccumulator[]? predicted = null;
        if (reference.Predictions is { } predictions)
        {
            predictionCheck = new DriftCheck(predictions, [PredictionGate(settings)], []);
            predicted = predictionCheck.Plans().Select(p => new ColumnAccumulator(p)).ToArray();
        }

        foreach (var file in settings.Data)
        {
            var view = Load(ml, file, reference);
            DataProfiler.Count(view, counted);
            if (predicted is not null) PredictedValues.Read(trained.Transform(view), model.Task, (label, score) => PredictedValues.Add(predicted, label, score));
        }

        var drift = check.Evaluate(counted, "production");
        var predictionDrift = predictionCheck?.Evaluate(predicted!, "production predictions");
        var name = $"{manifest.Model.Name} {manifest.Model.Version}";
        DriftGates.Report(reporter, request, drift, "production data");
        if (predictionDrift is not null)
        {
            foreach (var c in predictionDrift.Columns)
            {
                reporter.Info($"  prediction {c.Column,-13} {c.Statistic} {c.Comparison}  {(c.Drifted ? "DRIFT" : "ok")}");
                if (c.Drifted)
                    reporter.Error(ErrorCodes.PredictionDrift,
                        $"Prediction drift: the {c.Column} of {name} on production data differs from its test set's: {c.Statistic} {c.Comparison}. The model sees other data or behaves otherwise than when it was tested.",
                        new SourceLocation(request.ProjectFile));
            }
        }

        var report = new MonitorReport(name, DateTime.UtcNow, settings.Data.Select(d => d.Name).ToArray(), reference, drift, predictionDrift);
        var written = MonitorReportWriter.Write(settings.ReportDirectory, report);
        reporter.Info($"Drift report of {name}: {string.Join(", ", written)}");
        if (manifest.RunId is { } runId) await tracking.RecordMonitoring(runId, MonitorMetrics.Of(report));
        else reporter.Info($"{name} names no tracking run in its manifest; the monitor.* metrics are not logged.");
    }

    private static DriftGateItem PredictionGate(MonitorSettings settings) => new()
    {
        Column = DriftGateItem.AllColumns, Method = settings.PredictionMethod, Threshold = settings.PredictionThreshold,
    };

    /// <summary>
    /// A production file streamed by ML.NET's loader, its columns found by the header; a column it lacks (the label,
    /// which arrives later) reads as empty, so the model still scores the rows.
    /// </summary>
    private IDataView Load(MLContext ml, DataFile file, DataProfile reference)
    {
        if (!File.Exists(file.Path))
            throw new MlOpsException(ErrorCodes.MonitorDataMissing, $"The production data file '{file.Name}' does not exist.", file.Definition);
        var separator = TextRules.ParseSeparator(file.Separator) ?? ',';
        var header = File.ReadLines(file.Path).FirstOrDefault()?.Split(separator).Select(h => h.Trim().Trim('\uFEFF')).ToArray() ?? [];
        int absent = header.Length + 1;
        var columns = model.Schema.Columns.Select(c =>
        {
            int index = Array.FindIndex(header, h => string.Equals(h, c.Name, StringComparison.OrdinalIgnoreCase));
            if (index < 0 && reference.Find(c.Name)?.Role != ColumnProfile.LabelRole)
                throw new MlOpsException(ErrorCodes.ColumnMissing,
                    $"The header of '{file.Name}' lacks column '{c.Name}' that {model.Schema.Type.Name}.{c.MemberName} needs. The header has: {Echo.List(header)}.", new SourceLocation(file.Path, 1));
            var ranges = c.IsVector ? c.Indices.Select(i => new TextLoader.Range(i)).ToArray() : [new TextLoader.Range(index < 0 ? absent : index)];
            return new TextLoader.Column(c.Name, KindOf(c.Kind), ranges);
        }).ToArray();
        return ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Separators = [separator], HasHeader = file.HasHeader, AllowQuoting = file.AllowQuoting,
            TrimWhitespace = file.TrimWhitespace, MissingRealsAsNaNs = true, Columns = columns,
        }).Load(file.Path);
    }

    private static DataKind KindOf(ValueKind kind) => kind switch
    {
        ValueKind.Single => DataKind.Single,
        ValueKind.Double => DataKind.Double,
        ValueKind.Int32 => DataKind.Int32,
        ValueKind.Int64 => DataKind.Int64,
        ValueKind.Boolean => DataKind.Boolean,
        ValueKind.DateTime => DataKind.DateTime,
        _ => DataKind.String,
    };
}

/// <summary>What one monitoring run found: the report's content and the metrics' source.</summary>
internal sealed record MonitorReport(string Model, DateTime CheckedUtc, IReadOnlyList<string> Files, DataProfile Reference, DriftReport Data, DriftReport? Predictions)
{
    public bool Passed => Data.Passed && Predictions?.Columns.All(c => !c.Drifted) != false;
}

/// <summary>The <c>monitor.*</c> metrics of a report.</summary>
internal static class MonitorMetrics
{
    public static IReadOnlyList<MLflow.Metric> Of(MonitorReport report)
    {
        long now = new DateTimeOffset(report.CheckedUtc).ToUnixTimeMilliseconds();
        var metrics = new List<MLflow.Metric>
        {
            new("monitor.rows", report.Data.CurrentRows, now),
            new("monitor.drifted_columns", report.Data.Columns.Count(c => c.Drifted), now),
            new("monitor.drifted_share", report.Data.Columns.Count == 0 ? 0 : (double)report.Data.Columns.Count(c => c.Drifted) / report.Data.Columns.Count, now),
            new("monitor.contracts_broken", report.Data.Contracts.Count(c => !c.Passed), now),
            new("monitor.passed", report.Passed ? 1 : 0, now),
        };
        metrics.AddRange(report.Data.Columns.Where(c => double.IsFinite(c.Value)).Select(c => new MLflow.Metric(TrackingKeys.Make("monitor.drift.", c.Column), c.Value, now)));
        metrics.AddRange((report.Predictions?.Columns ?? []).Where(c => double.IsFinite(c.Value)).Select(c => new MLflow.Metric(TrackingKeys.Make("monitor.prediction.", c.Column), c.Value, now)));
        return metrics;
    }
}
