using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Bench;

/// <summary>One request: when it was sent and answered (<see cref="Stopwatch"/> ticks), whether it got a 2xx, and the model version the answer named.</summary>
internal readonly record struct Sample(long Start, long End, bool Ok, string? Version)
{
    public double Ms => (End - Start) * 1000.0 / Stopwatch.Frequency;
}

/// <summary>What one batch of requests did.</summary>
internal sealed class LoadResult(IReadOnlyList<Sample> samples, long started, long ended, string? firstError)
{
    public IReadOnlyList<Sample> Samples { get; } = samples;

    public int Requests => Samples.Count;

    /// <summary>Non-2xx answers and exceptions (refused, reset, timed out).</summary>
    public int Errors => Samples.Count(s => !s.Ok);

    public string? FirstError { get; } = firstError;

    public double Seconds => (ended - started) / (double)Stopwatch.Frequency;

    public double Throughput => Requests / Seconds;

    public long Started => started;

    /// <summary>The latency below which <paramref name="percent"/> of the requests fall (nearest rank), in ms.</summary>
    public double Percentile(double percent) => Percentile(Samples, percent);

    public static double Percentile(IEnumerable<Sample> samples, double percent)
    {
        var ms = samples.Select(s => s.Ms).Order().ToArray();
        if (ms.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percent / 100 * ms.Length);
        return ms[Math.Clamp(rank - 1, 0, ms.Length - 1)];
    }
}

/// <summary>
/// A closed-loop load generator: <see cref="Concurrency"/> workers, each sending its next request as soon as the last
/// was answered, over one <see cref="HttpClient"/> whose <see cref="SocketsHttpHandler"/> keeps one connection per
/// worker. Every latency is recorded, from before the request is sent to the last byte of the answer read.
/// </summary>
internal sealed class LoadGenerator : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly byte[] VersionField = "\"version\":\""u8.ToArray();

    private readonly HttpClient _client;

    public LoadGenerator(int concurrency)
    {
        Concurrency = concurrency;
        _client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public int Concurrency { get; }

    /// <summary>Exactly <paramref name="requests"/> requests, cycling through <paramref name="bodies"/> from the first.</summary>
    public LoadResult Run(Uri url, IReadOnlyList<byte[]> bodies, int requests, bool readVersion = false) =>
        RunCore(url, bodies, requests, CancellationToken.None, readVersion);

    /// <summary>Requests until <paramref name="stop"/> is cancelled.</summary>
    public LoadResult RunUntil(Uri url, IReadOnlyList<byte[]> bodies, CancellationToken stop, bool readVersion = false) =>
        RunCore(url, bodies, int.MaxValue, stop, readVersion);

    private LoadResult RunCore(Uri url, IReadOnlyList<byte[]> bodies, int requests, CancellationToken stop, bool readVersion)
    {
        int next = -1;
        string? firstError = null;
        var perWorker = new List<Sample>[Concurrency];

        async Task Worker(int w)
        {
            var samples = perWorker[w] = new List<Sample>(requests == int.MaxValue ? 4096 : requests / Concurrency + 1);
            while (!stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= requests) break;
                var content = new ByteArrayContent(bodies[i % bodies.Count]);
                content.Headers.ContentType = Json;
                var start = Stopwatch.GetTimestamp();
                bool ok;
                string? version = null;
                try
                {
                    using var response = await _client.PostAsync(url, content).ConfigureAwait(false);
                    var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    ok = response.IsSuccessStatusCode;
                    if (!ok) Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode} {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(200, body.Length)))}", null);
                    else if (readVersion) version = VersionOf(body);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    ok = false;
                    Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {e.Message}", null);
                }

                samples.Add(new Sample(start, Stopwatch.GetTimestamp(), ok, version));
            }
        }

        var started = Stopwatch.GetTimestamp();
        Task.WaitAll(Enumerable.Range(0, Concurrency).Select(w => Task.Run(() => Worker(w))).ToArray());
        var ended = Stopwatch.GetTimestamp();
        return new LoadResult(perWorker.SelectMany(s => s).OrderBy(s => s.Start).ToArray(), started, ended, firstError);
    }

    /// <summary>The <c>"version":"…"</c> of a /predict answer, without parsing the rest.</summary>
    private static string? VersionOf(byte[] body)
    {
        var at = body.AsSpan().IndexOf(VersionField);
        if (at < 0) return null;
        var rest = body.AsSpan(at + VersionField.Length);
        var end = rest.IndexOf((byte)'"');
        return end < 0 ? null : Encoding.UTF8.GetString(rest[..end]);
    }

    public void Dispose() => _client.Dispose();
}
