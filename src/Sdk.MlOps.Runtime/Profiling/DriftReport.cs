using System.Text.Json.Serialization;

namespace Sdk.MlOps.Profiling;

/// <summary>What comparing data with a reference profile found: drift per column, the share drifted, the contracts.</summary>
internal sealed record DriftReport
{
    /// <summary>What was compared: test (dotnet test) or production (MlOpsMonitor).</summary>
    public required string Source { get; init; }
    public required long ReferenceRows { get; init; }
    public required long CurrentRows { get; init; }
    public required IReadOnlyList<ColumnDrift> Columns { get; init; }
    public DriftShare? Share { get; init; }
    public required IReadOnlyList<ContractCheck> Contracts { get; init; }
    /// <summary>The profile of the compared data, on the reference's grid.</summary>
    public required DataProfile Current { get; init; }

    [JsonIgnore]
    public bool Passed => Columns.All(c => !c.Gated || !c.Drifted) && Share?.Passed != false && Contracts.All(c => c.Passed);

    [JsonIgnore]
    public IEnumerable<string> DriftedColumns => Columns.Where(c => c.Drifted).Select(c => c.Column);

}

/// <remarks>Gated: A drift here fails the gate; else it is reported and counts toward the share.</remarks>
/// <remarks>Threshold: the bound the value met, for a test already divided by the columns gated together (Bonferroni);
/// PValue and Alpha: for a distance, the test that says it is not chance (a small sample's distance can be noise).
/// DefinedIn and Line: the item's place in the project, for messages; not written to files that are shipped.</remarks>
internal sealed record ColumnDrift(
    string Column, string Kind, string Method, string Statistic, double Value, double Threshold, bool Drifted, bool Gated,
    double? PValue, double? Alpha, [property: JsonIgnore] string? DefinedIn, [property: JsonIgnore] int Line)
{
    private bool IsTest => DriftMethods.TryParse(Method, out var method) && DriftMethods.IsTest(method);

    /// <summary>How the value relates to the bound: "0.003 &lt; 0.05" (a p-value) or "0.41 ≥ 0.1 (p = 1E-9 &lt; 0.05)" (a distance).</summary>
    public string Comparison => IsTest
        ? $"{Format(Value)} {(Value < Threshold ? "<" : "≥")} {Format(Threshold)}"
        : $"{Format(Value)} {(Value >= Threshold ? "≥" : "<")} {Format(Threshold)}"
          + (PValue is { } p && Alpha is { } a && Value >= Threshold ? $" (p = {Format(p)} {(p < a ? "<" : "≥")} {Format(a)}{(p < a ? "" : ": within chance")})" : "");

    /// <summary>As gates print numbers, but a tiny p-value keeps its magnitude (2.9E-30, not 0).</summary>
    public static string Format(double x) => x != 0 && Math.Abs(x) < 1e-4 ? x.ToString("0.##E+0", System.Globalization.CultureInfo.InvariantCulture) : Reports.GateResult.Format(x);
}

/// <summary>The share of the compared columns that drift, against its bound (Evidently's data set drift).</summary>
internal sealed record DriftShare(int Drifted, int Columns, double MaxShare, [property: JsonIgnore] string? DefinedIn, [property: JsonIgnore] int Line)
{
    public double Share => Columns == 0 ? 0 : (double)Drifted / Columns;
    public bool Passed => Share <= MaxShare;
}

/// <remarks>Check: missing, range or values.</remarks>
/// <remarks>Value: The share of values that break it (missing, or outside).</remarks>
/// <remarks>Expected: What the contract allows, for messages: "[0, 100]", "22 values seen in training".</remarks>
internal sealed record ContractCheck(
    string Column, string Check, double Value, double MaxShare, string Expected, bool Passed, [property: JsonIgnore] string? DefinedIn, [property: JsonIgnore] int Line)
{
    public const string MissingCheck = "missing", RangeCheck = "range", ValuesCheck = "values";

    /// <summary>What the contract allows, in words: "at most 1 % missing", "[0, 100], at most 1 % outside".</summary>
    public string Allowed => Check == MissingCheck ? Expected
        : $"{Expected}, at most {Reports.Rendering.ReportText.Percent(MaxShare)} outside";
}
