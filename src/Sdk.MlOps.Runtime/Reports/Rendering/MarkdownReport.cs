using System.Text;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// The report as Markdown, for where people read text: a CI job summary, a pull request, a terminal. Tables and
/// words only: a job summary does not show images from data URIs reliably, so the plots stay in the HTML.
/// </summary>
internal static class MarkdownReport
{
    public static string Render(ReportContent content, string htmlName)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(Escape(content.Kind)).Append(": ").Append(Escape(content.Title)).Append("\n\n");
        md.Append("**").Append(Mark(content.VerdictTone)).Append(Escape(content.Verdict)).Append("**\n\n");
        if (content.Promotion is { } promotion) md.Append(Escape(promotion)).Append("\n\n");
        Table(md, new ReportTable(content.Facts.Select(f => f.Label).ToArray(), [content.Facts.Select(f => (Cell)f.Value).ToArray()]));

        foreach (var section in content.Sections)
        {
            if (section.Tables.Count == 0 && section.Intro is null) continue;
            md.Append("## ").Append(Escape(section.Title)).Append("\n\n");
            if (section.Intro is { } intro) md.Append(Escape(intro)).Append("\n\n");
            foreach (var table in section.Tables) Table(md, table);
        }

        md.Append("_The plots are in the HTML report, ").Append(Escape(htmlName)).Append(", written beside this file._\n");
        return md.ToString();
    }

    private static void Table(StringBuilder md, ReportTable table)
    {
        if (table.Caption is { } caption) md.Append("**").Append(Escape(caption)).Append("**\n\n");
        md.Append('|');
        foreach (var header in table.Headers) md.Append(' ').Append(Escape(header)).Append(" |");
        md.Append("\n|");
        for (var c = 0; c < table.Headers.Count; c++) md.Append(table.Numeric.Contains(c) ? " ---: |" : " --- |");
        md.Append('\n');
        foreach (var row in table.Rows)
        {
            md.Append('|');
            foreach (var cell in row) md.Append(' ').Append(Mark(cell.Tone)).Append(Escape(cell.Text)).Append(" |");
            md.Append('\n');
        }
        md.Append('\n');
    }

    private static string Mark(Tone tone) => tone switch
    {
        Tone.Pass => "✅ ",
        Tone.Fail => "❌ ",
        _ => "",
    };

    /// <summary>
    /// Text as Markdown shows it literally in a table cell: a pipe would end the cell, a line break the row, and a
    /// tag (a class named &lt;unk&gt;) would vanish as HTML; emphasis and code marks would restyle a name.
    /// </summary>
    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
            builder.Append(c switch
            {
                '|' => "\\|",
                '\\' => "\\\\",
                '*' => "\\*",
                '_' => "\\_",
                '`' => "\\`",
                '<' => "&lt;",
                '>' => "&gt;",
                '\r' or '\n' => " ",
                _ => c.ToString(),
            });
        return builder.ToString();
    }
}
