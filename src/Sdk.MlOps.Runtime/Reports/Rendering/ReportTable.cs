namespace Sdk.MlOps.Reports.Rendering;

/// <summary>How a cell reads: a verdict is coloured in HTML and marked in Markdown.</summary>
internal enum Tone
{
    None,
    Pass,
    Fail,
    Muted,
}

internal sealed record Cell(string Text, Tone Tone = Tone.None)
{
    public static implicit operator Cell(string text) => new(text);
}

/// <summary>A table both files print alike; <see cref="Numeric"/> columns are right-aligned.</summary>
internal sealed record ReportTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<Cell>> Rows)
{
    public string? Caption { get; init; }

    public IReadOnlySet<int> Numeric { get; init; } = new HashSet<int>();
}

/// <summary>
/// One part of the report: its tables, in both files, and in the HTML its charts. <see cref="Folded"/> tables repeat
/// what the charts show, so the HTML puts them behind a disclosure (no script needed) under the charts.
/// </summary>
internal sealed record ReportSection(string Id, string Title, IReadOnlyList<ReportTable> Tables)
{
    public string? Intro { get; init; }

    public bool Folded { get; init; }
}
