using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Sdk.MlOps.Inference;
using Sdk.MlOps.Serving.Hosting;
using Sdk.MlOps.Serving.Models;
using Sdk.MlOps.Serving.PredictionLogging;
using Sdk.MlOps.Serving.Security;
using Sdk.MlOps.Serving.Telemetry;

namespace Sdk.MlOps.Serving;

/// <summary>Registers the serving host and the models it serves.</summary>
public static class ModelServingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the serving host: options from the configuration section <c>MlOps:Serving</c>, then the environment
    /// variables <c>MLOPS_API_KEY</c> and <c>MLOPS_PREDICTION_LOG_DIR</c>, then <paramref name="configure"/>; API-key
    /// authentication, the rate limiter, metrics (meter <c>Sdk.MlOps.Serving</c>, exported for Prometheus), the
    /// prediction log, the OpenAPI document and graceful shutdown. Map the endpoints with
    /// <see cref="ModelServingApplicationExtensions.MapModelServing"/>.
    /// </summary>
    public static IServiceCollection AddModelServing(this IServiceCollection services, Action<ModelServingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddServingCore(services);
        if (configure is not null) services.Configure(configure);
        return services;
    }

    /// <summary>
    /// Serves the model in <paramref name="modelFile"/> (a bundle's model zip, beside its <c>mlops-manifest.json</c>)
    /// under <paramref name="name"/>. It is reloaded, without a failed request, when the bundle is replaced. Models
    /// of different input classes may be served side by side, each under its own name.
    /// </summary>
    /// <typeparam name="TInput">The model's input class.</typeparam>
    public static IServiceCollection AddServedModel<TInput>(this IServiceCollection services, string name, string modelFile)
        where TInput : class, new()
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelFile);
        AddServingCore(services);
        services.AddModelPredictor<TInput>(name, modelFile, predictor => predictor.WatchForChanges = true);
        services.AddSingleton(new ServedModelRegistration(name, typeof(TInput), provider => new ServedModel<TInput>(
            name,
            provider.GetRequiredKeyedService<ModelPredictor<TInput>>(name),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(Log.Category))));
        return services;
    }

    private static void AddServingCore(IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(ServedModels))) return;

        // Order is precedence: the section, then the environment variables, then code (AddModelServing's delegate).
        services.AddOptions<ModelServingOptions>()
            .BindConfiguration(ModelServingOptions.SectionName)
            .Configure<IConfiguration>(ServingEnvironment.Apply)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModelServingOptions>, ServingOptionsValidation>();
        services.AddOptions<HostOptions>().Configure<IOptions<ModelServingOptions>>((host, serving) => host.ShutdownTimeout = serving.Value.ShutdownTimeout);

        services.AddSingleton<ServedModels>();
        services.AddSingleton<ServingState>();
        services.AddSingleton<ServingMetrics>();
        services.AddSingleton<PredictionLog>();
        services.AddSingleton<Endpoints.Predictions>();
        services.AddHostedService<ServingLifecycle>();
        services.AddHostedService<PredictionLogWriter>();

        services.AddRateLimiter(ServingRateLimiter.Configure);
        // The scheme is named by the policy, not made the default. Authentication's core only: AddAuthentication
        // would bring data protection, whose key ring a key-checking host never uses but would write to disk.
        services.AddAuthenticationCore();
        services.AddWebEncoders();
        services.TryAddSingleton(TimeProvider.System);
        new AuthenticationBuilder(services).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(ApiKeyAuthenticationHandler.Policy, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser());

        services.AddOpenApi();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            // The host's own request metrics only: ASP.NET Core's http.server.* meters would time every request a
            // second time (measured in figure 7 of build/bench); an application that wants them adds them.
            .AddMeter(ServingMetrics.MeterName)
            .AddPrometheusExporter());
    }
}
