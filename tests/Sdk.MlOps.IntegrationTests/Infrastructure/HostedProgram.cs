using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sdk.MlOps.IntegrationTests.Infrastructure;

/// <summary>
/// A published program running as a server on a loopback port of its own, as a container would run it; stopped
/// (its whole process tree) on dispose. What it printed is kept, to check what reached its log.
/// </summary>
internal sealed class HostedProgram : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostedProgram(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts <c>dotnet &lt;program&gt; &lt;args&gt; --urls http://127.0.0.1:&lt;free port&gt;</c> and waits until <paramref name="readyPath"/> answers 200.</summary>
    public static HostedProgram Start(string program, IDictionary<string, string> environment, string readyPath, params string[] args)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(program)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(program);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString());
        foreach (var (k, v) in environment) start.Environment[k] = v;
        var hosted = new HostedProgram(new Process { StartInfo = start }, address);
        hosted._process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (hosted._output) hosted._output.AppendLine(e.Data); };
        hosted._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (hosted._output) hosted._output.AppendLine(e.Data); };
        hosted._process.Start();
        hosted._process.BeginOutputReadLine();
        hosted._process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !hosted._process.HasExited)
        {
            try
            {
                if (client.GetAsync(readyPath).GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK) return hosted;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
            }

            Thread.Sleep(100);
        }

        hosted.Dispose();
        throw new AssertFailedException($"{Path.GetFileName(program)} did not become ready at {address}{readyPath}:\n{hosted.Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
