using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Resources;
using Microsoft.Extensions.Options;

namespace Sdk.MlOps.Serving;

/// <summary>The whole serving host in one call, for a model program's <c>serve</c> command.</summary>
public static class ModelServer
{
    // docs/errors.md#mlops7004 (the host package does not share the SDK's code list, so the code is written here).
    private const string CouldNotStart = "MLOPS7004";

    /// <summary>
    /// Serves the model in <paramref name="modelFile"/> under <paramref name="modelName"/> until the process is asked
    /// to stop (Ctrl+C, SIGTERM). <paramref name="args"/> are the host's: <c>--urls</c>, and any configuration key,
    /// e.g. <c>--MlOps:Serving:MaxBatchSize=100</c>. Returns 0 after a clean stop, 1 when the host could not start
    /// (a model that cannot be loaded, invalid settings, a port in use).
    /// </summary>
    /// <typeparam name="TInput">The model's input class.</typeparam>
    public static int Run<TInput>(string[] args, string modelName, string modelFile) where TInput : class, new()
    {
        WebApplication app;
        try
        {
            app = Build<TInput>(args, modelName, modelFile);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or IOException or OptionsValidationException)
        {
            // Settings are validated as the host is built, before it has a logger to say so.
            Console.Error.WriteLine($"error {CouldNotStart}: The model server could not start: {e.Message}");
            return 1;
        }

        try
        {
            app.Run();
            return 0;
        }
        catch (Exception e)
        {
            // Run has disposed the host, its logger with it: the reason goes where a console shows it.
            Console.Error.WriteLine($"error {CouldNotStart}: The model server could not start or stopped on an error: {e.GetType().Name}: {e.Message}");
            return 1;
        }
        finally
        {
            ((IDisposable)app).Dispose();
        }
    }

    private static string Refusal(int status) => status switch
    {
        StatusCodes.Status404NotFound => "No such endpoint: see /openapi/v1.json, or the Open Inference Protocol's /v2 paths.",
        StatusCodes.Status405MethodNotAllowed => "This endpoint does not take that method.",
        StatusCodes.Status415UnsupportedMediaType => "The body must be JSON, sent with Content-Type: application/json.",
        _ => $"The request was refused ({status}).",
    };

    /// <summary>The host <see cref="Run{TInput}"/> runs, built but not started.</summary>
    internal static WebApplication Build<TInput>(string[] args, string modelName, string modelFile) where TInput : class, new()
    {
        var builder = WebApplication.CreateBuilder(args);
        // A service's log is about the model, not each request's passage through ASP.NET Core (which the metrics
        // count); configuration (Logging:LogLevel:...) can turn it back on.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // ...and a refused key is a 401 counted by the metrics, not a log line each (a flood of bad keys would flood it).
        builder.Logging.AddFilter(typeof(Security.ApiKeyAuthenticationHandler).FullName, LogLevel.Warning);
        // In a container (the .NET images set DOTNET_RUNNING_IN_CONTAINER) the log is read by a collector: one JSON
        // object a line, with the message template's fields as properties.
        if (string.Equals(Environment.GetEnvironmentVariable("DOTNET_RUNNING_IN_CONTAINER"), "true", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole();
        }

        builder.Services.AddModelServing();
        // The metrics name the service after the model, not "unknown_service".
        builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(modelName));
        builder.Services.AddServedModel<TInput>(modelName, modelFile);
        var app = builder.Build();
        // What the framework refuses before any endpoint runs (a path that matches nothing, a wrong method or content
        // type) gets the protocol's error body too; the whole host is the model's here, unlike an application that
        // maps the endpoints into its own.
        app.UseStatusCodePages(context => Endpoints.Errors.Json(context.HttpContext.Response.StatusCode, Refusal(context.HttpContext.Response.StatusCode))
            .ExecuteAsync(context.HttpContext));
        app.MapModelServing();
        return app;
    }
}
