using System.Globalization;
using System.Text;

namespace Sdk.MlOps.Deployment;

/// <summary>
/// Writes YAML as text, line by line, two spaces per level, LF line endings. Every value that comes from the user
/// (model name, version, hash, image) goes through <see cref="Quote"/>, so a name like <c>a: "b" #c</c> or a
/// version like <c>1.2.3-beta+abc</c> stays one string scalar; keys and fixed values are written as they are.
/// </summary>
internal sealed class YamlText
{
    private readonly StringBuilder _text = new();

    /// <summary>One line at a depth (0 = top level).</summary>
    public YamlText Line(int depth, string text)
    {
        _text.Append(' ', depth * 2).Append(text).Append('\n');
        return this;
    }

    /// <summary>
    /// A comment of one or more lines at a depth. Carriage returns are dropped, so a raw string literal gives the same
    /// bytes from a checkout with either line ending.
    /// </summary>
    public YamlText Comment(int depth, string text)
    {
        foreach (var line in text.Replace("\r", "", StringComparison.Ordinal).Split('\n')) Line(depth, line.Length == 0 ? "#" : "# " + line);
        return this;
    }

    /// <summary>A map of string values, each quoted.</summary>
    public YamlText Map(int depth, IEnumerable<KeyValuePair<string, string>> entries)
    {
        foreach (var (key, value) in entries) Line(depth, $"{key}: {Quote(value)}");
        return this;
    }

    public override string ToString() => _text.ToString();

    /// <summary>
    /// A double-quoted YAML scalar: <c>"</c> and <c>\</c> escaped, and every character YAML does not allow as it is
    /// (C0 and C1 controls, line and paragraph separators, the byte-order mark, non-characters) written as an escape,
    /// so the value can never end its line, start a comment, or be read as a number, a boolean or null.
    /// A lone surrogate, which no UTF-8 file can hold, becomes U+FFFD.
    /// </summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var s = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': s.Append("\\\""); break;
                case '\\': s.Append("\\\\"); break;
                case '\n': s.Append("\\n"); break;
                case '\r': s.Append("\\r"); break;
                case '\t': s.Append("\\t"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        s.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        s.Append('\uFFFD');
                    }
                    else if (c is (>= ' ' and <= '~') or (>= '\u00A0' and <= '\uD7FF' and not '\u2028' and not '\u2029') or (>= '\uE000' and <= '\uFFFD' and not '\uFEFF'))
                    {
                        s.Append(c);
                    }
                    else
                    {
                        s.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    break;
            }
        }
        return s.Append('"').ToString();
    }
}
