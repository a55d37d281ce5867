using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sdk.MlOps.MLflow.Rest;
using Sdk.MlOps.Protocol;

namespace Sdk.MlOps.MLflow;

/// <summary>
/// MLflow's REST API 2.0 as <see cref="ITrackingStore"/> and <see cref="IModelRegistry"/>, with retries, timeouts and
/// creates that a retry never duplicates (see <see cref="ClientRequestIdTag"/>). Thread-safe; keep one per server.
/// </summary>
public sealed partial class MlflowClient : ITrackingStore, IModelRegistry, IDisposable
{
    /// <summary>
    /// The tag each create (experiment, run, registered model, model version) carries, with a fresh GUID per call.
    /// When an attempt's answer is lost (a dropped connection, a timeout) and the request is retried, the client
    /// first looks for an entity with that tag and returns it instead of creating a second one.
    /// </summary>
    public const string ClientRequestIdTag = "mlops.client_request_id";

    private const string Api = "api/2.0/mlflow/";

    private readonly RestTransport _rest;
    private readonly HttpClient? _ownedHttp;
    private readonly TimeSpan _artifactTimeout;

    /// <summary>A client with its own HttpClient and the retry pipeline of <paramref name="options"/>.</summary>
    public MlflowClient(MlflowClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Copy();
        MlflowClientOptions.ValidateTrackingUri(options.TrackingUri);
        options.ValidateResilience();

        // The pipeline bounds every attempt and the total; bodies are bounded where they are read.
        var http = new HttpClient(CreateHandlers(options, CreatePrimaryHandler(options))) { Timeout = Timeout.InfiniteTimeSpan };
        _ownedHttp = http;
        _rest = CreateTransport(http, options.TrackingUri!, options);
        _artifactTimeout = options.ArtifactTimeout;
    }

    /// <summary>
    /// A client over the caller's <paramref name="httpClient"/> (not disposed here), e.g. from IHttpClientFactory.
    /// Its handlers do any retrying: build it over <see cref="CreateHandlers"/>, e.g.
    /// <c>new HttpClient(MlflowClient.CreateHandlers(options, new SocketsHttpHandler())) { Timeout = Timeout.InfiniteTimeSpan }</c>
    /// or, with IHttpClientFactory, <c>ConfigurePrimaryHttpMessageHandler(() =&gt; MlflowClient.CreateHandlers(options, new SocketsHttpHandler()))</c>,
    /// so that retried creates stay single. Requests go to <see cref="MlflowClientOptions.TrackingUri"/>, or else to
    /// the client's BaseAddress; credentials in <paramref name="options"/> are added to each request.
    /// </summary>
    public MlflowClient(HttpClient httpClient, MlflowClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        options = options?.Copy() ?? new MlflowClientOptions();
        var uri = options.TrackingUri ?? httpClient.BaseAddress;
        MlflowClientOptions.ValidateTrackingUri(uri);
        options.ValidateResilience();
        _rest = CreateTransport(httpClient, uri!, options);
        _artifactTimeout = options.ArtifactTimeout;
    }

    /// <summary>Disposes the HttpClient this client created; one passed in stays the caller's.</summary>
    public void Dispose() => _ownedHttp?.Dispose();

    /// <summary>
    /// The handlers this client puts on its own HttpClient, for callers who build theirs: the retry pipeline of
    /// <paramref name="options"/> (see <see cref="MlflowClientOptions"/>) and, inside it so that it sees every attempt,
    /// the handler that keeps creates from duplicating a run or a model version when a retry follows a lost answer.
    /// Use these instead of a generic retry handler: one that retries POSTs on its own can create a run twice.
    /// </summary>
    /// <param name="options">The timeouts and retry settings; only those are read.</param>
    /// <param name="innerHandler">What sends each attempt, e.g. a <see cref="SocketsHttpHandler"/>; disposed with the chain.</param>
    /// <returns>The outermost handler of the chain (retries → idempotent creates → <paramref name="innerHandler"/>).</returns>
    public static DelegatingHandler CreateHandlers(MlflowClientOptions options, HttpMessageHandler innerHandler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(innerHandler);
        var breaker = options.FailFastAfterOutage ? new OutageBreaker() : null;
        var pipeline = MlflowResilience.Build(options.Copy(), breaker);
        return new ResilienceHandler(pipeline, breaker) { InnerHandler = new IdempotentCreateHandler { InnerHandler = innerHandler } };
    }

