namespace Sdk.MlOps.MLflow.Rest;

/// <summary>
/// Rides on a create request (runs, model versions, experiments, registered models) through the retry pipeline.
/// The request carries a client-generated marker as the tag <see cref="MlflowClient.ClientRequestIdTag"/>;
/// before every attempt after the first, <see cref="IdempotentCreateHandler"/> asks <see cref="FindAsync"/> whether
/// an earlier attempt already created the entity (the server may have processed a request whose answer was lost),
/// and if so answers with it instead of creating a second one.
/// </summary>
internal sealed class IdempotentCreate(IdempotentCreate.Lookup lookup)
{
    /// <summary>Sends one request past the retry pipeline, with the create request's headers.</summary>
    public delegate Task<HttpResponseMessage> Sender(HttpRequestMessage request, CancellationToken cancellationToken);

    /// <summary>
    /// Null when nothing carries the marker yet (go on and create). Otherwise the attempt's outcome: a success
    /// shaped like the create's own response, or the lookup's failure for the retry strategy to judge.
    /// </summary>
    public delegate Task<HttpResponseMessage?> Lookup(Sender send, CancellationToken cancellationToken);

    // Every attempt resends the same request, so this one object, in its options, sees them all.
    public static readonly HttpRequestOptionsKey<IdempotentCreate> Key = new("Sdk.MlOps.MLflow.IdempotentCreate");

    private int _attempts;

    /// <summary>Counts an attempt; true from the second on.</summary>
    public bool BeginAttempt() => Interlocked.Increment(ref _attempts) > 1;

    public Task<HttpResponseMessage?> FindAsync(Sender send, CancellationToken cancellationToken) => lookup(send, cancellationToken);
}
