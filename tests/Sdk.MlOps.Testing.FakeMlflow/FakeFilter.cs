using System.Globalization;
using System.Text.RegularExpressions;

namespace Sdk.MlOps.Testing;

/// <summary>
/// The part of MLflow's search grammar the tests use: clauses joined by AND, each
/// <c>[kind.]key op value</c> with backtick-, double-quote- or un-quoted keys and quoted or numeric values.
/// </summary>
internal static partial class FakeFilter
{
    /// <summary><paramref name="lookup"/> gives an entity's value for (kind, key), kind "" for bare names; null when absent.</summary>
    public static bool Matches(string? filter, Func<string, string, string?> lookup)
    {
        if (string.IsNullOrWhiteSpace(filter))
            return true;
        foreach (var clause in AndPattern().Split(filter))
        {
            var match = ClausePattern().Match(clause);
            if (!match.Success)
                throw new FakeMlflowError(400, "INVALID_PARAMETER_VALUE", $"Invalid filter clause '{clause}'");
            var kind = match.Groups["kind"].Value.ToLowerInvariant() switch
            {
                "tag" or "tags" => "tags",
                "param" or "params" => "params",
                "metric" or "metrics" => "metrics",
                "" => "",
                _ => "attributes",
            };
            var key = match.Groups["key"].Value.Trim('`', '"');
            var expected = match.Groups["value"].Value;
            expected = expected.Length > 1 && expected[0] is '\'' or '"' ? expected[1..^1] : expected;
            var actual = lookup(kind, key);
            if (!Compare(actual, match.Groups["op"].Value.ToUpperInvariant(), expected))
                return false;
        }
        return true;
    }

    private static bool Compare(string? actual, string op, string expected)
    {
        if (actual is null)
            return op == "!=";
        if (op is "<" or ">" or "<=" or ">=")
        {
            var a = double.Parse(actual, CultureInfo.InvariantCulture);
            var e = double.Parse(expected, CultureInfo.InvariantCulture);
            return op switch { "<" => a < e, ">" => a > e, "<=" => a <= e, _ => a >= e };
        }
        return op switch
        {
            "=" => actual == expected,
            "!=" => actual != expected,
            "LIKE" => Regex.IsMatch(actual, "^" + Regex.Escape(expected).Replace("%", ".*", StringComparison.Ordinal) + "$"),
            "ILIKE" => Regex.IsMatch(actual, "^" + Regex.Escape(expected).Replace("%", ".*", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase),
            _ => throw new FakeMlflowError(400, "INVALID_PARAMETER_VALUE", $"Invalid comparator '{op}'"),
        };
    }

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndPattern();

    [GeneratedRegex(@"^\s*(?:(?<kind>tags|tag|params|param|metrics|metric|attributes|attribute|attr|run)\.)?(?<key>`[^`]+`|""[^""]+""|[\w.\-]+)\s*(?<op>!=|<=|>=|=|<|>|LIKE|ILIKE)\s*(?<value>'[^']*'|""[^""]*""|[-+\d.eE]+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ClausePattern();
}
