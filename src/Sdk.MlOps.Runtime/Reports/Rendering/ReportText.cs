using System.Globalization;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>How the report writes numbers, dates and tasks: one way, in both files, whatever the machine's culture.</summary>
internal static class ReportText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>As the gate table prints values (<see cref="GateResult.Format"/>); a dash for a value that was not measured.</summary>
    public static string Number(double value) => double.IsNaN(value) ? "—"
        : double.IsPositiveInfinity(value) ? "∞" : double.IsNegativeInfinity(value) ? "−∞" : GateResult.Format(value);

    public static string Signed(double value) => (value > 0 ? "+" : "") + Number(value);

    public static string Percent(double value) => value.ToString("0.##%", Invariant);

    public static string Count(long value) => value.ToString("N0", Invariant);

    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals.ToString(Invariant), Invariant);

    public static string Utc(DateTime value) => value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant);

    public static string Task(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => "Binary classification",
        ModelTask.MulticlassClassification => "Multiclass classification",
        ModelTask.Regression => "Regression",
        ModelTask.AnomalyDetection => "Anomaly detection",
        _ => task.ToString(),
    };

    /// <summary>A label cut to <paramref name="max"/> characters, for an axis.</summary>
    public static string Short(string text, int max = 28) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
