using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Sdk.MlOps.Serving;

namespace Bench;

/// <summary>
/// The two sides of figure 7, each a child process of the bench (<c>dotnet exec Bench.dll --serve-host|--serve-hand
/// model.zip</c>), so neither shares a GC or a thread pool with the load generator. Both are built the same way:
/// <see cref="WebApplication.CreateBuilder(WebApplicationOptions)"/>, Kestrel on 127.0.0.1 at a free port, the
/// logging levels of the <c>dotnet new web</c> template's appsettings.json, console logging. A child prints
/// <c>listening &lt;url&gt;</c> once it serves, and stops when its standard input closes (so it never outlives the bench).
/// </summary>
internal static class HostedSides
{
    public const string Listening = "listening ";

    /// <summary>The experiment's variant of side A: the same host with every metric off.</summary>
    public const string NoMetrics = "no-metrics";

    /// <summary>Side A: the serving host, as an application of its own would use it, with no API key, no rate limit and no prediction log.</summary>
    /// <param name="metrics">
    /// False for the experiment: the runtime's feature switch <c>System.Diagnostics.Metrics.Meter.IsSupported</c> off,
    /// set before any meter exists, so that no instrument (the host's, ASP.NET Core's, Kestrel's) is ever listened to.
    /// </param>
    public static int HostMain(string modelFile, bool metrics = true)
    {
        if (!metrics) AppContext.SetSwitch("System.Diagnostics.Metrics.Meter.IsSupported", false);
        var builder = Builder();
        builder.Services.AddModelServing(options =>
        {
            options.ApiKey = null;
            options.RateLimit.PermitLimit = 0;
            options.PredictionLog.Directory = null;
        });
        builder.Services.AddServedModel<Issue>(TriageModel.Name, modelFile);
        var app = builder.Build();
        app.MapModelServing();
        return Serve(app);
    }

    public static WebApplicationBuilder Builder()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            EnvironmentName = "Production",
            ContentRootPath = Environment.CurrentDirectory,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // What `dotnet new web` puts in appsettings.json: no per-request log lines from ASP.NET Core itself.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        });
        return builder;
    }

    public static int Serve(WebApplication app)
    {
        using (app)
        {
            app.StartAsync().GetAwaiter().GetResult();
            Console.WriteLine($"{Listening}{app.Urls.First()} pid {Environment.ProcessId} gc {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
            Console.Out.Flush();
            Console.In.ReadToEnd(); // the bench closes our standard input to stop us, or dies
            var clock = Stopwatch.StartNew();
            app.StopAsync().GetAwaiter().GetResult();
            Console.WriteLine($"stopped in {clock.ElapsedMilliseconds} ms");
        }

        return 0;
    }
}