    private static RestTransport CreateTransport(HttpClient http, Uri trackingUri, MlflowClientOptions options)
    {
        // user:password@ in the URI is basic auth; it must not travel on as part of the URI or show in messages.
        string? username = options.Username, password = options.Password;
        if (trackingUri.UserInfo.Length > 0 && options.Token is null && username is null)
        {
            var parts = trackingUri.UserInfo.Split(':', 2);
            username = Uri.UnescapeDataString(parts[0]);
            password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
        }
        var builder = new UriBuilder(UriCredentials.Strip(trackingUri)) { Query = "", Fragment = "" };
        if (!builder.Path.EndsWith('/'))
            builder.Path += "/";
        return new RestTransport(http, builder.Uri, new Secrets(options.Token, username, password), options.RequestTimeout);
    }

    private static SocketsHttpHandler CreatePrimaryHandler(MlflowClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.RequestTimeout,
            // A long-lived client still follows DNS changes of the server.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        };
        if (options.InsecureTls)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        return handler;
    }

    private static string NewMarker() => Guid.NewGuid().ToString("N");

    private static void CheckTags(IReadOnlyDictionary<string, string>? tags)
    {
        foreach (var (key, value) in tags ?? new Dictionary<string, string>())
            Limits.CheckTag(key, value);
    }

    private static List<KeyValueDto> TagsWithMarker(IReadOnlyDictionary<string, string>? tags, string marker)
    {
        var list = WireMapping.ToDtos(tags);
        list.RemoveAll(t => t.Key == ClientRequestIdTag);
        list.Add(new KeyValueDto { Key = ClientRequestIdTag, Value = marker });
        return list;
    }

    private static bool HasMarker(List<KeyValueDto>? tags, string marker) =>
        tags?.Any(t => t.Key == ClientRequestIdTag && t.Value == marker) == true;

    /// <summary>The filter that finds what a create with <paramref name="marker"/> made.</summary>
    private static string MarkerFilter(string marker) => $"tags.`{ClientRequestIdTag}` = '{marker}'";

    /// <summary>
    /// One lookup for <see cref="IdempotentCreate"/>: 404 means nothing yet; another failure is the attempt's outcome;
    /// a success is turned by <paramref name="answer"/> into the create's own response body, or null when the marker
    /// is not there.
    /// </summary>
    private static async Task<HttpResponseMessage?> LookupAsync<T>(IdempotentCreate.Sender send, HttpRequestMessage lookup, JsonTypeInfo<T> type, Func<T, string?> answer, CancellationToken cancellationToken)
    {
        using (lookup)
        {
            var response = await send(lookup, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                response.Dispose();
                return null;
            }
            if (!response.IsSuccessStatusCode)
                return response;
            using (response)
            {
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                T? found;
                try
                {
                    found = JsonSerializer.Deserialize(body.Length == 0 ? "{}"u8 : body, type);
                }
                catch (JsonException)
                {
                    // Not knowing whether the create happened, creating again could duplicate: retry the attempt instead.
                    return JsonResponse(HttpStatusCode.BadGateway, """{"error_code":"TEMPORARILY_UNAVAILABLE","message":"The lookup of an earlier attempt's create answered with unreadable JSON."}""");
                }
                return found is not null && answer(found) is { } json ? JsonResponse(HttpStatusCode.OK, json) : null;
            }
        }
    }

    private static HttpResponseMessage JsonResponse(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private MlflowException Malformed(string what) =>
        new(MlflowException.ErrorCodes.InternalError, $"MLflow at {_rest.BaseUri.Host} answered without {what}.");
}
