namespace Sdk.MlOps.Diagnostics;

/// <summary>
/// Talks to the MSBuild task that started this process through standard output, one <see cref="ModelEvent"/>
/// line per event (the format is the shared protocol's). An observer sees every event too: the gate test
/// application turns them into test results.
/// </summary>
internal sealed class Reporter(TextWriter output, Action<ReportedEvent>? observer = null)
{
    public static Reporter Console { get; } = new(System.Console.Out);

    /// <summary>Reports nothing: for a step whose failure its caller says in its own words.</summary>
    public static Reporter Silent { get; } = new(TextWriter.Null);

    public bool HasErrors { get; private set; }

    public void Error(string code, string message, SourceLocation location = default)
    {
        HasErrors = true;
        Write(ModelEvent.Error, code, location, message);
    }

    public void Error(MlOpsException e) => Error(e.Code, e.Message, e.Location);

    public void Warning(string code, string message, SourceLocation location = default) =>
        Write(ModelEvent.Warning, code, location, message);

    /// <summary>A line the user should see at normal verbosity.</summary>
    public void Info(string message) => Write(ModelEvent.Info, "", default, message);

    /// <summary>A line for detailed verbosity only.</summary>
    public void Detail(string message) => Write(ModelEvent.Detail, "", default, message);

    private void Write(string kind, string code, SourceLocation at, string text)
    {
        var line = new ModelEvent(kind, code, at.File ?? "", at.Line, at.Column, text).Format();
        lock (output)
        {
            observer?.Invoke(new ReportedEvent(kind, code, at, text));
            output.WriteLine(line);
            output.Flush();
        }
    }
}

/// <summary>One event as the reporter reported it: <c>error</c>, <c>warning</c>, <c>info</c> or <c>detail</c>.</summary>
internal sealed record ReportedEvent(string Kind, string Code, SourceLocation Location, string Text)
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
