namespace Sdk.MlOps.Profiling;

/// <summary>
/// What a data set looked like: per input column its type, count, missing values and distribution. Written as
/// <c>data-profile.json</c> into every bundle; the test data and production data are compared with it.
/// </summary>
internal sealed record DataProfile
{
    /// <summary>Raised when a field changes meaning; a reader refuses a profile of another format.</summary>
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    /// <summary>training, test or production: which data was profiled.</summary>
    public required string Source { get; init; }

    public required long Rows { get; init; }

    public required IReadOnlyList<ColumnProfile> Columns { get; init; }

    /// <summary>
    /// What the model predicted on these rows (the test set's at publish), the reference of prediction drift: the
    /// columns PredictedLabel (classification) and Score (the top class's score for multiclass).
    /// </summary>
    public DataProfile? Predictions { get; init; }

    public ColumnProfile? Find(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>How a column is compared: numbers by distribution, categories by frequency, text by its words.</summary>
internal static class ColumnKind
{
    public const string Numeric = "numeric";
    public const string Categorical = "categorical";
    public const string Text = "text";
    /// <summary>A vector (float[]) or an id column: counted only, never compared.</summary>
    public const string Counted = "counted";
}

/// <summary>One column. Exactly the parts of its <see cref="Kind"/> are set; <see cref="Categories"/> also for a number with few values.</summary>
internal sealed record ColumnProfile
{
    public required string Name { get; init; }
    /// <summary>The input member's type: Single, String, Boolean...</summary>
    public required string Type { get; init; }
    public required string Kind { get; init; }
    /// <summary>feature, label or id.</summary>
    public required string Role { get; init; }
    public required long Count { get; init; }
    /// <summary>NaN numbers and empty strings.</summary>
    public required long Missing { get; init; }
    public NumericProfile? Numeric { get; init; }

    /// <summary>How many quantiles a numeric profile keeps: steps of 0.1 %.</summary>
    public const int QuantileCount = 1001;
    public CategoryProfile? Categories { get; init; }
    public TextProfile? Text { get; init; }

    public double MissingShare => Count == 0 ? 0 : (double)Missing / Count;

    public const string FeatureRole = "feature";
    public const string LabelRole = "label";
    public const string IdRole = "id";
}

/// <remarks>Quantiles: The quantiles in steps of 0.1 %, the minimum first and the maximum last (1,001 values): fine
/// enough that a tail (1 % of the rows spread over half the range, as clamped data has) is not smeared.</remarks>
/// <remarks>Histogram: Counts in 20 equal-width bins from the minimum to the maximum, for plots.</remarks>
internal sealed record NumericProfile(
    double Min, double Max, double Mean, double StdDev, IReadOnlyList<double> Quantiles, Histogram Histogram);

internal sealed record Histogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts);

/// <remarks>Distinct: Distinct values seen; when <paramref name="Exact"/> is false, at least this many.</remarks>
/// <remarks>Top: The most frequent values, most frequent first; all of them when <paramref name="Exact"/> and few.</remarks>
/// <remarks>Other: Values not in <paramref name="Top"/>.</remarks>
internal sealed record CategoryProfile(long Distinct, bool Exact, IReadOnlyList<ValueCount> Top, long Other)
{
    /// <summary>Every value seen is in <see cref="Top"/>: a value outside it was never seen.</summary>
    public bool Complete => Exact && Other == 0;

    public long Total => Top.Sum(t => t.Count) + Other;
}

internal sealed record ValueCount(string Value, long Count);

/// <remarks>Length: Characters per value.</remarks>
/// <remarks>Tokens: Words (lower-cased runs of letters and digits), counted over all values.</remarks>
internal sealed record TextProfile(NumericProfile Length, CategoryProfile Tokens);
