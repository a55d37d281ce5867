using Sdk.MlOps.MLflow;

namespace Sdk.MlOps.Tracking;

/// <summary>
/// Tag and param keys MLflow accepts, made from names it may not (a data file <c>train (v2) ä.csv</c>, a parameter
/// with a space): one bad key would otherwise make the server refuse the whole run. The key is stable (the same
/// name gives the same key in every build) and keeps names apart: a name that had to change gets a short hash of
/// itself; the name as written goes into a tag value.
/// </summary>
internal static class TrackingKeys
{
    private const int HashLength = 8;

    /// <summary><paramref name="prefix"/> + the name, made safe: ASCII letters, digits, '_', '-', '.', and '/' between non-empty segments.</summary>
    public static string Make(string prefix, string name)
    {
        var segments = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s is "." or ".." ? "_" : new string(s.Select(c => IsSafe(c) ? c : '_').ToArray()));
        var safe = string.Join('/', segments);
        var key = prefix + safe;
        if (safe == name && key.Length <= Limits.MaxKeyLength) return key;

        var suffix = "-" + Hosting.Sha256.OfText(name)[..HashLength];
        var room = Limits.MaxKeyLength - prefix.Length - suffix.Length;
        return prefix + (safe.Length > room ? safe[^room..].TrimStart('/') : safe) + suffix;
    }

    // Non-ASCII letters pass MLflow's \w but not every file system spells them alike (NFC vs NFD), and a key is a file name in the file store.
    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';
}
