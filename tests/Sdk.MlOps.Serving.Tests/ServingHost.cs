using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sdk.MlOps.Serving.Tests;

/// <summary>
/// A real serving host: Kestrel on 127.0.0.1 at a port of its own, the models' bundles in a folder of its own,
/// settings given as configuration keys (as environment variables or appsettings would give them), and its log
/// captured.
/// </summary>
public sealed class ServingHost : IAsyncDisposable
{
    private ServingHost(WebApplication app, string folder, LogSink logs)
    {
        App = app;
        Folder = folder;
        Logs = logs;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public string Folder { get; }

    public LogSink Logs { get; }

    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    /// <summary>The triage model (multiclass, version 1.0.0) and the failure model (binary, 2.1.0).</summary>
    public static Task<ServingHost> Start(Dictionary<string, string?>? settings = null, bool failureModel = true) =>
        Start("host", settings, (services, folder) =>
        {
            services.AddServedModel<Ticket>("triage", TestModels.Bundle(folder, "triage", "1.0.0", TestModels.TriageV1, labelInManifest: true));
            if (failureModel)
                services.AddServedModel<Reading>("failure", TestModels.Bundle(folder, "failure", "2.1.0", TestModels.Failure, labelInManifest: false));
        });

    public static async Task<ServingHost> Start(string name, Dictionary<string, string?>? settings, Action<IServiceCollection, string> models)
    {
        var folder = TestModels.NewFolder(name);
        var logs = new LogSink();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = folder });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.Services.AddModelServing();
        models(builder.Services, folder);
        var app = builder.Build();
        app.MapModelServing();
        await app.StartAsync();
        return new ServingHost(app, folder, logs);
    }

    public Task<HttpResponseMessage> PostJson(string path, string json) =>
        Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PostJson(string path, object body) => Client.PostAsJsonAsync(path, body);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>Every log line of a host, formatted, with its exception.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public string All => string.Join("\n", _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
    }
}

/// <summary>Reading answers.</summary>
public static class Answers
{
    public static async Task<JsonElement> Json(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The error message of an error answer, after checking it says nothing of the server's insides.</summary>
    public static async Task<string> Error(this HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(status, (int)response.StatusCode, text);
        StringAssert.StartsWith(response.Content.Headers.ContentType?.MediaType, "application/json");
        foreach (var leak in new[] { "Exception", "   at ", "/tmp", TestModels.Root, "secret", "System." })
            Assert.IsFalse(text.Contains(leak, StringComparison.Ordinal), $"The answer shows '{leak}': {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("error").GetString()!;
    }
}
