using System.Globalization;
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
        var locator = new ItemLocator(ProjectFile);
        foreach (var gate in Gates)
        {
            var (file, line) = locator.Locate("MlMetricGate", gate.ItemSpec);
            bool okMin = TryBound(gate, "Minimum", file, line, out var min);
            bool okMax = TryBound(gate, "Maximum", file, line, out var max);
            if (!okMin || !okMax) continue;
            if (min is null && max is null)
                Log.Error("MLOPS3006", $"MlMetricGate '{gate.ItemSpec}' has neither Minimum nor Maximum, so it checks nothing. Add Minimum=\"...\" or Maximum=\"...\".", file, line);
            else if (min > max)
                Log.Error("MLOPS3002", $"MlMetricGate '{gate.ItemSpec}' has Minimum {gate.GetMetadata("Minimum").Trim()} above Maximum {gate.GetMetadata("Maximum").Trim()}; no value can pass. Swap or fix the bounds.", file, line);
        }

        return !Log.HasLoggedErrors;
    }

    private bool TryBound(ITaskItem gate, string name, string file, int line, out double? value)
    {
        value = null;
        var text = gate.GetMetadata(name).Trim();
        if (text.Length == 0) return true;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && !double.IsNaN(v) && !double.IsInfinity(v))
        {
            value = v;
            return true;
        }

        Log.Error("MLOPS3003", $"MlMetricGate '{gate.ItemSpec}' has {name}=\"{text}\", which is not a number. Write it with a dot, e.g. {name}=\"0.85\".", file, line);
        return false;
    }
}
