using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sdk.MlOps.Serving.Models;
using Sdk.MlOps.Serving.Telemetry;

namespace Sdk.MlOps.Serving.Hosting;

/// <summary>
/// Loads every model before the server listens (lifecycle "starting" runs before any service starts), so that a
/// bundle that cannot be loaded stops the host with an error rather than leaving it live and never ready. At stop
/// ("stopping" runs before any service stops, the server included) readiness turns false first, then the host keeps
/// serving for the drain delay so that a load balancer sees it and stops sending before the listener closes.
/// </summary>
internal sealed class ServingLifecycle(IServiceProvider services, ServingState state, IHostApplicationLifetime lifetime, IOptions<ModelServingOptions> options, ILoggerFactory loggers)
    : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(Log.Category);
        if (options.Value.ApiKey is not null) Log.ApiKeyOn(logger);
        else Log.ApiKeyOff(logger);
        ServedModels.Of(services);
        state.Loaded();
        // Stopping by Ctrl+C or SIGTERM fires this before the lifecycle's own stopping step.
        lifetime.ApplicationStopping.Register(state.Stopping);
        return Task.CompletedTask;
    }

    private int _drained;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        state.Stopping();
        var delay = options.Value.DrainDelay;
        // A host may be stopped twice (StopAsync, then disposal): it drains once.
        if (delay <= TimeSpan.Zero || Interlocked.Exchange(ref _drained, 1) == 1) return;
        Log.Draining(loggers.CreateLogger(Log.Category), delay.TotalSeconds);
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out during the delay: stop now.
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
