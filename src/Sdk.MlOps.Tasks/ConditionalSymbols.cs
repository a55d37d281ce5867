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

    /// <summary>
    /// The defined constants among those the sources test, sorted. What each source tests is remembered in
    /// <paramref name="recordPath"/> by the source's content fingerprint, so an unchanged build reads no source.
    /// </summary>
    public static IEnumerable<string> Used(string defineConstants, IEnumerable<(string Path, string Fingerprint)> sources, string? recordPath)
    {
        var defined = new HashSet<string>(
            defineConstants.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(d => d.Trim()).Where(d => d.Length > 0),
            StringComparer.Ordinal);
        var known = Load(recordPath);
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, fingerprint) in sources)
            current[fingerprint] = known.TryGetValue(fingerprint, out var symbols) ? symbols : Scan(path);
        if (recordPath is not null && (current.Count != known.Count || current.Any(c => !known.ContainsKey(c.Key))))
            Save(recordPath, current);

        var tested = new HashSet<string>(current.Values.SelectMany(v => v.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries)), StringComparer.Ordinal);
        return defined.Where(tested.Contains).OrderBy(s => s, StringComparer.Ordinal);
    }

    /// <summary>The symbols one source tests, comma-separated.</summary>
    private static string Scan(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }

        var tested = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in Directive.Matches(text))
            foreach (Match id in Identifier.Matches(StripComment(m.Groups["expr"].Value)))
                tested.Add(id.Value);
        foreach (Match m in ConditionalAttribute.Matches(text))
            tested.Add(m.Groups["name"].Value);
        return string.Join(",", tested);
    }

    private static Dictionary<string, string> Load(string? recordPath)
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        if (recordPath is null || !File.Exists(recordPath)) return known;
        try
        {
            foreach (var fields in File.ReadAllLines(recordPath).Select(l => l.Split('\t')))
                if (fields.Length == 2) known[fields[0]] = fields[1];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { known.Clear(); }
        return known;
    }

    private static void Save(string recordPath, Dictionary<string, string> current)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(recordPath))!);
            File.WriteAllLines(recordPath, current.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key + "\t" + c.Value));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a speed-up: the next build scans again.
        }
    }

    private static string StripComment(string expression)
    {
        int at = expression.IndexOf("//", StringComparison.Ordinal);
        return at < 0 ? expression : expression.Substring(0, at);
    }
}
