using System.Globalization;

namespace Sdk.MlOps.Data;

internal enum ValueKind { String, Single, Double, Int32, Int64, Boolean, DateTime }

/// <summary>
/// ML.NET's conversions from a loaded field (leading spaces already dropped) to int, long, bool and DateTime, which
/// its TextLoader would not report but throw on mid-training. float and double are not here: ML.NET's loader parses
/// them itself and the SDK keeps its values.
/// </summary>
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

    /// <summary>An integer up to <paramref name="max"/> as ML.NET reads it: optional '-', digits only, no '+', no spaces; empty is 0.</summary>
    public static bool TryParseInt64(ReadOnlySpan<char> s, long max, out long value)
    {
        value = 0;
        if (s.IsEmpty) return true;
        bool negative = s[0] == '-';
        var digits = negative ? s[1..] : s;
        if (digits.IsEmpty) return false;
        ulong v = 0;
        foreach (var c in digits)
        {
            uint d = (uint)(c - '0');
            if (d > 9 || v > (ulong.MaxValue - d) / 10) return false;
            v = v * 10 + d;
        }

        if (v > (negative ? (ulong)max + 1 : (ulong)max)) return false;
        value = negative ? (long)(0 - v) : (long)v;
        return true;
    }

    /// <summary>A bool as ML.NET reads it: any casing of true/t/yes/y/1/+1/+ or false/f/no/n/0/-1/-; empty is false.</summary>
    public static bool TryParseBoolean(ReadOnlySpan<char> s, out bool value)
    {
        value = false;
        if (s.IsEmpty) return true;
        foreach (var word in TrueWords)
        {
            if (s.Equals(word, StringComparison.OrdinalIgnoreCase)) { value = true; return true; }
        }

        foreach (var word in FalseWords)
        {
            if (s.Equals(word, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }

    private static readonly string[] TrueWords = ["true", "1", "t", "yes", "y", "+1", "+"];
    private static readonly string[] FalseWords = ["false", "0", "f", "no", "n", "-1", "-"];

    /// <summary>A DateTime as ML.NET reads it: invariant culture, UTC; empty is the default date.</summary>
    public static bool TryParseDateTime(ReadOnlySpan<char> s, out DateTime value)
    {
        value = default;
        return s.IsEmpty || DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    /// <summary>
    /// Whether a field ML.NET read as NaN was written as a missing or non-finite value (NaN, ?, NA, N/A, infinities),
    /// rather than being text ML.NET could not parse.
    /// </summary>
    public static bool IsNonFiniteText(ReadOnlySpan<char> s)
    {
        var t = s.Trim().ToString().ToLowerInvariant();
        return t is "?" or "nan" or "na" or "n/a" or "-nan" or "+nan"
            or "inf" or "+inf" or "-inf" or "infinity" or "+infinity" or "-infinity" or "∞" or "-∞" or "+∞";
    }
}
