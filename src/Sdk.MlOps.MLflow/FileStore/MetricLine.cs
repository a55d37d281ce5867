using System.Globalization;

namespace Sdk.MlOps.MLflow;

/// <summary>
/// One line of a <c>metrics/&lt;key&gt;</c> file: <c>&lt;timestamp_ms&gt; &lt;value&gt; &lt;step&gt;\n</c>, read by
/// Python's <c>int()</c> and <c>float()</c>, so numbers are invariant and the specials are spelled as float() reads them.
/// </summary>
internal static class MetricLine
{
    public static string Format(Metric metric) => string.Create(
        CultureInfo.InvariantCulture,
        $"{metric.Timestamp} {FormatValue(metric.Value)} {metric.Step}\n");

    public static string FormatValue(double value) => value switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "Infinity",
        double.NegativeInfinity => "-Infinity",
        // "R" is the shortest text that reads back to the same double, e.g. 0.1 → "0.1", 1e-5 → "1E-05".
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Reads 2 fields (old MLflow, step 0), 3 fields, or 5 (newer MLflow appends a dataset name and digest).
    /// Python writes specials as <c>nan</c>, <c>inf</c>, <c>-inf</c>.
    /// </summary>
    public static Metric Parse(string key, string line)
    {
        var parts = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is not (2 or 3 or 5))
            throw new MlflowException(MlflowException.ErrorCodes.InternalError, $"Metric '{key}' has a malformed line '{line.Trim()}': expected 2, 3 or 5 fields.");
        try
        {
            var timestamp = long.Parse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            var step = parts.Length >= 3 ? long.Parse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
            return new Metric(key, ParseValue(parts[1]), timestamp, step);
        }
        catch (FormatException e)
        {
            throw new MlflowException(MlflowException.ErrorCodes.InternalError, $"Metric '{key}' has a malformed line '{line.Trim()}'.", inner: e);
        }
    }

    public static double ParseValue(string text) => text.ToLowerInvariant() switch
    {
        "nan" or "+nan" or "-nan" => double.NaN,
        "inf" or "+inf" or "infinity" or "+infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The value MLflow shows as "the" metric: the largest (step, timestamp, value), so a later step wins even if
    /// logged earlier.
    /// </summary>
    public static Metric Latest(IEnumerable<Metric> history) =>
        history.Aggregate((best, next) => Compare(next, best) > 0 ? next : best);

    private static int Compare(Metric a, Metric b)
    {
        var byStep = a.Step.CompareTo(b.Step);
        if (byStep != 0) return byStep;
        var byTime = a.Timestamp.CompareTo(b.Timestamp);
        return byTime != 0 ? byTime : a.Value.CompareTo(b.Value);
    }

    /// <summary>Every line of a metric file; a last line a writer has not finished yet is skipped if it does not parse.</summary>
    public static List<Metric> ReadAll(string key, string path)
    {
        var text = File.ReadAllText(path);
        var lines = text.Split('\n');
        var metrics = new List<Metric>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var last = i == lines.Length - 1;
            try
            {
                metrics.Add(Parse(key, lines[i]));
            }
            catch (MlflowException) when (last)
            {
            }
        }
        return metrics;
    }
}
