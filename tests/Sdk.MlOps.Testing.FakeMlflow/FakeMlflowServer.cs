using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sdk.MlOps.Testing;

/// <summary>
/// A real HTTP server on 127.0.0.1 (ephemeral port) speaking MLflow's REST API from in-memory state, with MLflow's
/// response shapes (empty fields left out), its error codes, and faults planned per method and path.
/// </summary>
internal sealed class FakeMlflowServer : IAsyncDisposable
{
    private const string Api = "/api/2.0/mlflow/";
    private readonly WebApplication _app;

    private FakeMlflowServer(WebApplication app, Uri uri)
    {
        _app = app;
        Uri = uri;
    }

    public Uri Uri { get; }

    public FakeMlflowState State { get; } = new();

    public FaultPlan Faults { get; } = new();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>When set, requests without exactly this Authorization header get 401 with a plain-text body.</summary>
    public string? RequiredAuthorization { get; set; }

    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string pathSuffix) =>
        Requests.Where(r => r.Method == method && r.Path.EndsWith(pathSuffix, StringComparison.Ordinal)).ToList();

    public static async Task<FakeMlflowServer> StartAsync(X509Certificate2? httpsCertificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (httpsCertificate is null)
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        else
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(httpsCertificate)));
        var app = builder.Build();
        FakeMlflowServer? server = null;
        app.Use((context, next) => server!.InterceptAsync(context, next));
        MapEndpoints(app, () => server!.State);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new FakeMlflowServer(app, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task InterceptAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        request.Body = new MemoryStream(body);
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        Requests.Enqueue(new RecordedRequest(request.Method, request.Path.Value ?? "", rawTarget, request.QueryString.Value ?? "",
            request.Headers.Authorization.FirstOrDefault(), request.ContentType, body));

        if (RequiredAuthorization is not null && request.Headers.Authorization != RequiredAuthorization)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("You are not authenticated. Please see the documentation for details.");
            return;
        }

        switch (Faults.Take(request.Method, request.Path.Value ?? ""))
        {
            case Fault.Status status:
                context.Response.StatusCode = status.Code;
                if (status.RetryAfter is not null)
                    context.Response.Headers.RetryAfter = status.RetryAfter;
                await WriteJsonAsync(context, new JsonObject { ["error_code"] = status.ErrorCode, ["message"] = status.Message });
                return;
            case Fault.Raw raw:
                context.Response.StatusCode = raw.Code;
                context.Response.ContentType = raw.ContentType;
                await context.Response.WriteAsync(raw.Body);
                return;
            case Fault.Delay delay:
                try
                {
                    await Task.Delay(delay.Duration, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                await next(context);
                return;
            case Fault.PartialBody partial:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/octet-stream";
                context.Response.ContentLength = partial.Length;
                await context.Response.Body.WriteAsync(new byte[partial.Length / 2]);
                await context.Response.Body.FlushAsync();
                // A reset right away could overtake the bytes in flight; give the client time to read them first.
                await Task.Delay(300);
                context.Abort();
                return;
            case Fault.DropBeforeProcessing:
                context.Abort();
                return;
            case Fault.DropAfterProcessing:
                // The answer goes to a buffer that is thrown away, so the client sees the connection die with the
                // request fully processed.
                context.Response.Body = new MemoryStream();
                await next(context);
                context.Abort();
                return;
            default:
                await next(context);
                return;
        }
    }

    private static void MapEndpoints(WebApplication app, Func<FakeMlflowState> state)
    {
        void Post(string path, Func<FakeMlflowState, JsonObject, JsonObject> handle) =>
            app.MapPost(Api + path, context => HandleAsync(context, body => handle(state(), body), requireJson: true));
        void Get(string path, Func<FakeMlflowState, JsonObject, JsonObject> handle) =>
            app.MapGet(Api + path, context => HandleAsync(context, query => handle(state(), query), requireJson: false));

        Post("experiments/create", (s, b) => s.CreateExperiment(b));
        Get("experiments/get-by-name", (s, q) => s.GetExperimentByName(q));
        Post("experiments/search", (s, b) => s.SearchExperiments(b));
        Post("runs/create", (s, b) => s.CreateRun(b));
        Get("runs/get", (s, q) => s.GetRun(q));
        Post("runs/update", (s, b) => s.UpdateRun(b));
        Post("runs/search", (s, b) => s.SearchRuns(b));
        Post("runs/log-batch", (s, b) => s.LogBatch(b));
        Post("runs/log-inputs", (s, b) => s.LogInputs(b));
        Get("metrics/get-history", (s, q) => s.GetMetricHistory(q));
        Get("artifacts/list", (s, q) => s.ListArtifacts(q));
        Post("registered-models/create", (s, b) => s.CreateRegisteredModel(b));
        Get("registered-models/get", (s, q) => s.GetRegisteredModel(q));
        Get("registered-models/search", (s, q) => s.SearchRegisteredModels(q));
        Post("model-versions/create", (s, b) => s.CreateModelVersion(b));
        Get("model-versions/get", (s, q) => s.GetModelVersion(q));
        Get("model-versions/search", (s, q) => s.SearchModelVersions(q));
        Post("model-versions/set-tag", (s, b) => s.SetModelVersionTag(b));
        Post("registered-models/alias", (s, b) => s.SetAlias(b));
        Get("registered-models/alias", (s, q) => s.GetAlias(q));
        app.MapDelete(Api + "registered-models/alias", context => HandleAsync(context, b => state().DeleteAlias(b), requireJson: true));

        app.MapPut("/api/2.0/mlflow-artifacts/artifacts/{**path}", async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            state().PutArtifact((string)context.Request.RouteValues["path"]!, buffer.ToArray());
            await WriteJsonAsync(context, []);
        });
        app.MapGet("/api/2.0/mlflow-artifacts/artifacts/{**path}", async context =>
        {
            if (state().GetArtifact((string)context.Request.RouteValues["path"]!) is not { } bytes)
            {
                // What 2.12.2 answers for a missing proxied artifact.
                context.Response.StatusCode = 500;
                await WriteJsonAsync(context, new JsonObject { ["error_code"] = "INTERNAL_ERROR", ["message"] = "The following failures occurred while downloading one or more artifacts: [Errno 2] No such file or directory" });
                return;
            }
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(bytes);
        });
    }

    private static async Task HandleAsync(HttpContext context, Func<JsonObject, JsonObject> handle, bool requireJson)
    {
        JsonObject input;
        if (requireJson)
        {
            // MLflow's own check: the media type must be exactly application/json.
            if (context.Request.ContentType?.Split(';')[0].Trim() != "application/json")
            {
                context.Response.StatusCode = 400;
                await WriteJsonAsync(context, new JsonObject { ["error_code"] = "INVALID_PARAMETER_VALUE", ["message"] = "Bad Request. Content-Type must be one of ['application/json']." });
                return;
            }
            input = (JsonNode.Parse(await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync()) as JsonObject) ?? [];
        }
        else
        {
            input = [];
            foreach (var (key, values) in context.Request.Query)
                input[key] = values.ToString();
        }
        try
        {
            await WriteJsonAsync(context, handle(input));
        }
        catch (FakeMlflowError error)
        {
            context.Response.StatusCode = error.Status;
            await WriteJsonAsync(context, new JsonObject { ["error_code"] = error.Code, ["message"] = error.Message });
        }
    }

    private static Task WriteJsonAsync(HttpContext context, JsonObject body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }
}

internal sealed class FakeMlflowError(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}
