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

    public override bool Execute()
    {
        var locator = ItemLocator.For(BuildEngine, ProjectFile);
        foreach (var gate in Gates)
        {
            var (file, line) = locator.Locate("MlMetricGate", gate.ItemSpec);
            bool okMin = TryBound(gate, "Minimum", file, line, out var min);
            bool okMax = TryBound(gate, "Maximum", file, line, out var max);
            bool okAbs = TryBound(gate, "MaxRegression", file, line, out var maxRegression, nonNegative: true);
            bool okRel = TryBound(gate, "MaxRelativeRegression", file, line, out var maxRelative, nonNegative: true);
            if (!okMin || !okMax || !okAbs || !okRel || !ConfidenceIsValid(gate, file, line)) continue;
            if (min is null && max is null && maxRegression is null && maxRelative is null)
                Log.Error(ErrorCodes.GateWithoutBound, $"MlMetricGate '{gate.ItemSpec}' has no bound, so it checks nothing. Add Minimum=\"...\", Maximum=\"...\", MaxRegression=\"...\" or MaxRelativeRegression=\"...\".", file, line);
            else if (min > max)
                Log.Error(ErrorCodes.GateBoundsInverted, $"MlMetricGate '{gate.ItemSpec}' has Minimum {gate.GetMetadata("Minimum").Trim()} above Maximum {gate.GetMetadata("Maximum").Trim()}; no value can pass. Swap or fix the bounds.", file, line);
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>A confidence is a probability a person would state: from 0.5 (a coin) to below 1 (which no interval reaches).</summary>
    private bool ConfidenceIsValid(ITaskItem gate, string file, int line)
    {
        var text = gate.GetMetadata("Confidence").Trim();
        if (text.Length == 0 || Numbers.Finite(text) is >= 0.5 and < 1) return true;
        Log.Error(ErrorCodes.GateConfidenceInvalid, $"MlMetricGate '{gate.ItemSpec}' has Confidence=\"{text}\"; it must be a number from 0.5 to below 1, e.g. Confidence=\"0.95\".", file, line);
        return false;
    }

    private bool TryBound(ITaskItem gate, string name, string file, int line, out double? value, bool nonNegative = false)
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
        Log.Error(ErrorCodes.GateValueNotNumber, $"MlMetricGate '{gate.ItemSpec}' has {name}=\"{text}\", which is not {kind}. Write it with a dot, e.g. {name}=\"0.05\".", file, line);
        return false;
    }
}
