namespace Sdk.MlOps.MLflow;

/// <summary>
/// <c>file://</c> URIs as MLflow writes them (Python's <c>pathlib.Path.as_uri()</c>): <c>file:///abs/path</c>,
/// <c>file:///C:/abs/path</c> on Windows, each segment percent-encoded.
/// </summary>
internal static class FileUri
{
    public static string FromPath(string absolutePath)
    {
        var path = Path.GetFullPath(absolutePath).Replace('\\', '/');
        var drive = "";
        if (path.Length >= 2 && path[1] == ':')
        {
            drive = "/" + path[..2];
            path = path[2..];
        }
        var segments = path.Split('/').Select(Uri.EscapeDataString);
        return "file://" + drive + string.Join('/', segments);
    }

    /// <summary>The local path of a <c>file:</c> URI or of a plain path; null for any other scheme (e.g. <c>mlflow-artifacts:</c>).</summary>
    public static string? ToLocalPath(string uri)
    {
        if (uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var rest = uri["file:".Length..];
            // file:///abs, file:/abs and file://localhost/abs all name a local path.
            if (rest.StartsWith("//localhost/", StringComparison.OrdinalIgnoreCase)) rest = rest["//localhost".Length..];
            else if (rest.StartsWith("///", StringComparison.Ordinal)) rest = rest[2..];
            else if (rest.StartsWith("//", StringComparison.Ordinal)) return null;
            rest = Uri.UnescapeDataString(rest);
            if (rest.Length >= 3 && rest[0] == '/' && rest[2] == ':') rest = rest[1..];
            return Path.GetFullPath(rest);
        }
        return Path.IsPathRooted(uri) && !uri.Contains("://", StringComparison.Ordinal) ? Path.GetFullPath(uri) : null;
    }
}
