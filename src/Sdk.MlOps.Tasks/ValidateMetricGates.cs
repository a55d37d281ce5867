using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// Checks every <c>MlMetricGate</c> for sense before any training starts: bounds are numbers, at least one is
/// given, and Minimum does not exceed Maximum. Whether the metric exists is known only to the model process.
/// </summary>
public sealed class ValidateMetricGates : Task
{
    [Required] public string ProjectFile { get; set; } = "";

    public ITaskItem[] Gates { get; set; } = [];

    /// <summary>@(MlPerformanceGate): Minimum and Maximum only; a serving cost measured on another machine is no baseline.</summary>
    public ITaskItem[] PerformanceGates { get; set; } = [];

    /// <summary>@(MlDriftGate) and @(MlDataContract): their numbers are checked here, their columns by the model program.</summary>
    public ITaskItem[] DriftGates { get; set; } = [];
    public ITaskItem[] DataContracts { get; set; } = [];

    private readonly HashSet<string> _wildcards = [];

    public override bool Execute()
    {
        var locator = ItemLocator.For(BuildEngine, ProjectFile);
        foreach (var gate in Gates) Check(locator, gate, "MlMetricGate", metricGate: true);
        foreach (var gate in PerformanceGates) Check(locator, gate, "MlPerformanceGate", metricGate: false);
        foreach (var gate in DriftGates) CheckColumnItem(locator, gate, "MlDriftGate", "Threshold", "MaxDriftedShare");
        foreach (var contract in DataContracts) CheckColumnItem(locator, contract, "MlDataContract", "Minimum", "Maximum", "MaxMissingShare", "MaxOutsideShare");
        return !Log.HasLoggedErrors;
    }

    /// <summary>
    /// A drift gate or contract names a column (or AllColumns) and has numbers where it has bounds. MSBuild expands a
    /// wildcard in Include into the folder's files, so Include="*" arrives as file names: that is caught here, from the
    /// project's own elements (a column that happens to share a file's name is still a column).
    /// </summary>
    private void CheckColumnItem(ItemLocator locator, ITaskItem item, string itemType, params string[] numbers)
    {
        var (file, line) = locator.Locate(itemType, item.ItemSpec);
        // An item no element names, while an element of its type has a wildcard: one of the files MSBuild made of it.
        if (line == 0 && locator.LocateWildcard(itemType) is { Line: > 0 } wildcard)
        {
            if (!_wildcards.Add(itemType)) return; // one error for the item, not one per file it became
            Log.Error(ErrorCodes.DriftGateInvalid, $"{itemType} '{item.ItemSpec}' is a file, not a column: MSBuild expands a wildcard in Include into the folder's files. Write Include=\"AllColumns\" for every column.", wildcard.File, wildcard.Line);
            return;
        }

        foreach (var name in numbers) TryBound(item, itemType, name, file, line, out _, code: ErrorCodes.DriftGateInvalid);
    }

    /// <summary>A metric gate may also have relative bounds, a confidence and a slice; a performance gate has Minimum and Maximum only.</summary>
    private void Check(ItemLocator locator, ITaskItem gate, string itemType, bool metricGate)
    {
        var (file, line) = locator.Locate(itemType, gate.ItemSpec);
        bool okMin = TryBound(gate, itemType, "Minimum", file, line, out var min);
        bool okMax = TryBound(gate, itemType, "Maximum", file, line, out var max);
        double? maxRegression = null, maxRelative = null;
        bool okAbs = !metricGate || TryBound(gate, itemType, "MaxRegression", file, line, out maxRegression, nonNegative: true);
        bool okRel = !metricGate || TryBound(gate, itemType, "MaxRelativeRegression", file, line, out maxRelative, nonNegative: true);
        double? maxGap = null;
        bool okGap = !metricGate || TryBound(gate, itemType, "MaxSliceGap", file, line, out maxGap, nonNegative: true);
        if (!okMin || !okMax || !okAbs || !okRel || !okGap || (metricGate && (!ConfidenceIsValid(gate, file, line) || !SliceIsValid(gate, file, line)))) return;
        if (min is null && max is null && maxRegression is null && maxRelative is null && maxGap is null)
            Log.Error(ErrorCodes.GateWithoutBound, metricGate
                ? $"MlMetricGate '{gate.ItemSpec}' has no bound, so it checks nothing. Add Minimum=\"...\", Maximum=\"...\", MaxRegression=\"...\" or MaxRelativeRegression=\"...\"."
                : $"MlPerformanceGate '{gate.ItemSpec}' has no bound, so it checks nothing. Add Minimum=\"...\" or Maximum=\"...\" (a serving cost measured on another machine is no baseline, so there are no relative bounds).", file, line);
        else if (min > max)
            Log.Error(ErrorCodes.GateBoundsInverted, $"{itemType} '{gate.ItemSpec}' has Minimum {gate.GetMetadata("Minimum").Trim()} above Maximum {gate.GetMetadata("Maximum").Trim()}; no value can pass. Swap or fix the bounds.", file, line);
    }

    /// <summary>
    /// A slice gate bounds the metric in every slice (and the gap between them); the champion is compared in a gate of
    /// its own, so relative bounds do not mix with a slice.
    /// </summary>
    private bool SliceIsValid(ITaskItem gate, string file, int line)
    {
        var slice = gate.GetMetadata("Slice").Trim();
        var rows = gate.GetMetadata("MinimumSliceRows").Trim();
        string? problem = null;
        if (slice.Length == 0 && (gate.GetMetadata("MaxSliceGap").Trim().Length > 0 || rows.Length > 0))
            problem = "has MaxSliceGap or MinimumSliceRows but no Slice=\"<input column>\"";
        else if (slice.Length > 0 && (gate.GetMetadata("MaxRegression").Trim().Length > 0 || gate.GetMetadata("MaxRelativeRegression").Trim().Length > 0))
            problem = "mixes Slice with a bound relative to the champion; compare with the champion in a gate of its own";
        else if (rows.Length > 0 && !(int.TryParse(rows, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1))
            problem = $"has MinimumSliceRows=\"{rows}\", which is not a whole number of at least 1";
        if (problem is null) return true;
        Log.Error(ErrorCodes.SliceInvalid, $"MlMetricGate '{gate.ItemSpec}' {problem}.", file, line);
        return false;
    }

    /// <summary>A confidence is a probability a person would state: from 0.5 (a coin) to below 1 (which no interval reaches).</summary>
    private bool ConfidenceIsValid(ITaskItem gate, string file, int line)
    {
        var text = gate.GetMetadata("Confidence").Trim();
        if (text.Length == 0 || Numbers.Finite(text) is >= 0.5 and < 1) return true;
        Log.Error(ErrorCodes.GateConfidenceInvalid, $"MlMetricGate '{gate.ItemSpec}' has Confidence=\"{text}\"; it must be a number from 0.5 to below 1, e.g. Confidence=\"0.95\".", file, line);
        return false;
    }

    private bool TryBound(ITaskItem gate, string itemType, string name, string file, int line, out double? value, bool nonNegative = false,
        string code = ErrorCodes.GateValueNotNumber)
    {
        value = null;
        var text = gate.GetMetadata(name).Trim();
        if (text.Length == 0) return true;
        if (Numbers.Finite(text) is { } v && !(nonNegative && v < 0))
        {
            value = v;
            return true;
        }

        var kind = nonNegative ? "a number of at least 0" : "a number";
        Log.Error(code, $"{itemType} '{gate.ItemSpec}' has {name}=\"{text}\", which is not {kind}. Write it with a dot, e.g. {name}=\"0.05\".", file, line);
        return false;
    }
}
