using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace Sdk.MlOps.MLflow.Rest;

/// <summary>
/// The retry pipeline around every request: a total bound, then retries with exponential backoff and jitter on
/// connection failures, timeouts, 408, 429 (after its Retry-After) and 5xx, then a bound per attempt.
/// </summary>
internal static class MlflowResilience
{
    /// <summary>Marks an artifact upload or download, bounded by <see cref="MlflowClientOptions.ArtifactTimeout"/> instead.</summary>
    public static readonly HttpRequestOptionsKey<bool> ArtifactTransfer = new("Sdk.MlOps.MLflow.ArtifactTransfer");

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, MlflowClientOptions options)
    {
        options.ValidateResilience();
        var total = options.TotalTimeout;
        var transferTotal = options.ArtifactTimeout > total ? options.ArtifactTimeout : total;
        pipeline.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "MlflowTotalTimeout",
            TimeoutGenerator = args => ValueTask.FromResult(IsTransfer(args.Context) ? transferTotal : total),
        });
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                Name = "MlflowRetry",
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
            });
        }
        pipeline.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "MlflowAttemptTimeout",
            TimeoutGenerator = args => ValueTask.FromResult(IsTransfer(args.Context) ? options.ArtifactTimeout : options.RequestTimeout),
        });
    }

    private static bool IsTransfer(ResilienceContext context) =>
        context.GetRequestMessage() is { } request && request.Options.TryGetValue(ArtifactTransfer, out var transfer) && transfer;
}
