using Microsoft.ML;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Monitoring;

/// <summary>
/// The model's metrics on production rows whose true label arrived later, checked against the project's metric gates
/// (their absolute bounds: a champion comparison or a slice needs the test set).
/// </summary>
internal static class LiveMetrics
{
    public sealed record Result(int Rows, IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<GateResult> Gates);

    public static Result? Check(ModelBase model, string modelName, MLContext ml, ITransformer trained, LabelledRows labelled, DataFile labels, IReadOnlyList<GateItem> gates, Reporter reporter)
    {
        var files = labelled.Finish();
        if (files.Count == 0)
        {
            reporter.Warning(ErrorCodes.LabelsUnjoinable, $"None of the {labelled.Labels} late labels matches a production row by {labelled.IdColumn}; no live metrics.", labels.Definition);
            return null;
        }

        Data.DataSet data;
        try
        {
            // The joined rows are read as strictly as test data; what they refuse is said against the labels file,
            // and the drift report is written all the same.
            data = model.ReadData(files, "labelled production", Reporter.Silent);
        }
        catch (MlOpsException e)
        {
            reporter.Error(ErrorCodes.LabelsUnjoinable,
                $"The production rows joined to the late labels of '{labels.Name}' cannot be evaluated ({e.Code}: {e.Message}); no live metrics. Check the labels and the rows they name.", labels.Definition);
            return null;
        }

        var metrics = model.Evaluate(ml, trained.Transform(data.ToDataView()));
        var absolute = gates.Where(g => !g.Performance && g.Slice is null && (g.Minimum is not null || g.Maximum is not null) && metrics.ContainsKey(g.Metric))
            .Select(g => (Item: g, Result: new GateResult(g.Metric, g.Minimum, g.Maximum, metrics[g.Metric], Gates.WithinBounds(g, metrics[g.Metric]))))
            .ToArray();
        reporter.Info($"Live metrics on {data.Count} labelled production rows: {Trainer.Summary(metrics, model.Task)}");
        foreach (var (item, result) in absolute.Where(a => !a.Result.Passed))
            reporter.Error(ErrorCodes.LiveGateFailed,
                $"Live gate {result.Metric} {result.Bound} failed: {modelName} scores {GateResult.Format(result.Value)} on {data.Count} production rows whose labels arrived later. Retrain on recent data.",
                item.Definition);
        return new Result(data.Count, metrics, absolute.Select(a => a.Result).ToArray());
    }
}
