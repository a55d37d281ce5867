using System.Net;
using Polly;
using Polly.Retry;
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

    /// <summary>The request a pipeline execution sends; <see cref="ResilienceHandler"/> puts it in the context.</summary>
    public static readonly ResiliencePropertyKey<HttpRequestMessage> RequestMessage = new("Sdk.MlOps.MLflow.RequestMessage");

    public static ResiliencePipeline<HttpResponseMessage> Build(MlflowClientOptions options, OutageBreaker? breaker = null)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = "mlflow" };
        Configure(builder, options, breaker);
        return builder.Build();
    }

    /// <summary>The strategies, outermost first; with <paramref name="breaker"/>, the first outage opens it and ends the retrying (see <see cref="MlflowClientOptions.FailFastAfterOutage"/>).</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, MlflowClientOptions options, OutageBreaker? breaker = null)
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
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "MlflowRetry",
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.CancellationToken, breaker)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
            });
        }
        pipeline.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "MlflowAttemptTimeout",
            TimeoutGenerator = args => ValueTask.FromResult(IsTransfer(args.Context) ? options.ArtifactTimeout : options.RequestTimeout),
        });
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken, OutageBreaker? breaker)
    {
        if (breaker is null) return IsTransient(outcome, cancellationToken);
        if (OutageBreaker.IsOutage(outcome, cancellationToken)) breaker.Open();
        return !breaker.IsOpen && IsTransient(outcome, cancellationToken);
    }

    /// <summary>
    /// Connection failures, timeouts of an attempt (the pipeline's or the connect timeout's, not the caller's
    /// cancellation), 408, 429 and 5xx.
    /// </summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken) => outcome switch
    {
        { Result: { } response } => (int)response.StatusCode >= 500
            || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        { Exception: HttpRequestException or System.Net.Sockets.SocketException or TimeoutRejectedException } => true,
        { Exception: OperationCanceledException { InnerException: TimeoutException } } => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>The delay a Retry-After header asks for (a date in the past means now), or null for the backoff.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        TimeSpan? delay = response?.Headers.RetryAfter switch
        {
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            { Delta: { } delta } => delta,
            _ => null,
        };
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    private static bool IsTransfer(ResilienceContext context) =>
        context.Properties.TryGetValue(RequestMessage, out var request)
        && request.Options.TryGetValue(ArtifactTransfer, out var transfer) && transfer;
}
