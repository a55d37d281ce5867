using Polly;

namespace Sdk.MlOps.MLflow.Rest;

/// <summary>
/// Sends each request through the retry pipeline: every attempt goes on to the inner handlers, with the attempt's
/// cancellation (its own timeout, the total bound, the caller's token). The request rides in the pooled
/// <see cref="ResilienceContext"/>, so the pipeline can read its options (see <see cref="MlflowResilience.ArtifactTransfer"/>).
/// </summary>
internal sealed class ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline, OutageBreaker? breaker = null) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (breaker is { IsOpen: true }) throw OutageBreaker.Skipped(request);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(MlflowResilience.RequestMessage, request);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    try
                    {
                        var response = await state.handler.SendAttemptAsync(state.request, context.CancellationToken)
                            .ConfigureAwait(context.ContinueOnCapturedContext);
                        return Outcome.FromResult(response);
                    }
                    // Every failure becomes the attempt's outcome: the pipeline decides to retry, or rethrows it.
                    catch (Exception e)
                    {
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context,
                (handler: this, request)).ConfigureAwait(false);
            // Without retries (MaxRetries 0), or past the total bound, the retry strategy never saw this outcome.
            if (breaker is not null && OutageBreaker.IsOutage(outcome, cancellationToken)) breaker.Open();
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
