using System.Text;

namespace Sdk.MlOps.Data;

/// <summary>
/// ML.NET TextLoader's rules for lines and fields, for what the SDK must know that the loader does not say: the
/// header's names, a record's physical line, and whether its quoting was broken (which the loader turns into an
/// empty field without telling). Values are never taken from here: ML.NET's own loader reads them.
/// </summary>
internal sealed class TextRules(char separator, bool allowQuoting, bool trimWhitespace, bool readMultilines)
{
    public bool ReadMultilines => allowQuoting && readMultilines;

    /// <summary>A line the loader skips: empty, a <c>//</c> comment anywhere, a <c>#</c> comment before the first record.</summary>
    public static bool IsSkipped(string line, bool beforeFirstRecord) =>
        line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal) || beforeFirstRecord && line[0] == '#';

    /// <summary>
    /// Whether the line ends inside a quoted field, so that with ReadMultilines the record goes on with the next line.
    /// <paramref name="insideQuotes"/>: the line starts inside a quoted field opened on an earlier line.
    /// </summary>
    public bool EndsInsideQuotes(string line, bool insideQuotes)
    {
        int i = 0;
        bool open = FieldEndsInsideQuotes(line, ref i, insideQuotes, out bool broken);
        while (i < line.Length && !broken)
        {
            // Runs of separators are empty fields.
            while (i < line.Length && line[i] == separator) i++;
            if (i == line.Length) break;
            open = FieldEndsInsideQuotes(line, ref i, false, out broken);
        }

        return open && !broken;
    }

    private bool FieldEndsInsideQuotes(string line, ref int i, bool insideQuotes, out bool broken)
    {
        broken = false;
        if (!insideQuotes) SkipSpaces(line, ref i);
        if (i >= line.Length) return insideQuotes;
        if (!insideQuotes && line[i] != '"')
        {
            while (i < line.Length && line[i] != separator) i++;
            return false;
        }

        if (!insideQuotes) i++;
        while (true)
        {
            if (i >= line.Length) return true;
            if (line[i++] != '"') continue;
            if (i >= line.Length) return false;
            if (line[i] == '"') { i++; continue; }
            break;
        }

        SkipSpaces(line, ref i);
        broken = i < line.Length && line[i] != separator;
        return false;
    }

    /// <summary>The column names of a header record: its fields, trimmed, without a byte-order mark.</summary>
    public string[] Names(string header) => Fields(header, out _).Select(f => f.Trim().Trim('\uFEFF')).ToArray();

    /// <summary>The fields of one record as the loader splits them; <paramref name="quotingError"/> when a quoted field is malformed.</summary>
    public List<string> Fields(string record, out bool quotingError)
    {
        var text = trimWhitespace ? record.TrimEnd() : record;
        var fields = new List<string>();
        var sb = new StringBuilder();
        quotingError = false;
        int i = 0;
        while (true)
        {
            SkipSpaces(text, ref i);
            if (i >= text.Length)
            {
                fields.Add("");
                return fields;
            }

            string field;
            if (allowQuoting && text[i] == '"')
            {
                bool bad = false;
                sb.Clear();
                i++;
                while (true)
                {
                    if (i >= text.Length) { bad = true; break; }
                    char c = text[i++];
                    if (c != '"') { sb.Append(c); continue; }
                    if (i < text.Length && text[i] == '"') { sb.Append('"'); i++; continue; }
                    break;
                }

                // After the closing quote only spaces may come before the separator.
                for (; i < text.Length; i++)
                {
                    if (text[i] == separator) break;
                    if (text[i] != ' ') bad = true;
                }

                quotingError |= bad;
                field = bad ? "" : sb.ToString();
            }
            else
            {
                int start = i;
                while (i < text.Length && text[i] != separator) i++;
                field = text[start..i];
            }

            fields.Add(field);
            if (i >= text.Length) return fields;
            i++;
        }
    }

    // The loader drops leading spaces (not tabs) of every field, unless space is the separator.
    private void SkipSpaces(string text, ref int i)
    {
        if (separator == ' ') return;
        while (i < text.Length && text[i] == ' ') i++;
    }

    /// <summary>Reads the separator as a user writes it in item metadata: a character or a name.</summary>
    public static char? ParseSeparator(string text) => text switch
    {
        "\\t" or "tab" or "Tab" or "\t" => '\t',
        "comma" => ',',
        "semicolon" => ';',
        "pipe" => '|',
        "space" => ' ',
        { Length: 1 } => text[0],
        _ => null,
    };
}
