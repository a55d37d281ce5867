using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly.Timeout;

namespace Sdk.MlOps.MLflow.Rest;

/// <summary>
/// Builds requests against the tracking URI and turns every failure into an <see cref="MlflowException"/> whose
/// message names the method and path only: no headers, no query string, no credentials.
/// </summary>
internal sealed class RestTransport(HttpClient http, Uri baseUri, Secrets secrets, TimeSpan bodyTimeout)
{
    private const int MaxErrorBodyBytes = 16 * 1024;
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private static readonly ProductInfoHeaderValue UserAgent =
        new("Sdk.MlOps.MLflow", typeof(RestTransport).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    /// <summary>The tracking URI with a trailing slash, so relative API paths keep a path prefix such as <c>/mlflow/</c>.</summary>
    public Uri BaseUri { get; } = baseUri;

    public HttpRequestMessage CreateRequest(HttpMethod method, string relativePath, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseUri, relativePath)) { Content = content };
        if (secrets.Authorization is { } authorization)
            request.Headers.Authorization = authorization;
        request.Headers.UserAgent.Add(UserAgent);
        return request;
    }

    /// <summary>A JSON body with exactly <c>application/json</c> (MLflow rejects other types) and a known length.</summary>
    public HttpRequestMessage CreateJsonRequest<T>(HttpMethod method, string relativePath, T body, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type));
        content.Headers.ContentType = JsonType;
        return CreateRequest(method, relativePath, content);
    }

    public static string WithQuery(string relativePath, params (string Name, string? Value)[] query)
    {
        var pairs = query.Where(q => q.Value is not null).Select(q => $"{Uri.EscapeDataString(q.Name)}={Uri.EscapeDataString(q.Value!)}").ToList();
        return pairs.Count == 0 ? relativePath : relativePath + "?" + string.Join('&', pairs);
    }

    /// <summary>Sends and returns a successful response, its body not yet read; throws for anything else.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or TimeoutRejectedException or OperationCanceledException or IOException)
        {
            throw Unavailable(request, e);
        }
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw await ErrorAsync(request, response, cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> SendJsonAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await SendAsync(request, cancellationToken).ConfigureAwait(false))
            return await ReadJsonAsync(request, response, type, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The response, or null when MLflow answers with one of <paramref name="absentCodes"/>.</summary>
    public async Task<T?> SendJsonOrNullAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken cancellationToken, params string[] absentCodes)
        where T : class
    {
        try
        {
            return await SendJsonAsync(request, type, cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowException e) when (e.StatusCode is not null && absentCodes.Contains(e.ErrorCode))
        {
            return null;
        }
    }

    /// <summary>Reads a JSON body under the per-request bound; an empty body reads as <c>{}</c>.</summary>
    public async Task<T> ReadJsonAsync<T>(HttpRequestMessage request, HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        byte[] body;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(bodyTimeout);
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or OperationCanceledException or IOException)
            {
                throw Unavailable(request, e);
            }
        }
        try
        {
            return JsonSerializer.Deserialize(body.Length == 0 ? "{}"u8 : body, type)
                ?? throw new JsonException("null instead of an object");
        }
        catch (JsonException e)
        {
            throw new MlflowException(MlflowException.ErrorCodes.InternalError,
                secrets.Scrub($"MLflow {Where(request)} answered {(int)response.StatusCode} with a body that is not MLflow's JSON ({e.Message})."),
                response.StatusCode);
        }
    }

    public MlflowException Unavailable(HttpRequestMessage request, Exception cause)
    {
        var reason = cause switch
        {
            TimeoutRejectedException => "it did not answer in time, after every retry",
            OperationCanceledException => "it did not answer in time",
            _ => "it could not be reached after every retry: " + cause.Message,
        };
        return new MlflowException(MlflowException.ErrorCodes.Unavailable, secrets.Scrub($"MLflow {Where(request)} failed: {reason}"), null, cause);
    }

    public static string Where(HttpRequestMessage request) => $"{request.Method} {request.RequestUri?.AbsolutePath}";

    private async Task<MlflowException> ErrorAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var body = await ReadSomeAsync(response, cancellationToken).ConfigureAwait(false);
        var error = ParseError(body);
        // These mean "try later"; the pipeline already did, so the caller gets the one code for "unavailable".
        var transient = status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
        var code = transient ? MlflowException.ErrorCodes.Unavailable
            : error?.ErrorCode is { Length: > 0 } serverCode ? serverCode
            : CodeFor(status);
        var detail = error is not null
            ? $"{error.ErrorCode}{(error.ErrorCode is { Length: > 0 } && error.Message is { Length: > 0 } ? ": " : "")}{error.Message}"
            : Snippet(body);
        var message = $"MLflow {Where(request)} failed with HTTP {(int)status}{(detail.Length > 0 ? " " + detail : "")}";
        if (transient || (int)status >= 500)
            message += " (after retrying)";
        return new MlflowException(code, secrets.Scrub(message), status);
    }

    private async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bodyTimeout);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            var buffer = new byte[MaxErrorBodyBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), timeout.Token).ConfigureAwait(false)) > 0)
                length += read;
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or OperationCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // The status alone still makes a useful error.
            return "";
        }
    }

    private static ErrorResponse? ParseError(string body)
    {
        try
        {
            return body.TrimStart().StartsWith('{') ? JsonSerializer.Deserialize(body, WireJson.Default.ErrorResponse) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Snippet(string body)
    {
        var flat = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 200 ? flat : flat[..200] + "...";
    }

    // A 404 without MLflow's JSON is a wrong URL or a proxy, not a missing entity: it must not read as "absent".
    private static string CodeFor(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => MlflowException.ErrorCodes.Unauthenticated,
        HttpStatusCode.Forbidden => MlflowException.ErrorCodes.PermissionDenied,
        HttpStatusCode.NotFound => "ENDPOINT_NOT_FOUND",
        >= HttpStatusCode.InternalServerError => MlflowException.ErrorCodes.InternalError,
        _ => "BAD_REQUEST",
    };
}
