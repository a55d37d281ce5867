using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Sdk.MlOps.Testing;

/// <summary>
/// A TCP port that takes connections and never speaks HTTP: it either holds each one open without a byte of
/// answer (a hung server, a proxy to nowhere) or closes it at once (nothing listening behind). Counts connections,
/// so a test can tell how many attempts a client made.
/// </summary>
internal sealed class SilentServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentBag<Socket> _held = [];
    private readonly bool _hang;
    private int _connections;

    private SilentServer(bool hang)
    {
        _hang = hang;
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>Accepts and never answers.</summary>
    public static SilentServer Hanging() => new(hang: true);

    /// <summary>Accepts and closes each connection at once, with a reset.</summary>
    public static SilentServer Closing() => new(hang: false);

    public Uri Uri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public int Connections => Volatile.Read(ref _connections);

    public void Dispose()
    {
        _listener.Stop();
        foreach (var socket in _held) socket.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync();
                Interlocked.Increment(ref _connections);
                if (_hang)
                {
                    _held.Add(socket);
                    continue;
                }
                socket.LingerState = new LingerOption(true, 0);
                socket.Dispose();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
