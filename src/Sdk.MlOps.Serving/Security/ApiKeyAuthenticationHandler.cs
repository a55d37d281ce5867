using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Sdk.MlOps.Serving.Protocol;

namespace Sdk.MlOps.Serving.Security;

/// <summary>
/// Authenticates a request by the host's API key, given as <c>Authorization: Bearer &lt;key&gt;</c> or
/// <c>X-API-Key: &lt;key&gt;</c>. Keys are compared as SHA-256 digests in constant time: neither the content nor the
/// length of the key leaks through timing. Neither key is ever logged or echoed.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "MlOpsApiKey";
    public const string Policy = "MlOpsApiKey";
    public const string HeaderName = "X-API-Key";

    private readonly byte[]? _expected;

    public ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> schemes, ILoggerFactory logger, UrlEncoder encoder, IOptions<ModelServingOptions> serving)
        : base(schemes, logger, encoder)
    {
        _expected = serving.Value.ApiKey is { } key ? Digest(key) : null;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (_expected is null) return Task.FromResult(AuthenticateResult.NoResult());
        var given = Given(Request.Headers);
        if (given is null) return Task.FromResult(AuthenticateResult.NoResult());
        if (!CryptographicOperations.FixedTimeEquals(Digest(given), _expected))
            return Task.FromResult(AuthenticateResult.Fail("The API key is not the host's."));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var message = Given(Request.Headers) is null
            ? $"An API key is required: send it as 'Authorization: Bearer <key>' or '{HeaderName}: <key>'."
            : "The API key is not valid.";
        await Response.WriteAsJsonAsync(new ErrorResponse(message), ServingJson.Options);
    }

    private static string? Given(IHeaderDictionary headers)
    {
        if (headers.TryGetValue(HeaderName, out var apiKey) && apiKey.Count == 1 && !string.IsNullOrEmpty(apiKey[0])) return apiKey[0];
        var authorization = headers[HeaderNames.Authorization].ToString();
        const string bearer = "Bearer ";
        return authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) && authorization.Length > bearer.Length
            ? authorization[bearer.Length..].Trim()
            : null;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
