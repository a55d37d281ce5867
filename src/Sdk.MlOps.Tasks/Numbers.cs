using System.Globalization;

namespace Sdk.MlOps.Tasks;

/// <summary>Numbers as project files write them: invariant culture, a dot for decimals, finite (JSON has no NaN).</summary>
internal static class Numbers
{
    public static double? Finite(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && !double.IsNaN(v) && !double.IsInfinity(v)
            ? v
            : null;
}
