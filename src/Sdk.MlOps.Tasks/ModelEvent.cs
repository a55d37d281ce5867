namespace Sdk.MlOps.Tasks;

/// <summary>
/// One line the model process reported: <c>##mlops|kind|code|file|line|column|text</c>
/// (written by Sdk.MlOps.Diagnostics.Reporter). The text is last and may itself hold '|'.
/// </summary>
internal sealed class ModelEvent
{
    public const string Prefix = "##mlops|";

    private ModelEvent(string kind, string code, string file, int line, int column, string text)
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

    public static ModelEvent? Parse(string line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var parts = line.Substring(Prefix.Length).Split(['|'], 6);
        if (parts.Length != 6) return null;
        int.TryParse(parts[3], out var lineNumber);
        int.TryParse(parts[4], out var column);
        return new ModelEvent(parts[0], parts[1], parts[2], lineNumber, column, parts[5]);
    }
}
