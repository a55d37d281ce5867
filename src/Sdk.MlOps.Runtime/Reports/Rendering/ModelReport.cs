using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>The model report: an HTML file with plots to look at, and a Markdown file with the same tables to read in CI.</summary>
internal static class ModelReport
{
    /// <summary>
    /// Writes both files, each atomically (a reader sees the previous report or this one, never half of one). Each names
    /// the other by file name only: they travel together, into the bundle and the tracking store.
    /// </summary>
    public static void Write(ModelReportData data, string htmlPath, string markdownPath)
    {
        ArgumentNullException.ThrowIfNull(data);
        var content = ReportContent.From(data);
        var (charts, problem) = ChartSet.For(data);
        AtomicFile.WriteText(htmlPath, HtmlReport.Render(content, charts, problem, Path.GetFileName(markdownPath)));
        AtomicFile.WriteText(markdownPath, MarkdownReport.Render(content, Path.GetFileName(htmlPath)));
    }
}
