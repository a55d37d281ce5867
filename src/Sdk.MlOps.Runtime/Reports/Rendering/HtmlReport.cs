using System.Text;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// The report as one HTML file that needs nothing else: styles inline, plots as inline SVG, their font as a data URI,
/// no script and no link out, so it opens the same from a CI artifact, an MLflow run or a mail, and prints. It is
/// also well-formed XML, which lets tests (and tools) read it back.
/// </summary>
internal static class HtmlReport
{
    public static string Render(ReportContent content, IReadOnlyList<Chart> charts, string? chartProblem, string markdownName)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
            .Append("<meta name=\"generator\" content=\"Sdk.MlOps\" />\n")
            .Append("<title>").Append(Html.Encode(content.Kind + ": " + content.Title)).Append("</title>\n<style>\n")
            .Append("@font-face { font-family: \"").Append(ReportFont.Name).Append("\"; src: url(data:font/ttf;base64,")
            .Append(Convert.ToBase64String(ReportFont.File)).Append(") format(\"truetype\"); }\n")
            .Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");

        html.Append("<header>\n<h1>").Append(Html.Encode(content.Title)).Append("</h1>\n")
            .Append("<p class=\"verdict ").Append(ToneClass(content.VerdictTone)).Append("\">").Append(Html.Encode(content.Verdict)).Append("</p>\n");
        if (content.Promotion is { } promotion) html.Append("<p class=\"promotion\">").Append(Html.Encode(promotion)).Append("</p>\n");
        html.Append("<dl class=\"facts\">\n");
        foreach (var (label, value) in content.Facts)
            html.Append("<div><dt>").Append(Html.Encode(label)).Append("</dt><dd>").Append(Html.Encode(value)).Append("</dd></div>\n");
        html.Append("</dl>\n</header>\n");

        foreach (var section in content.Sections)
        {
            var sectionCharts = charts.Where(c => c.Section == section.Id).ToArray();
            var problem = section.Id == ReportContent.Outcomes ? chartProblem : null;
            if (section.Tables.Count == 0 && sectionCharts.Length == 0 && section.Intro is null && problem is null) continue;
            html.Append("<section id=\"").Append(section.Id).Append("\">\n<h2>").Append(Html.Encode(section.Title)).Append("</h2>\n");
            if (section.Intro is { } intro) html.Append("<p>").Append(Html.Encode(intro)).Append("</p>\n");
            if (problem is not null) html.Append("<p class=\"notice\">").Append(Html.Encode(problem)).Append("</p>\n");
            var fold = section.Folded && sectionCharts.Length > 0;
            if (!fold) foreach (var table in section.Tables) Table(html, table);
            if (sectionCharts.Length > 0)
            {
                html.Append("<div class=\"charts\">\n");
                foreach (var chart in sectionCharts)
                    html.Append(chart.Wide ? "<figure class=\"wide\">\n" : "<figure>\n").Append(chart.Svg).Append("\n</figure>\n");
                html.Append("</div>\n");
            }
            if (fold)
                foreach (var table in section.Tables)
                {
                    html.Append("<details>\n<summary>").Append(Html.Encode("Table: " + (table.Caption ?? section.Title))).Append("</summary>\n");
                    Table(html, table with { Caption = null });
                    html.Append("</details>\n");
                }
            html.Append("</section>\n");
        }

        html.Append("<footer>Written by Sdk.MlOps. The same tables, without the plots, are in ")
            .Append(Html.Encode(markdownName)).Append(".</footer>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Table(StringBuilder html, ReportTable table)
    {
        html.Append("<div class=\"table\"><table>\n");
        if (table.Caption is { } caption) html.Append("<caption>").Append(Html.Encode(caption)).Append("</caption>\n");
        html.Append("<thead><tr>");
        for (var c = 0; c < table.Headers.Count; c++)
            html.Append(table.Numeric.Contains(c) ? "<th class=\"num\">" : "<th>").Append(Html.Encode(table.Headers[c])).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var c = 0; c < row.Count; c++)
            {
                var classes = string.Join(" ", new[] { table.Numeric.Contains(c) ? "num" : "", ToneClass(row[c].Tone) }.Where(s => s.Length > 0));
                html.Append(classes.Length > 0 ? $"<td class=\"{classes}\">" : "<td>").Append(Html.Encode(row[c].Text)).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table></div>\n");
    }

    private static string ToneClass(Tone tone) => tone switch
    {
        Tone.Pass => "pass",
        Tone.Fail => "fail",
        Tone.Muted => "muted",
        _ => "",
    };

    private const string Style = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f6f7f9; color: #1f2328; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans", sans-serif; }
        main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 48px; }
        h1 { font-size: 26px; margin: 0 0 4px; overflow-wrap: anywhere; }
        h2 { font-size: 19px; margin: 0 0 10px; }
        .verdict { display: inline-block; padding: 6px 14px; border-radius: 6px; font-weight: 600; margin: 8px 0; }
        .pass { color: #1a7f37; }
        .fail { color: #cf222e; font-weight: 600; }
        .muted { color: #57606a; }
        .verdict.pass { background: #dafbe1; }
        .verdict.fail { background: #ffebe9; }
        .verdict.muted { background: #eaeef2; }
        .promotion { margin: 4px 0 0; }
        .notice { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: 8px 12px; }
        dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 10px 24px; margin: 18px 0 8px; }
        dl.facts dt { font-size: 12px; color: #57606a; text-transform: uppercase; letter-spacing: 0.04em; }
        dl.facts dd { margin: 0; font-weight: 600; overflow-wrap: break-word; }
        section { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
        section > p { margin: 0 0 10px; max-width: 75em; }
        div.table { overflow-x: auto; }
        table { border-collapse: collapse; font-size: 14px; margin: 6px 0 10px; }
        caption { text-align: left; font-weight: 600; padding: 4px 0; }
        th, td { padding: 5px 12px; border-bottom: 1px solid #d8dee4; text-align: left; vertical-align: top; }
        th { background: #f6f8fa; font-weight: 600; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .charts { display: flex; flex-wrap: wrap; gap: 16px; }
        figure { margin: 0; flex: 1 1 480px; max-width: 600px; }
        figure.wide { flex-basis: 100%; max-width: 1100px; }
        figure svg { display: block; width: 100%; height: auto; border: 1px solid #eaeef2; border-radius: 4px; }
        details { margin: 10px 0 0; }
        summary { cursor: pointer; color: #0969da; }
        footer { color: #57606a; font-size: 13px; margin-top: 24px; }
        @media print {
          body { background: #fff; font-size: 10.5pt; }
          main { max-width: none; padding: 0; }
          section { border: none; padding: 0; margin: 14pt 0; }
          h2 { break-after: avoid; }
          div.table { overflow: visible; }
          table { font-size: 8.5pt; }
          th, td { padding: 3px 6px; }
          figure, tr, dl.facts { break-inside: avoid; }
          figure { max-width: 48%; }
          figure.wide { max-width: 100%; }
          details::details-content { content-visibility: visible; display: contents; }
          summary { color: inherit; }
        }

        """;
}
