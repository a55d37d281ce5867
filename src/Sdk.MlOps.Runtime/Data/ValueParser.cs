using System.Globalization;

namespace Sdk.MlOps.Data;

internal enum ValueKind { String, Single, Double, Int32, Int64, Boolean, DateTime }

/// <summary>Parses one field the way the data files are documented to hold values: invariant culture, empty = missing.</summary>
internal static class ValueParser
{
    public static ValueKind? KindOf(Type t)
    {
        if (t.IsArray) t = t.GetElementType()!;
        return t == typeof(string) ? ValueKind.String
            : t == typeof(float) ? ValueKind.Single
            : t == typeof(double) ? ValueKind.Double
            : t == typeof(int) ? ValueKind.Int32
            : t == typeof(long) ? ValueKind.Int64
            : t == typeof(bool) ? ValueKind.Boolean
            : t == typeof(DateTime) ? ValueKind.DateTime
            : null;
    }

    /// <summary>True when <paramref name="text"/> is a value of <paramref name="kind"/> (or a missing number).</summary>
    public static bool TryParse(ValueKind kind, string text, out object value)
    {
        var s = text.Trim();
        // No thousands separators: a decimal comma ("1,5") must be an error, not 15.
        const NumberStyles Number = NumberStyles.Float;
        var inv = CultureInfo.InvariantCulture;
        switch (kind)
        {
            case ValueKind.String:
                value = text;
                return true;
            case ValueKind.Single:
                if (s.Length == 0 || s == "?") { value = float.NaN; return true; }
                var okF = float.TryParse(s, Number, inv, out var f); value = f; return okF;
            case ValueKind.Double:
                if (s.Length == 0 || s == "?") { value = double.NaN; return true; }
                var okD = double.TryParse(s, Number, inv, out var d); value = d; return okD;
            case ValueKind.Int32:
                var okI = int.TryParse(s, NumberStyles.Integer, inv, out var i); value = i; return okI;
            case ValueKind.Int64:
                var okL = long.TryParse(s, NumberStyles.Integer, inv, out var l); value = l; return okL;
            case ValueKind.Boolean:
                var okB = TryParseBool(s, out var b); value = b; return okB;
            case ValueKind.DateTime:
                var okT = DateTime.TryParse(s, inv, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t);
                value = t; return okT;
            default:
                value = null!;
                return false;
        }
    }

    private static bool TryParseBool(string s, out bool b)
    {
        switch (s.ToLowerInvariant())
        {
            case "true" or "1" or "yes" or "t" or "y": b = true; return true;
            case "false" or "0" or "no" or "f" or "n": b = false; return true;
            default: b = false; return false;
        }
    }
}
