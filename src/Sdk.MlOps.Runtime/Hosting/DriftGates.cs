using Microsoft.ML;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Profiling;
using Sdk.MlOps.Reports;
using static Sdk.MlOps.Reports.Rendering.ReportText;

namespace Sdk.MlOps.Hosting;

/// <summary>The test data against the training profile: drift gates and data contracts, and their coded errors.</summary>
internal static class DriftGates
{
    /// <summary>The verdicts, or null when the project has no drift gate and no data contract.</summary>
    public static DriftReport? Check(Request request, TrainingReport training, IDataView test)
    {
        if (request.DriftGates.Count == 0 && request.DataContracts.Count == 0) return null;
        var reference = training.Profile ?? throw new MlOpsException(ErrorCodes.NoDataProfile,
            $"The training report of {request.ModelName} has no data profile, which drift gates and data contracts compare with. Build the project again to retrain it.",
            new SourceLocation(request.ProjectFile));
        var check = new DriftCheck(reference, request.DriftGates, request.DataContracts);
        return check.Evaluate(DataProfiler.Count(test, check.Plans()), "test");
    }

    /// <summary>Prints the comparison and reports each failed gate at its item's line.</summary>
    public static void Report(Reporter reporter, Request request, DriftReport drift, string data = "test data")
    {
        reporter.Info($"Compared {drift.CurrentRows} rows of {data} with the training profile ({drift.ReferenceRows} rows): "
            + $"{drift.Columns.Count(c => c.Drifted)} of {drift.Columns.Count} compared columns drift.");
        foreach (var c in drift.Columns)
            reporter.Info(double.IsNaN(c.Value)
                ? $"  {c.Column,-24} not compared: the {data} has no values in it"
                : $"  {c.Column,-24} {c.Statistic} {c.Comparison}  {(c.Drifted ? "DRIFT" : "ok")}{(c.Gated ? "" : " (counted in the share)")}");
        foreach (var c in drift.Contracts)
            reporter.Info($"  {c.Column,-24} contract {c.Check}: {Percent(c.Value)} ({c.Allowed})  {(c.Passed ? "ok" : "BROKEN")}");
        foreach (var failure in Failures(request.ModelName, drift, data))
            reporter.Error(failure.Code, failure.Message, failure.At);
    }

    /// <summary>Every failed check as its coded message and where its item is defined; the test nodes use the same texts.</summary>
    public static IEnumerable<(string Code, string Message, SourceLocation At)> Failures(string model, DriftReport drift, string data = "test data")
    {
        foreach (var c in drift.Columns.Where(c => c.Gated && c.Drifted))
            yield return (ErrorCodes.DriftDetected, ColumnMessage(model, drift, c, data), new SourceLocation(c.DefinedIn, c.Line));
        if (drift.Share is { Passed: false } share)
            yield return (ErrorCodes.DriftDetected, ShareMessage(model, drift, share, data), new SourceLocation(share.DefinedIn, share.Line));
        foreach (var c in drift.Contracts.Where(c => !c.Passed))
            yield return (ErrorCodes.DataContractViolated, ContractMessage(drift, c, data), new SourceLocation(c.DefinedIn, c.Line));
    }

    public static string ColumnMessage(string model, DriftReport drift, ColumnDrift c, string data) =>
        $"Drift in column '{c.Column}': {c.Statistic} {c.Comparison} on {drift.CurrentRows} rows of {data} against the {drift.ReferenceRows} training rows of {model}. "
        + "The data no longer looks like what the model learned from: retrain on recent data, or revise the gate (docs/drift.md).";

    public static string ShareMessage(string model, DriftReport drift, DriftShare s, string data) =>
        $"Drift in {s.Drifted} of {s.Columns} columns ({Percent(s.Share)}), more than the {Percent(s.MaxShare)} MaxDriftedShare allows: "
        + $"{string.Join(", ", drift.Columns.Where(c => !c.Gated && c.Drifted).Select(c => $"{c.Column} ({c.Statistic} {c.Comparison})"))}. The {data} no longer looks like what {model} learned from.";

    public static string ContractMessage(DriftReport drift, ContractCheck c, string data) => c.Check switch
    {
        ContractCheck.MissingCheck => $"Data contract of '{c.Column}' broken: {Percent(c.Value)} of its values in the {data} are missing; {c.Expected} allowed.",
        ContractCheck.RangeCheck => $"Data contract of '{c.Column}' broken: {Percent(c.Value)} of its values in the {data} lie outside {c.Expected}; at most {Percent(c.MaxShare)} may.",
        _ => $"Data contract of '{c.Column}' broken: {Percent(c.Value)} of its values in the {data} are not among {c.Expected}; at most {Percent(c.MaxShare)} may.",
    };

}
