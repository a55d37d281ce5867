using ScottPlot;
using SkiaSharp;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// The font the plots are drawn with: DejaVu Sans, embedded. Skia lays text out with the font it is given and, with
/// none, draws no text at all, which is what a bare CI image (no fonts installed) would give. The HTML embeds the same
/// font, so the browser shows the text at the very places it was measured for.
/// </summary>
internal static class ReportFont
{
    public const string Name = "DejaVu Sans";

    private const string Resource = "Sdk.MlOps.Reports.Rendering.DejaVuSans.ttf";

    private static readonly Lazy<byte[]> Bytes = new(() =>
    {
        using var stream = typeof(ReportFont).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The assembly lacks its embedded font '{Resource}'.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    private static readonly Lazy<SKTypeface> Typeface = new(() => SKTypeface.FromData(SKData.CreateCopy(Bytes.Value))
        ?? throw new InvalidOperationException("The embedded font could not be read."));

    private static readonly object Gate = new();
    private static bool _registered;

    /// <summary>The font file, for the HTML's <c>@font-face</c>.</summary>
    public static byte[] File => Bytes.Value;

    /// <summary>
    /// The font for a plot whose text is <paramref name="texts"/>: the embedded one when it has every character, else
    /// one of the machine's that has them (class names in a script the subset lacks), else the embedded one anyway.
    /// </summary>
    public static string For(IEnumerable<string> texts)
    {
        Register();
        var all = string.Concat(texts);
        if (all.Length == 0 || Typeface.Value.ContainsGlyphs(all)) return Name;
        var detected = Fonts.Detect(all);
        return string.IsNullOrEmpty(detected) ? Name : detected;
    }

    /// <summary>Teaches ScottPlot the embedded font, once per process: its resolver list is global.</summary>
    private static void Register()
    {
        lock (Gate)
        {
            if (_registered) return;
            Fonts.FontResolvers.Insert(0, new Resolver());
            _registered = true;
        }
    }

    private sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            fontName == Name ? Typeface.Value : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => fontName == Name ? Typeface.Value : null;
    }
}
