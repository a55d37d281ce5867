namespace Sdk.MlOps.Tracking;

/// <summary>String literals for MLflow search filters: quoted so that a quote in a name cannot end them early.</summary>
internal static class Filter
{
    public static string Literal(string value) =>
        value.Contains('\'') ? "\"" + value.Replace("\"", "\\\"") + "\"" : "'" + value + "'";
}
