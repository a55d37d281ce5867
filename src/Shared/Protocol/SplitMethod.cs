namespace Sdk.MlOps.Protocol;

/// <summary>
/// MlOpsSplit: how test rows are held out of the training files when a project has no test files. The tasks refuse
/// an unknown one at the property's line; the engine checks a request again, whoever wrote it.
/// </summary>
internal static class SplitMethod
{
    /// <summary>The SDK's seeded split that keeps every class on both sides; the default.</summary>
    public const string Stratified = "Stratified";

    /// <summary>ML.NET's <c>TrainTestSplit</c>, for the rows a plain ML.NET program gets.</summary>
    public const string MLNet = "MLNet";

    public static bool Is(string value, string method) => string.Equals(value, method, StringComparison.OrdinalIgnoreCase);

    public static bool IsKnown(string value) => Is(value, Stratified) || Is(value, MLNet);

    /// <param name="shown">The value as it may be echoed (bounded, printable).</param>
    public static string Unknown(string shown) =>
        $"MlOpsSplit is '{shown}'; it must be {Stratified} (the default: seeded, every class on both sides) or {MLNet} (ML.NET's TrainTestSplit).";
}
