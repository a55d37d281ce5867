using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sdk.MlOps.MLflow;

/// <summary>
/// YAML text kept as written, for values this store does not interpret (<c>tags: []</c>, or the nested
/// <c>aliases:</c> block MLflow 2.12 writes into a model's meta.yaml), so a rewrite does not drop them.
/// </summary>
internal sealed record YamlRaw(string Text);

/// <summary>
/// The flat <c>key: value</c> meta.yaml files of MLflow's file store, written the way
/// <c>yaml.safe_dump(default_flow_style=False, allow_unicode=True, sort_keys=True)</c> writes them, except that IDs
/// are always quoted and other strings are quoted a little more eagerly (MLflow reads with SafeLoader, so only the
/// values must match). Values are <see cref="string"/>, <see cref="long"/>, null, <see cref="YamlRaw"/>, or a
/// string-to-string map written as a nested block (a dataset input's <c>tags</c>).
/// </summary>
internal static partial class MetaYaml
{
    /// <summary>IDs are always quoted: an all-digit ID written plain would read back as an int and lose leading zeros.</summary>
    private static readonly HashSet<string> QuotedKeys = ["experiment_id", "run_id", "run_uuid"];

    private static readonly HashSet<string> YamlWords = new(StringComparer.Ordinal)
    {
        "null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE",
        "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
    };

