using System.Net.Http.Headers;
using System.Text;

namespace Sdk.MlOps.MLflow.Rest;

/// <summary>
/// The credentials of one client, and the one place that turns them into a header and scrubs them from text.
/// Messages are built from the method, the path and the server's error, never from headers; the scrub is the
/// second line, for a server or proxy that echoes what it was sent.
/// </summary>
internal sealed class Secrets
{
    private readonly string[] _values;

    public Secrets(string? token, string? username, string? password)
    {
        if (token is not null)
            Authorization = new AuthenticationHeaderValue("Bearer", token);
        else if (username is not null)
            Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        _values = new[] { token, password, Authorization?.Parameter }
            .Where(v => v is { Length: >= 4 })
            .Select(v => v!)
            .OrderByDescending(v => v.Length)
            .ToArray();
    }

    public AuthenticationHeaderValue? Authorization { get; }

    public string Scrub(string text)
    {
        foreach (var value in _values)
            text = text.Replace(value, "***", StringComparison.Ordinal);
        return text;
    }
}
