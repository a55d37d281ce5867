using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// Turns a ScottPlot plot into SVG fit to sit inline in an HTML page beside others: no XML declaration, a viewBox so it
/// scales to the page, ids of its own (every plot names its clip paths alike, and one page holds one id once), and
/// lists of glyph positions without the trailing separator Skia leaves, which strict SVG readers reject.
/// </summary>
internal static partial class PlotSvg
{
    /// <summary>Draws the plot and disposes of it: its native canvas is freed here, not left to the finalizer.</summary>
    public static Chart Render(Plot plot, string section, string id, string title, int width, int height, bool wide = false)
    {
        string svg;
        using (plot) svg = plot.GetSvgXml(width, height);
        svg = Declaration().Replace(svg, "");
        svg = svg.Replace("<svg ", $"<svg viewBox=\"0 0 {width.ToString(CultureInfo.InvariantCulture)} {height.ToString(CultureInfo.InvariantCulture)}\" role=\"img\" aria-label=\"{Html.Encode(title)}\" ", StringComparison.Ordinal);
        svg = Ids().Replace(svg, m => m.Groups[1].Value + id + "-" + m.Groups[2].Value);
        svg = TrailingSeparator().Replace(svg, "$1\"");
        return new Chart(section, title, svg.Trim(), wide);
    }

    [GeneratedRegex(@"<\?xml[^>]*\?>\s*")]
    private static partial Regex Declaration();

    /// <summary><c>id="x"</c>, <c>url(#x)</c> and <c>href="#x"</c>: the name after the opening is prefixed.</summary>
    [GeneratedRegex(@"(\bid=""|url\(#|href=""#)([^""\)]+)")]
    private static partial Regex Ids();

    [GeneratedRegex(@"(\s[xy]=""[^""]*?),\s*""")]
    private static partial Regex TrailingSeparator();
}
