namespace Sdk.MlOps.MLflow.Rest;

/// <summary>Maps a run's artifact URI and relative artifact paths onto the proxied artifact API.</summary>
internal static class ArtifactPaths
{
    private const string Scheme = "mlflow-artifacts:";

    /// <summary>
    /// <c>mlflow-artifacts:/1/&lt;run&gt;/artifacts</c> (or with an authority, <c>mlflow-artifacts://host/1/...</c>)
    /// gives <c>1/&lt;run&gt;/artifacts</c>; anything else the server does not proxy, so this client cannot reach it.
    /// </summary>
    public static string ProxiedRoot(string runId, string artifactUri)
    {
        if (!artifactUri.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            throw new MlflowException(NotImplemented,
                $"Run '{runId}' keeps its artifacts at '{SchemeOf(artifactUri)}' URI, which the tracking server does not proxy; " +
                "this client moves artifacts only through the server's proxied artifact API (mlflow-artifacts:/...). " +
                "Start the server with --serve-artifacts (the default since MLflow 2.0) and an --artifacts-destination, or use that store's own tools.");
        var rest = artifactUri[Scheme.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', 2);
            rest = slash < 0 ? "" : rest[slash..];
        }
        return rest.Trim('/');
    }

    /// <summary>A relative artifact path with '/' separators, no empty, '.' or '..' segments; "" for the root.</summary>
    public static string Normalize(string path)
    {
        var segments = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s is "." or ".."))
            throw new MlflowException(MlflowException.ErrorCodes.InvalidParameterValue, $"Artifact path '{path}' must not contain '.' or '..' segments.");
        return string.Join('/', segments);
    }

    public static string Combine(string first, string second) =>
        first.Length == 0 ? second : second.Length == 0 ? first : first + "/" + second;

    /// <summary>Each segment escaped on its own, so '/' stays a separator and names with '#', '?' or ' ' survive.</summary>
    public static string Escape(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    // MLflow's own code for "this operation is not available here"; the contract's ErrorCodes has no constant for it.
    internal const string NotImplemented = "NOT_IMPLEMENTED";

    private static string SchemeOf(string uri)
    {
        var colon = uri.IndexOf(':');
        return colon > 0 ? "a " + uri[..(colon + 1)] : "a local path";
    }
}