    public static string Format(IReadOnlyDictionary<string, object?> map)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in map.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append(':');
            switch (value)
            {
                case YamlRaw raw when raw.Text.StartsWith('\n'):
                    text.Append(raw.Text.TrimEnd('\n'));
                    break;
                case YamlRaw raw:
                    text.Append(' ').Append(raw.Text);
                    break;
                case IReadOnlyDictionary<string, string> { Count: 0 }:
                    text.Append(" {}");
                    break;
                case IReadOnlyDictionary<string, string> nested:
                    // As PyYAML's block style: two spaces in, keys sorted.
                    foreach (var (innerKey, innerValue) in nested.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                        text.Append("\n  ").Append(Scalar(innerKey, quote: false)).Append(": ").Append(Scalar(innerValue, quote: false));
                    break;
                default:
                    text.Append(' ').Append(Scalar(value, QuotedKeys.Contains(key)));
                    break;
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Writes beside the target and renames over it, so a concurrent reader (the MLflow server too) never sees half a file.</summary>
    public static void WriteAtomic(string path, IReadOnlyDictionary<string, object?> map) =>
        // The temp file sits in the same folder (a rename is atomic only within one file system); MLflow lists only
        // sub-folders of the folders holding a meta.yaml, so it never mistakes the temp file for an entity.
        StoreFiles.Replace(path, new UTF8Encoding(false).GetBytes(Format(map)), Path.GetDirectoryName(path)!);

    /// <summary>
    /// Null when the file is missing: a folder still being made, or left half-made by an older writer, which readers
    /// skip as MLflow does. A file that is there but is not a flat mapping is damage (<see cref="Damaged"/>): skipping
    /// it would let a create make a second experiment of the same name, or a version land on a model nobody can read.
    /// </summary>
    public static Dictionary<string, object?>? ReadIfPresent(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        try
        {
            return Parse(text);
        }
        catch (FormatException e)
        {
            throw Damaged(path, e.Message);
        }
    }

    /// <summary>
    /// A nested string map as <see cref="Parse"/> keeps it (a <see cref="YamlRaw"/> block, or <c>{}</c>); empty when
    /// the key is missing. Numbers and nulls read as their text, as MLflow would pass them on.
    /// </summary>
    public static Dictionary<string, string> StringMap(object? value)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (value)
        {
            case null:
            case YamlRaw { Text: "{}" }:
                return map;
            case YamlRaw raw when raw.Text.StartsWith('\n'):
                var lines = raw.Text[1..].Split('\n');
                var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart(' ').Length).DefaultIfEmpty(0).Min();
                foreach (var (key, item) in Parse(string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart(' ')))))
                    map[key] = item switch
                    {
                        null => "",
                        string text => text,
                        long number => number.ToString(CultureInfo.InvariantCulture),
                        _ => throw new FormatException($"The value of '{key}' is not a string."),
                    };
                return map;
            default:
                throw new FormatException("Expected a mapping of strings.");
        }
    }

    /// <summary>A meta.yaml that must be there (the entity was found by it a moment ago).</summary>
    public static Dictionary<string, object?> Read(string path) => ReadIfPresent(path) ?? throw Damaged(path, "it is missing");

    /// <summary>The store's one error for a damaged file: its path, what is wrong, what to do.</summary>
    public static MlflowException Damaged(string path, string why) => new(
        MlflowException.ErrorCodes.DataLoss,
        $"The file store's {path} is damaged: {why.TrimEnd('.')}. Restore it from a backup, or move its folder out of the store; until then it is neither read nor written over.");

    /// <summary>
    /// Reads the flat shape: one <c>key: scalar</c> per line. A scalar may continue on indented lines (PyYAML folds
    /// long strings at 80 columns); a key with an empty value followed by indented lines is a nested block, kept raw.
    /// Keys may be quoted, and PyYAML writes a key of 128 characters or more as <c>? key</c> with <c>: value</c> below.
    /// </summary>
    public static Dictionary<string, object?> Parse(string text)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || line.TrimStart().StartsWith('#') || line == "---") continue;
            if (char.IsWhiteSpace(line[0])) throw new FormatException($"Unexpected indented line {i + 1}: '{line}'.");
            string key, first;
            if (line.StartsWith("? ", StringComparison.Ordinal))
            {
                var keyLines = ContinuationOf(lines, ref i);
                key = ParseScalar(line[2..].Trim(), keyLines.Select(l => l.Trim()).ToList()) as string
                    ?? throw new FormatException($"The explicit key on line {i + 1} is not a string.");
                if (i + 1 >= lines.Length || !lines[i + 1].StartsWith(':')) throw new FormatException($"The explicit key '{key}' has no ': value' line.");
                first = lines[++i][1..].Trim();
            }
            else
            {
                (key, first) = SplitKey(line, i);
            }
            var continuation = ContinuationOf(lines, ref i);

            if (first.Length == 0 && continuation.Count > 0)
                map[key] = new YamlRaw("\n" + string.Join('\n', continuation));
            else
                map[key] = ParseScalar(first, continuation.Select(l => l.Trim()).ToList());
        }
        return map;
    }

    /// <summary>The indented lines after line <paramref name="i"/> (blank ones inside included), advancing past them.</summary>
    private static List<string> ContinuationOf(string[] lines, ref int i)
    {
        var continuation = new List<string>();
        while (i + 1 < lines.Length && (lines[i + 1].Length == 0 ? IsIndentedAhead(lines, i + 1) : char.IsWhiteSpace(lines[i + 1][0])))
            continuation.Add(lines[++i]);
        return continuation;
    }

    /// <summary>
    /// A plain key ends at the first ':' followed by a space or the line's end (so <c>a:b: 1</c> is key <c>a:b</c>);
    /// a quoted key at its closing quote.
    /// </summary>
    private static (string Key, string Value) SplitKey(string line, int index)
    {
        var end = -1;
        string key;
        if (line[0] == '\'')
        {
            for (var j = 1; j < line.Length; j++)
            {
                if (line[j] != '\'') continue;
                if (j + 1 < line.Length && line[j + 1] == '\'') { j++; continue; }
                end = j;
                break;
            }
            key = end < 0 ? "" : line[1..end].Replace("''", "'", StringComparison.Ordinal);
        }
        else if (line[0] == '"')
        {
            for (var j = 1; j < line.Length; j++)
            {
                if (line[j] == '\\') { j++; continue; }
                if (line[j] != '"') continue;
                end = j;
                break;
            }
            key = end < 0 ? "" : Unescape(line[1..(end + 1)], []);
        }
        else
        {
            for (var j = 0; j < line.Length; j++)
                if (line[j] == ':' && (j + 1 == line.Length || line[j + 1] == ' '))
                {
                    end = j - 1;
                    break;
                }
            key = end < 0 ? "" : line[..(end + 1)].TrimEnd();
        }
        var colon = end + 1;
        if (end < 0 || key.Length == 0 || colon >= line.Length || line[colon] != ':')
            throw new FormatException($"Line {index + 1} is not 'key: value': '{line}'.");
        return (key, line[(colon + 1)..].Trim());
    }

    private static bool IsIndentedAhead(string[] lines, int index)
    {
        for (var j = index; j < lines.Length; j++)
            if (lines[j].Length > 0) return char.IsWhiteSpace(lines[j][0]);
        return false;
    }

    private static object? ParseScalar(string first, List<string> more)
    {
        if (first.StartsWith('\''))
        {
            var body = Fold(first[1..], more);
            if (!body.EndsWith('\'')) throw new FormatException($"Unterminated quoted value '{first}'.");
            return body[..^1].Replace("''", "'", StringComparison.Ordinal);
        }
        if (first.StartsWith('"')) return Unescape(first[1..], more);
        if (first.StartsWith('[') || first.StartsWith('{') || first.StartsWith('|') || first.StartsWith('>'))
            return new YamlRaw(more.Count == 0 ? first : first + "\n  " + string.Join("\n  ", more));

        var plain = Fold(first, more);
        if (plain is "" or "~" or "null" or "Null" or "NULL") return null;
        if (IntPattern().IsMatch(plain) && long.TryParse(plain.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            return number;
        return plain;
    }

    /// <summary>YAML line folding: a single line break becomes a space, each further empty line a newline.</summary>
    private static string Fold(string first, List<string> more)
    {
        var text = new StringBuilder(first);
        var breaks = 0;
        foreach (var line in more)
        {
            if (line.Length == 0)
            {
                breaks++;
                continue;
            }
            text.Append(breaks == 0 ? " " : new string('\n', breaks));
            text.Append(line);
            breaks = 0;
        }
        return text.ToString();
    }

    private static string Unescape(string first, List<string> more)
    {
        // A trailing backslash joins the next line without the folding space.
        var lines = new List<string> { first };
        lines.AddRange(more);
        var joined = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var escapedBreak = line.EndsWith('\\') && !line.EndsWith("\\\\", StringComparison.Ordinal);
            joined.Append(escapedBreak ? line[..^1] : line);
            if (i + 1 < lines.Count && !escapedBreak) joined.Append(lines[i + 1].Length == 0 ? "\n" : " ");
        }

        var text = joined.ToString();
        var value = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"') return value.ToString();
            if (c != '\\')
            {
                value.Append(c);
                continue;
            }
            if (++i >= text.Length) break;
            switch (text[i])
            {
                case '0': value.Append('\0'); break;
                case 'a': value.Append('\a'); break;
                case 'b': value.Append('\b'); break;
                case 't': value.Append('\t'); break;
                case 'n': value.Append('\n'); break;
                case 'v': value.Append('\v'); break;
                case 'f': value.Append('\f'); break;
                case 'r': value.Append('\r'); break;
                case 'e': value.Append('\x1b'); break;
                case 'N': value.Append('\u0085'); break;
                case '_': value.Append('\u00a0'); break;
                case 'L': value.Append('\u2028'); break;
                case 'P': value.Append('\u2029'); break;
                case 'x': value.Append(Hex(text, ref i, 2)); break;
                case 'u': value.Append(Hex(text, ref i, 4)); break;
                case 'U': value.Append(Hex(text, ref i, 8)); break;
                default: value.Append(text[i]); break;
            }
        }
        throw new FormatException("Unterminated double-quoted value.");
    }

    private static string Hex(string text, ref int i, int digits)
    {
        if (i + digits >= text.Length) throw new FormatException("Truncated escape in a double-quoted value.");
        var code = int.Parse(text.AsSpan(i + 1, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        i += digits;
        return char.ConvertFromUtf32(code);
    }

    private static string Scalar(object? value, bool quote) => value switch
    {
        null => "null",
        long or int => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        string s when NeedsDoubleQuotes(s) => DoubleQuoted(s),
        string s when quote || !IsPlainSafe(s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        string s => s,
        _ => throw new ArgumentException($"meta.yaml cannot hold a {value.GetType().Name}.", nameof(value)),
    };

    /// <summary>
    /// Conservative: plain only when no YAML resolver could read the text as anything but this string. PyYAML
    /// writes a few more strings plain, which is harmless: readers see the same value either way.
    /// </summary>
    private static bool IsPlainSafe(string s) =>
        s.Length > 0 && PlainPattern().IsMatch(s) && !YamlWords.Contains(s) && !s.EndsWith(' ') && !s.EndsWith(':')
        && !s.Contains(": ", StringComparison.Ordinal) && !s.Contains(" #", StringComparison.Ordinal);

    private static bool NeedsDoubleQuotes(string s) =>
        s.Any(c => c < ' ' || c == '\x7f' || c == '\u0085' || c == '\u2028' || c == '\u2029' || c == '\ufeff');

    private static string DoubleQuoted(string s)
    {
        var text = new StringBuilder("\"");
        foreach (var rune in s.EnumerateRunes())
        {
            var c = rune.Value;
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                '\0' => "\\0",
                < 0x20 or 0x7f or 0x85 or 0x2028 or 0x2029 or 0xfeff => c <= 0xff ? $"\\x{c:X2}" : $"\\u{c:X4}",
                _ => rune.ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9_]*)$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[\p{L}_/][\p{L}\p{N}_ ./:@+=#-]*$")]
    private static partial Regex PlainPattern();
}
