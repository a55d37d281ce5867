namespace Sdk.MlOps.Diagnostics;

/// <summary>
/// Talks to the MSBuild task that started this process through prefixed stdout lines, one event per line:
/// <c>##mlops|kind|code|file|line|column|text</c>. The text is the last field, so it may hold '|'; no field
/// holds a line break (replaced by a space), so the task needs no escaping rules.
/// An observer sees every event too: the gate test application turns them into test results.
/// </summary>
public sealed class Reporter(TextWriter output, Action<ReportedEvent>? observer = null)
{
    public const string Prefix = "##mlops|";

    public static Reporter Console { get; } = new(System.Console.Out);

    public bool HasErrors { get; private set; }

    public void Error(string code, string message, SourceLocation location = default)
    {
        HasErrors = true;
        Write("error", code, location, message);
    }

    public void Error(MlOpsException e) => Error(e.Code, e.Message, e.Location);

    public void Warning(string code, string message, SourceLocation location = default) =>
        Write("warning", code, location, message);

    /// <summary>A line the user should see at normal verbosity.</summary>
    public void Info(string message) => Write("info", "", default, message);

    /// <summary>A line for detailed verbosity only.</summary>
    public void Detail(string message) => Write("detail", "", default, message);

    private void Write(string kind, string code, SourceLocation at, string text)
    {
        var line = string.Join('|', kind, code, OneLine(at.File).Replace('|', '/'), at.Line.ToString(), at.Column.ToString(), OneLine(text));
        lock (output)
        {
            observer?.Invoke(new ReportedEvent(kind, code, at, text));
            output.WriteLine(Prefix + line);
            output.Flush();
        }
    }

    private static string OneLine(string? s) => (s ?? "").Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ');
}

/// <summary>One event as the reporter reported it: <c>error</c>, <c>warning</c>, <c>info</c> or <c>detail</c>.</summary>
public sealed record ReportedEvent(string Kind, string Code, SourceLocation Location, string Text)
{
    /// <summary>MSBuild's canonical form for errors and warnings (<c>file(line,col): error CODE: text</c>), the text otherwise.</summary>
    public override string ToString()
    {
        if (Code.Length == 0) return Text;
        var at = Location.File is { Length: > 0 } file
            ? Location.Line > 0 ? $"{file}({Location.Line},{Math.Max(1, Location.Column)}): " : file + ": "
            : "";
        return $"{at}{Kind} {Code}: {Text}";
    }
}
