using System.Net;
using System.Net.Sockets;

namespace Bench;

/// <summary>
/// Figure 5: what an MLflow server that is down adds to a build that trains. The same small model project is
/// built with tracking off, with <c>MLFLOW_TRACKING_URI</c> naming a port nothing listens on (connection refused),
/// and naming a port that accepts and never answers (a hung server or proxy); the model file is deleted before
/// each build so every build trains. The figure is the median whole-build time minus the median with tracking off.
/// </summary>
internal static class Outage
{
    public const double RefusedGoal = 5;
    public const double HangingGoal = 15;
    public const int Runs = 3;

    public static IEnumerable<Row> Run(Workspace ws, Notes notes)
    {
        var train = Path.Combine(ws.Dir("data"), "outage-train-5k.csv");
        var test = Path.Combine(ws.Dir("data"), "outage-test-1k.csv");
        Workspace.WriteData(train, 5_000, seed: 1);
        Workspace.WriteData(test, 1_000, seed: 2);
        var project = ws.CreateModelProject("Outage", train, test, "<MlOpsCache>false</MlOpsCache>");
        var modelFile = Path.Combine(project, "bin", "Release", "net10.0", "Outage.zip");
        Proc.Build(project, "-p:MlOpsTracking=false").ShouldSucceed();

        using var hanging = new HangingPort();
        var modes = new (string Name, string[] Args, Dictionary<string, string> Env)[]
        {
            ("tracking off", ["-p:MlOpsTracking=false"], []),
            ("refused", [], new() { ["MLFLOW_TRACKING_URI"] = $"http://127.0.0.1:{FreePort()}" }),
            ("never answers", [], new() { ["MLFLOW_TRACKING_URI"] = $"http://127.0.0.1:{hanging.Port}" }),
        };
        // Alternated, so that the load of a shared machine falls on every mode alike.
        var seconds = modes.ToDictionary(m => m.Name, _ => new List<double>());
        for (int i = 0; i < Runs; i++)
        {
            foreach (var (name, args, env) in modes)
            {
                File.Delete(modelFile);
                var build = Proc.Exec(env, project, "dotnet", ["build", "-c", "Release", .. Proc.BuildSwitches, "--no-restore", .. args]).ShouldSucceed();
                if (!build.Output.Contains("Trained Outage", StringComparison.Ordinal))
                    throw new InvalidOperationException($"the {name} build did not train:\n{build.Output}");
                if (name != "tracking off" && !build.Output.Contains("MLOPS5001", StringComparison.Ordinal))
                    throw new InvalidOperationException($"the {name} build did not warn MLOPS5001:\n{build.Output}");
                seconds[name].Add(build.Seconds);
            }
        }
        var medians = seconds.ToDictionary(s => s.Key, s => Stats.Median(s.Value));
        foreach (var (name, _, _) in modes) notes.Add("5", $"{name}: whole build {Stats.Describe(seconds[name])}");
        notes.Add("5", $"the never-answering port took {hanging.Connections} connection(s) over {Runs} builds (one request per build, then the breaker)");

        double refused = medians["refused"] - medians["tracking off"];
        double hung = medians["never answers"] - medians["tracking off"];
        yield return new Row("5-refused", "Server down (connection refused): extra build time", $"{Stats.F(refused, "0.0")} s", $"≤ {RefusedGoal} s", refused <= RefusedGoal);
        yield return new Row("5-hanging", "Server down (accepts, never answers): extra build time", $"{Stats.F(hung, "0.0")} s", $"≤ {HangingGoal} s", hung <= HangingGoal);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Accepts connections and holds them open without a byte of answer.</summary>
    private sealed class HangingPort : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _held = [];

        public HangingPort()
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        var socket = await _listener.AcceptSocketAsync();
                        lock (_held) _held.Add(socket);
                    }
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // Stopped.
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections
        {
            get { lock (_held) return _held.Count; }
        }

        public void Dispose()
        {
            _listener.Stop();
            lock (_held) _held.ForEach(s => s.Dispose());
        }
    }
}
