namespace Sdk.MlOps.Protocol;

/// <summary>
/// The one way credentials are taken out of a URL before it is written anywhere (request, manifest, run tags,
/// messages). A URL may carry a token (https://user:token@host/... or https://token@host/...); an ssh user without a
/// password (ssh://git@host/..., git@host:org/repo) is no secret and stays.
/// </summary>
internal static class UriCredentials
{
    /// <summary><paramref name="url"/> without its user info; the rest unchanged and still escaped.</summary>
    public static string Strip(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            if (uri.UserInfo.Length == 0) return url;
            bool web = uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps;
            return !web && !uri.UserInfo.Contains(":") ? url : Strip(uri).AbsoluteUri;
        }

        // Not a well-formed URI (e.g. an unescaped '@' in a password): drop everything from "://" to the last '@'
        // before the path, so the message that refuses it cannot repeat the secret either.
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0) return url;
        int start = scheme + 3;
        int end = url.IndexOfAny(['/', '?', '#'], start);
        int at = url.LastIndexOf('@', end < 0 ? url.Length - 1 : end - 1);
        return at >= start ? url.Substring(0, start) + url.Substring(at + 1) : url;
    }

    /// <summary><paramref name="uri"/> without user name and password.</summary>
    public static Uri Strip(Uri uri) =>
        uri.IsAbsoluteUri && uri.UserInfo.Length > 0 ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri : uri;

    /// <summary>Whether <paramref name="url"/> holds credentials that <see cref="Strip(string)"/> would remove.</summary>
    public static bool Carries(string url) => Strip(url) != url;
}
