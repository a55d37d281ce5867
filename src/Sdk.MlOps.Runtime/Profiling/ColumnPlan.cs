namespace Sdk.MlOps.Profiling;

/// <summary>
/// How one column is counted: its kind, the quantiles its grid is cut from, and what a data contract expects of it
/// (a range, a set of values) so values outside are counted on the way.
/// </summary>
internal sealed record ColumnPlan(string Name, string Type, string Kind, string Role)
{
    /// <summary>Bins per 0.1 % quantile span when comparing with a profile: 4,000 bins in all, fine enough for every statistic.</summary>
    public const int CompareSteps = 4;
    /// <summary>Bins per span of the rough first-pass quantiles when profiling: the exact quantiles come from these.</summary>
    public const int ProfileSteps = 8;

    public IReadOnlyList<double> Quantiles { get; init; } = [];
    public int Steps { get; init; } = CompareSteps;
    public IReadOnlyList<double> LengthQuantiles { get; init; } = [];
    /// <summary>Numbers outside it are counted (a contract's range).</summary>
    public (double? Min, double? Max) Range { get; init; }
    /// <summary>Values outside it are counted (a contract's categories); null: any value.</summary>
    public HashSet<string>? Domain { get; init; }

    /// <summary>Values that may be point masses: counted exactly, and edges of the grid (<see cref="FrequentValues"/>).</summary>
    public IReadOnlyList<double> Atoms { get; init; } = [];

    /// <summary>Equal-width edges added between the first and last quantile (profiling: the sketch's quantiles are rough).</summary>
    public int Uniform { get; init; }

    /// <summary>How many equal-width edges profiling adds.</summary>
    public const int ProfileUniform = 2048;

    /// <summary>The values of a number with few of them, counted one by one so they compare as categories.</summary>
    public IReadOnlyList<double> FewValues { get; init; } = [];

    /// <summary>The plan that counts other data like <paramref name="reference"/>, on its grid.</summary>
    public static ColumnPlan Like(ColumnProfile reference) => new(reference.Name, reference.Type, reference.Kind, reference.Role)
    {
        Quantiles = reference.Numeric?.Quantiles ?? [],
        LengthQuantiles = reference.Text?.Length.Quantiles ?? [],
        FewValues = reference.Kind == ColumnKind.Numeric && reference.Categories is { } few
            ? few.Top.Select(v => double.Parse(v.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
            : [],
    };
}
