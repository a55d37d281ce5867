using Microsoft.Extensions.DependencyInjection;
using Sdk.MlOps.MLflow.Rest;

namespace Sdk.MlOps.MLflow;

/// <summary>For dependency-injection users who hand <see cref="MlflowClient"/> an <see cref="HttpClient"/> of their own.</summary>
public static class MlflowHttpClientBuilderExtensions
{
    /// <summary>
    /// Adds the retry pipeline <see cref="MlflowClient"/> uses on its own client (see <see cref="MlflowClientOptions"/>)
    /// and, inside it, the handler that keeps creates from duplicating a run or a model version when a retry follows
    /// a lost answer. Use this instead of a generic resilience handler: one that retries POSTs on its own can create
    /// a run twice.
    /// </summary>
    public static IHttpClientBuilder AddMlflowResilienceHandler(this IHttpClientBuilder builder, MlflowClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.AddResilienceHandler("mlflow", pipeline => MlflowResilience.Configure(pipeline, options));
        // Added after the resilience handler, so it sits inside it and sees every attempt.
        builder.AddHttpMessageHandler(() => new IdempotentCreateHandler());
        return builder;
    }
}
