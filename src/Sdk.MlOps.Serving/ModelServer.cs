using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Resources;
using Microsoft.Extensions.Options;

namespace Sdk.MlOps.Serving;

/// <summary>The whole serving host in one call, for a model program's <c>serve</c> command.</summary>
public static class ModelServer
{
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
            Console.Error.WriteLine($"The model server could not start: {e.Message}");
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
            Console.Error.WriteLine($"The model server could not start or stopped on an error: {e.GetType().Name}: {e.Message}");
            return 1;
        }
        finally
        {
            ((IDisposable)app).Dispose();
        }
    }

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
        app.MapModelServing();
        return app;
    }
}
