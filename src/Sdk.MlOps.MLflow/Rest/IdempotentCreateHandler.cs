namespace Sdk.MlOps.MLflow.Rest;

/// <summary>
/// Sits inside the retry handler, so it sees every attempt: on a retried create it first looks for what an earlier
/// attempt may already have created (see <see cref="IdempotentCreate"/>). Other requests pass straight through.
/// </summary>
internal sealed class IdempotentCreateHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(IdempotentCreate.Key, out var create) && create.BeginAttempt())
        {
            var found = await create.FindAsync((lookup, ct) =>
            {
                // Headers the caller's HttpClient added to the create (its default headers, a custom auth scheme)
                // belong on the lookup too; those the lookup already has are not doubled.
                foreach (var header in request.Headers)
                    if (!lookup.Headers.Contains(header.Key))
                        lookup.Headers.TryAddWithoutValidation(header.Key, header.Value);
                return base.SendAsync(lookup, ct);
            }, cancellationToken).ConfigureAwait(false);
            if (found is not null)
            {
                found.RequestMessage = request;
                return found;
            }
        }
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
