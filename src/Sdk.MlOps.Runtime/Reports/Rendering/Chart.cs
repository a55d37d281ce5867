namespace Sdk.MlOps.Reports.Rendering;

/// <summary>A drawn plot: inline SVG for the HTML, in the report section <see cref="Section"/>, wide when it needs a row to itself.</summary>
internal sealed record Chart(string Section, string Title, string Svg, bool Wide = false);
