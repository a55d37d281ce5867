using System.Text.RegularExpressions;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// The compile constants that can change what the sources mean: those a source tests with <c>#if</c>/<c>#elif</c>
/// or names in <c>[Conditional("...")]</c>. Debug and Release differ in DEBUG and in optimisation, neither of which
/// changes a pipeline that never tests DEBUG; keying on the full constant list would train the same model twice.
/// </summary>
internal static class ConditionalSymbols
{
    private static readonly Regex Directive = new(@"^\s*#\s*(?:if|elif)\b(?<expr>.*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
    private static readonly Regex Identifier = new(@"[A-Za-z_][A-Za-z0-9_]*", RegexOptions.CultureInvariant);
    private static readonly Regex ConditionalAttribute = new(@"Conditional\s*\(\s*""(?<name>[A-Za-z_][A-Za-z0-9_]*)""", RegexOptions.CultureInvariant);

    /// <summary>The defined constants among those the sources test, sorted.</summary>
    public static IEnumerable<string> Used(string defineConstants, IEnumerable<string> sourcePaths)
    {
        var defined = new HashSet<string>(
            defineConstants.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(d => d.Trim()).Where(d => d.Length > 0),
            StringComparer.Ordinal);
        var tested = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in sourcePaths)
        {
            string text;
            try { text = File.ReadAllText(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }

            foreach (Match m in Directive.Matches(text))
                foreach (Match id in Identifier.Matches(StripComment(m.Groups["expr"].Value)))
                    tested.Add(id.Value);
            foreach (Match m in ConditionalAttribute.Matches(text))
                tested.Add(m.Groups["name"].Value);
        }

        return defined.Where(tested.Contains).OrderBy(s => s, StringComparer.Ordinal);
    }

    private static string StripComment(string expression)
    {
        int at = expression.IndexOf("//", StringComparison.Ordinal);
        return at < 0 ? expression : expression.Substring(0, at);
    }
}
