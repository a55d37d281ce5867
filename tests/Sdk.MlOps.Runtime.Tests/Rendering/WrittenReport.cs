using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Sdk.MlOps.Reports.Rendering;

namespace Sdk.MlOps.Runtime.Tests.Rendering;

/// <summary>A report written to a temp folder and read back: the HTML parsed as XML, the Markdown as text.</summary>
internal sealed partial class WrittenReport : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly TempDirectory _dir = new();

    public WrittenReport(ModelReportData data)
    {
        HtmlPath = Path.Combine(_dir.Path, data.ModelName + ".report.html");
        MarkdownPath = Path.Combine(_dir.Path, data.ModelName + ".report.md");
        ModelReport.Write(data, HtmlPath, MarkdownPath);
        Html = File.ReadAllText(HtmlPath);
        Markdown = File.ReadAllText(MarkdownPath);
        using var reader = XmlReader.Create(new StringReader(Html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        Document = XDocument.Load(reader);
    }

    public string Folder => _dir.Path;

    public string HtmlPath { get; }

    public string MarkdownPath { get; }

    public string Html { get; }

    public string Markdown { get; }

    public XDocument Document { get; }

    /// <summary>Each plot: its title (the SVG's label) and the text drawn in it.</summary>
    public IReadOnlyList<(string Title, string[] Texts)> Plots => Document.Descendants("figure")
        .Select(f => f.Elements(Svg + "svg").Single())
        .Select(svg => ((string)svg.Attribute("aria-label")!, svg.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToArray()))
        .ToArray();

    public XElement Section(string id) => Document.Descendants("section").Single(s => (string?)s.Attribute("id") == id);

    /// <summary>The cells of each body row of the section's tables.</summary>
    public string[][] Rows(string section) => Section(section).Descendants("tbody").Elements("tr")
        .Select(tr => tr.Elements("td").Select(td => td.Value).ToArray()).ToArray();

    /// <summary>
    /// Every place a page can load something from: an attribute <c>href</c>/<c>src</c>, a CSS <c>url()</c>, an
    /// <c>@import</c>. Fragment links and data URIs stay inside the file.
    /// </summary>
    public string[] ExternalReferences() =>
    [
        .. Reference().Matches(Html).Select(m => m.Value).Where(v => !Local().IsMatch(v)),
        .. Document.Descendants().Where(e => e.Name.LocalName is "script" or "link" or "iframe" or "img" or "object").Select(e => e.Name.LocalName),
        .. Html.Contains("@import", StringComparison.Ordinal) ? ["@import"] : Array.Empty<string>(),
        .. Namespaces().Replace(Html, "") is var rest && (rest.Contains("http:", StringComparison.OrdinalIgnoreCase)
            || rest.Contains("https:", StringComparison.OrdinalIgnoreCase) || rest.Contains("file:", StringComparison.OrdinalIgnoreCase))
            ? ["a URL"] : Array.Empty<string>(),
    ];

    public void Dispose() => _dir.Dispose();

    [GeneratedRegex(@"(?:href|src)\s*=\s*""[^""]*""|url\([^)]*\)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^(?:(?:href|src)\s*=\s*""(?:#|data:)|url\((?:#|data:))")]
    private static partial Regex Local();

    /// <summary>An XML namespace name is an identifier, not a place the page loads from.</summary>
    [GeneratedRegex(@"xmlns(?::\w+)?=""[^""]*""")]
    private static partial Regex Namespaces();
}
