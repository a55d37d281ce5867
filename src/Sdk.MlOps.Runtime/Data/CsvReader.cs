using System.Text;

namespace Sdk.MlOps.Data;

/// <summary>One record of a delimited file: its fields and the physical line it starts on (1-based).</summary>
internal readonly record struct CsvRecord(int Line, string[] Fields);

/// <summary>
/// A forward-only reader for CSV/TSV. With quoting on, a field in double quotes may hold the separator, doubled
/// quotes and line breaks (RFC 4180); with quoting off every quote is an ordinary character, as some real
/// files (e.g. issue text) need.
/// </summary>
internal static class CsvReader
{
    public static IEnumerable<CsvRecord> Read(string path, char separator, bool allowQuoting)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var fields = new List<string>();
        var field = new StringBuilder();
        int lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            int start = lineNumber;
            if (line.Length == 0) continue;
            if (!allowQuoting)
            {
                yield return new CsvRecord(start, line.Split(separator));
                continue;
            }

            fields.Clear();
            field.Clear();
            bool inQuotes = false;
            int i = 0;
            while (true)
            {
                if (i == line.Length)
                {
                    if (!inQuotes) break;
                    // A quoted field continues on the next physical line.
                    line = reader.ReadLine();
                    if (line is null) break;
                    lineNumber++;
                    field.Append('\n');
                    i = 0;
                    continue;
                }

                char c = line[i++];
                if (inQuotes)
                {
                    if (c != '"') field.Append(c);
                    else if (i < line.Length && line[i] == '"') { field.Append('"'); i++; }
                    else inQuotes = false;
                }
                else if (c == separator) { fields.Add(field.ToString()); field.Clear(); }
                else if (c == '"' && field.Length == 0) inQuotes = true;
                else field.Append(c);
            }

            fields.Add(field.ToString());
            yield return new CsvRecord(start, fields.ToArray());
        }
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
