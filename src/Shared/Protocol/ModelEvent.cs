namespace Sdk.MlOps.Protocol;

/// <summary>
/// One line the engine reports on standard output: <c>##mlops|kind|code|file|line|column|text</c>. The engine
/// formats it (Reporter), the RunModel task parses it. The text is the last field, so it may hold '|'; no field
/// holds a line break (replaced by a space), so neither side needs escaping rules.
/// </summary>
internal sealed class ModelEvent
{
    public const string Prefix = "##mlops|";

    /// <summary>An MSBuild error.</summary>
    public const string Error = "error";
    /// <summary>An MSBuild warning.</summary>
    public const string Warning = "warning";
    /// <summary>A message at normal verbosity.</summary>
    public const string Info = "info";
    /// <summary>A message at detailed verbosity.</summary>
    public const string Detail = "detail";

    private const int Fields = 6;

    public ModelEvent(string kind, string code, string file, int line, int column, string text)
    {
        Kind = kind;
        Code = code;
        File = file;
        Line = line;
        Column = column;
        Text = text;
    }

    public string Kind { get; }
    public string Code { get; }
    public string File { get; }
    public int Line { get; }
    public int Column { get; }
    public string Text { get; }

    /// <summary>The event as one output line; '|' in the file name would shift the fields, so it becomes '/'.</summary>
    public string Format() =>
        Prefix + string.Join("|",
            Kind, Code, OneLine(File).Replace('|', '/'),
            Line.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Column.ToString(System.Globalization.CultureInfo.InvariantCulture),
            OneLine(Text));

    /// <summary>The event a line holds, or null for any other output of the program.</summary>
    public static ModelEvent? Parse(string line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var parts = line.Substring(Prefix.Length).Split(['|'], Fields);
        if (parts.Length != Fields) return null;
        int.TryParse(parts[3], out var lineNumber);
        int.TryParse(parts[4], out var column);
        return new ModelEvent(parts[0], parts[1], parts[2], lineNumber, column, parts[5]);
    }

    private static string OneLine(string? s) => (s ?? "").Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ');
}
