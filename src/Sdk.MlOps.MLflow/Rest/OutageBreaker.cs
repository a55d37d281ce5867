using Polly;
using Polly.Timeout;

namespace Sdk.MlOps.MLflow.Rest;

/// <summary>
/// The state behind <see cref="MlflowClientOptions.FailFastAfterOutage"/>: opened by the first connection failure or
/// timeout, never closed again. A build lasts minutes; a server that was down a moment ago is not worth waiting
/// for again in every step.
/// </summary>
internal sealed class OutageBreaker
{
    private volatile bool _open;

    public bool IsOpen => _open;

    public void Open() => _open = true;

    /// <summary>
    /// A failure that says the server is away, not that it refused: no connection, no answer in time (an
    /// attempt's, the total's or the connect timeout). A caller's own cancellation is none of these.
    /// </summary>
    public static bool IsOutage(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken) => outcome.Exception switch
    {
        HttpRequestException { StatusCode: null } => true,
        // A connection reset while it is being set up can surface bare, not wrapped in HttpRequestException.
        System.Net.Sockets.SocketException => true,
        TimeoutRejectedException => true,
        OperationCanceledException { InnerException: TimeoutException } => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    public static MlflowException Skipped(HttpRequestMessage request) => new(
        MlflowException.ErrorCodes.Unavailable,
        $"MLflow {RestTransport.Where(request)} was not sent: the server did not answer an earlier request of this client (no connection or no answer in time).");
}
