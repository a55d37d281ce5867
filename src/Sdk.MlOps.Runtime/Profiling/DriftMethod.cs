namespace Sdk.MlOps.Profiling;

/// <summary>How a column's distribution is compared with the reference's. Tests drift below a p-value; distances at or above a bound.</summary>
internal enum DriftMethod
{
    /// <summary>Chosen by the column's kind and the reference's size (<see cref="DriftMethods.Choose"/>).</summary>
    Auto,
    KolmogorovSmirnov,
    ChiSquared,
    ZTest,
    Wasserstein,
    JensenShannon,
    LInfinity,
    Psi,
}

internal static class DriftMethods
{
    /// <summary>Evidently's size rule: at most this many reference values and a statistical test decides, else a distance.</summary>
    public const long SmallReference = 1000;
    /// <summary>Evidently's: a number with at most this many distinct values compares as a category.</summary>
    public const int FewValues = 5;

    public static bool IsTest(DriftMethod m) => m is DriftMethod.KolmogorovSmirnov or DriftMethod.ChiSquared or DriftMethod.ZTest;

    /// <summary>
    /// The default bound of each method and where it comes from (docs/drift.md): 0.05 for the tests' p-values and 0.1
    /// for the normed Wasserstein distance, the Jensen–Shannon distance and PSI, as Evidently sets them; 0.1 for
    /// L-infinity, which TFDV leaves to the user.
    /// </summary>
    public static double DefaultThreshold(DriftMethod m) => IsTest(m) ? 0.05 : 0.1;

    /// <summary>
    /// Evidently's defaults: with at most 1,000 reference values, Kolmogorov–Smirnov for numbers, chi-squared for
    /// categories (a z-test for two); above, the normed Wasserstein distance for numbers and the Jensen–Shannon
    /// distance for categories. A number with at most 5 values is a category. Text compares its word frequencies by
    /// Jensen–Shannon.
    /// </summary>
    public static DriftMethod Choose(ColumnProfile reference)
    {
        long values = reference.Count - reference.Missing;
        bool categorical = reference.Kind == ColumnKind.Categorical
            || reference.Kind == ColumnKind.Numeric && reference.Categories is { Distinct: <= FewValues };
        if (reference.Kind == ColumnKind.Text) return DriftMethod.JensenShannon;
        if (values <= SmallReference)
            return !categorical ? DriftMethod.KolmogorovSmirnov : reference.Categories!.Distinct <= 2 ? DriftMethod.ZTest : DriftMethod.ChiSquared;
        return categorical ? DriftMethod.JensenShannon : DriftMethod.Wasserstein;
    }

    /// <summary>The statistic a method reports, as messages and reports name it.</summary>
    public static string StatisticOf(DriftMethod m) => m switch
    {
        DriftMethod.KolmogorovSmirnov => "Kolmogorov-Smirnov p-value",
        DriftMethod.ChiSquared => "chi-squared p-value",
        DriftMethod.ZTest => "z-test p-value",
        DriftMethod.Wasserstein => "Wasserstein distance (normed)",
        DriftMethod.JensenShannon => "Jensen-Shannon distance",
        DriftMethod.LInfinity => "L-infinity distance",
        DriftMethod.Psi => "PSI",
        _ => m.ToString(),
    };

    /// <summary>A method by its name only: Enum.TryParse would also take "4".</summary>
    public static bool TryParse(string text, out DriftMethod method)
    {
        var name = Enum.GetNames<DriftMethod>().FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
        method = name is null ? default : Enum.Parse<DriftMethod>(name);
        return name is not null;
    }
}
