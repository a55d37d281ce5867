using System.Globalization;

namespace Sdk.MlOps.Tasks.Tests;

/// <summary>
/// Runs code under a culture that writes 0,5 and a non-ASCII minus, as real ones (de-DE, sv-SE) do;
/// built by hand so it works without ICU.
/// </summary>
internal static class CommaDecimalCulture
{
    public static T Run<T>(Func<T> action)
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.NegativeSign = "\u2212";
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = culture;
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
