using System.Text;

namespace Sdk.MlOps.Diagnostics;

/// <summary>
/// Data quoted in a message: bounded, because a field or a header can be megabytes long, and printable, because a
/// control character would break the one-line protocol and the terminal.
/// </summary>
internal static class Echo
{
    public const int MaxChars = 200;

    public static string Of(ReadOnlySpan<char> text, int max = MaxChars)
    {
        var sb = new StringBuilder(Math.Min(text.Length, max) + 16);
        foreach (var c in text)
        {
            if (sb.Length >= max)
            {
                sb.Append($"... ({text.Length} chars)");
                break;
            }

            switch (c)
            {
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (char.IsControl(c)) sb.Append($"\\u{(int)c:x4}");
                    else sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Names joined until the budget is spent, then how many more there are.</summary>
    public static string List(IReadOnlyList<string> names, int max = MaxChars)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < names.Count; i++)
        {
            var name = Of(names[i], max);
            if (sb.Length > 0 && sb.Length + name.Length + 2 > max)
            {
                sb.Append($", ... ({names.Count - i} more)");
                break;
            }

            if (sb.Length > 0) sb.Append(", ");
            sb.Append(name);
        }

        return sb.ToString();
    }
}
