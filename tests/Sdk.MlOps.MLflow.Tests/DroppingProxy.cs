using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sdk.MlOps.MLflow.Tests;

/// <summary>
/// A pass-through HTTP proxy on 127.0.0.1 in front of a real server that can drop the connection after the server
/// answered: the real server processes the request, the client never hears back.
/// </summary>
internal sealed class DroppingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly Dictionary<string, int> _drops = new(StringComparer.Ordinal);
    private readonly List<string> _seen = [];

    private DroppingProxy(WebApplication app, HttpClient upstream, Uri uri)
    {
        _app = app;
        _upstream = upstream;
        Uri = uri;
    }

    public Uri Uri { get; }

    /// <summary>The next <paramref name="times"/> requests whose path ends with <paramref name="pathSuffix"/> are dropped after processing.</summary>
    public void DropAfterProcessing(string pathSuffix, int times = 1)
    {
        lock (_drops)
            _drops[pathSuffix] = times;
    }

    /// <summary>How many requests went through with a path ending in <paramref name="pathSuffix"/>, dropped or not.</summary>
    public int Seen(string pathSuffix)
    {
        lock (_seen)
            return _seen.Count(p => p.EndsWith(pathSuffix, StringComparison.Ordinal));
    }

    public static async Task<DroppingProxy> StartAsync(Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var http = new HttpClient { BaseAddress = upstream, Timeout = TimeSpan.FromSeconds(60) };
        DroppingProxy? proxy = null;
        app.Run(context => proxy!.ForwardAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        proxy = new DroppingProxy(app, http, new Uri(address));
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        lock (_seen)
            _seen.Add(context.Request.Path.Value!);
        var target = context.Request.Path.Value!.TrimStart('/') + context.Request.QueryString.Value;
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        if (body.Length > 0 || context.Request.ContentType is not null)
        {
            request.Content = new ByteArrayContent(body.ToArray());
            if (context.Request.ContentType is { } type)
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        }
        if (context.Request.Headers.Authorization.FirstOrDefault() is { } authorization)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await _upstream.SendAsync(request);
        var answer = await response.Content.ReadAsByteArrayAsync();
        if (TakeDrop(context.Request.Path.Value!))
        {
            context.Abort();
            return;
        }
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } contentType)
            context.Response.ContentType = contentType.ToString();
        await context.Response.Body.WriteAsync(answer);
    }

    private bool TakeDrop(string path)
    {
        lock (_drops)
        {
            var key = _drops.Keys.FirstOrDefault(k => path.EndsWith(k, StringComparison.Ordinal) && _drops[k] > 0);
            if (key is null)
                return false;
            _drops[key]--;
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
