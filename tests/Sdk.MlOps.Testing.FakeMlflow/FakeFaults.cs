namespace Sdk.MlOps.Testing;

/// <summary>What the fake server does to a request instead of, or around, answering it normally.</summary>
internal abstract record Fault
{
    /// <summary>Answers with this status and MLflow's error JSON, processing nothing.</summary>
    public sealed record Status(int Code, string ErrorCode = "TEMPORARILY_UNAVAILABLE", string? RetryAfter = null, string Message = "injected") : Fault;

    /// <summary>Waits, then answers normally (if the client still listens).</summary>
    public sealed record Delay(TimeSpan Duration) : Fault;

    /// <summary>Processes the request, then drops the connection before a byte of the answer is sent.</summary>
    public sealed record DropAfterProcessing : Fault;

    /// <summary>Drops the connection without processing anything.</summary>
    public sealed record DropBeforeProcessing : Fault;

    /// <summary>Starts a 200 answer promising <paramref name="Length"/> bytes, sends half, then drops the connection.</summary>
    public sealed record PartialBody(int Length) : Fault;

    /// <summary>Answers with this body verbatim, processing nothing.</summary>
    public sealed record Raw(int Code, string Body, string ContentType = "application/json") : Fault;
}

/// <summary>Faults to apply to the next N requests of a method and path, in the order they were planned.</summary>
internal sealed class FaultPlan
{
    private readonly List<(string Method, string Path, Fault Fault)> _planned = [];

    public void Add(string method, string path, Fault fault, int times = 1)
    {
        lock (_planned)
            for (var i = 0; i < times; i++)
                _planned.Add((method, path, fault));
    }

    /// <summary>Every request to the method and path gets the fault, for as long as the test runs.</summary>
    public void Always(string method, string path, Fault fault) => Add(method, path, fault, 10_000);

    public Fault? Take(string method, string path)
    {
        lock (_planned)
        {
            var index = _planned.FindIndex(p => p.Method == method && path.EndsWith(p.Path, StringComparison.Ordinal));
            if (index < 0)
                return null;
            var fault = _planned[index].Fault;
            _planned.RemoveAt(index);
            return fault;
        }
    }
}

/// <summary>A request as it arrived; <see cref="Path"/> is decoded, <see cref="RawTarget"/> is the path and query as sent.</summary>
internal sealed record RecordedRequest(string Method, string Path, string RawTarget, string Query, string? Authorization, string? ContentType, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}
