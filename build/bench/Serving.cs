using System.Diagnostics;
using System.Text.Json;

namespace Bench;

/// <summary>
/// Figure 7: the serving host (Sdk.MlOps.Serving) against a hand-written ASP.NET Core minimal API, serving the same
/// real multiclass text model (the IncidentTriage sample's pipeline, trained here in process), each in a child process
/// on Kestrel at 127.0.0.1. The load generator runs in the bench's own process: <see cref="Concurrency"/> closed-loop
/// workers, the same request bodies (real issues, cycled) to <c>POST /predict</c> on both sides. After a first
/// <see cref="FirstWarmUp"/> requests to each side, each batch is <see cref="WarmUp"/> requests then
/// <see cref="Requests"/> timed ones, the sides alternated for <see cref="Rounds"/> rounds each. Then the reload
/// phase: under the same load, the host's bundle is replaced <see cref="Reloads"/> times, version 1 → 2 → 1 → …, zip
/// first and manifest last. It packs no SDK: the projects are referenced directly.
/// </summary>
internal static class Serving
{
    public const int Concurrency = 16;
    public const int WarmUp = 2_000;
    public const int Requests = 20_000;
    public const int FirstWarmUp = 10_000;
    public const int Rounds = 3;
    public const int Reloads = 4;
    public const double ThroughputGoal = 1.0;
    public const double P99Goal = 1.1;

    private static readonly TimeSpan BeforeFirstReload = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan BetweenReloads = TimeSpan.FromSeconds(2.5);

    /// <summary>Only this figure (<c>--figure 7</c>): no workspace, no SDK to pack, so the table is printed here.</summary>
    /// <param name="withoutMetrics">
    /// The experiment of docs/performance.md (<c>--figure 7 --experiment no-metrics</c>): a third side, the same
    /// host with every metric off, in the same rotation; no reload phase.
    /// </param>
    public static int Alone(string machine, string repoRoot, bool withoutMetrics = false)
    {
        var notes = new Notes();
        var loads = new List<string> { Table.Load() };
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"7. serving under load: host vs hand-written minimal API, {Concurrency} connections, {WarmUp:N0} + {Requests:N0} requests, " +
                          $"{Rounds} rounds each, then {Reloads} reloads under load");
        var rows = Run(repoRoot, notes, loads, withoutMetrics).ToList();
        loads.Add(Table.Load());
        Console.WriteLine();
        Console.WriteLine($"Machine: {machine}");
        Console.WriteLine($"1-minute load average at each step: {string.Join(" → ", loads)}; figure wall time {clock.Elapsed.TotalMinutes:0.0} min");
        Console.WriteLine("| # | Figure | Measured (median) | Goal | Result |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var r in rows) Console.WriteLine($"| {r.Id} | {r.Figure} | {r.Measured} | {r.Goal} | {r.Result} |");
        Console.WriteLine();
        Console.WriteLine("Details:");
        foreach (var (id, text) in notes.All) Console.WriteLine($"  [{id}] {text}");
        return 0;
    }

    public static IReadOnlyList<Row> Run(string repoRoot, Notes notes, List<string>? loads = null, bool withoutMetrics = false)
    {
        void Progress(string text)
        {
            loads?.Add(Table.Load());
            Console.WriteLine($"  [7, load {Table.Load()}] {text}");
        }

        var root = Path.Combine(Path.GetTempPath(), "sdk-mlops-bench-serving-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss"));
        Directory.CreateDirectory(root);
        ServerProcess? host = null, hand = null, bare = null;
        try
        {
            // The model, two versions; untimed. Each trains on one thread, so the two run side by side.
            var tsv = TriageModel.DataFile(repoRoot);
            var clock = Stopwatch.StartNew();
            var v2Task = Task.Run(() => TriageModel.Train(tsv, iterations: 8, seed: 2));
            var v1 = TriageModel.Train(tsv, iterations: 10, seed: 1);
            var v2 = v2Task.Result;
            var bodies = TriageModel.RequestBodies(tsv);
            notes.Add("7", $"setup: trained the IncidentTriage pipeline on {bodies.Count:N0} issues twice (version 1: 10 SDCA iterations, seed 1, " +
                           $"{v1.Length / 1e6:0.0} MB; version 2: 8 iterations, seed 2, {v2.Length / 1e6:0.0} MB) in {Stats.F(clock.Elapsed.TotalSeconds, "0.0")} s, not timed; " +
                           $"request bodies: the {bodies.Count:N0} issues as {{id, title, description}}, median {Median(bodies.Select(b => (double)b.Length)):0} bytes, cycled in file order");

            // Each side gets its own copy of the bundle: the reload phase replaces the host's only.
            var hostModel = TriageModel.WriteBundle(Path.Combine(root, "host"), "1", v1);
            var handModel = TriageModel.WriteBundle(Path.Combine(root, "hand"), "1", v1);
            host = ServerProcess.Start("--serve-host", hostModel, root);
            hand = ServerProcess.Start("--serve-hand", handModel, root);
            Progress($"host {host.BaseAddress} (pid {host.Pid}, {host.Gc} GC) and hand-written {hand.BaseAddress} (pid {hand.Pid}, {hand.Gc} GC) listening");
            if (withoutMetrics)
            {
                bare = ServerProcess.Start("--serve-host", TriageModel.WriteBundle(Path.Combine(root, "bare"), "1", v1), root, HostedSides.NoMetrics);
                Progress($"experiment: {bare.Name} {bare.BaseAddress} (pid {bare.Pid}) listening");
            }

            using var load = new LoadGenerator(Concurrency);
            notes.Add("7", SameAnswers(host, hand, bodies));

            // A first, untimed warm-up of each side: tiered compilation and dynamic PGO take some seconds of load to
            // settle, and a first round that caught them would measure the JIT, not the serving.
            var sides = bare is null ? new[] { host, hand } : [host, bare, hand];
            foreach (var side in sides) load.Run(side.Predict, bodies, FirstWarmUp);
            Progress($"warmed up each side with {FirstWarmUp:N0} requests");
            var results = sides.ToDictionary(s => s, _ => new List<(LoadResult Result, double CpuMs)>());
            for (int round = 0; round < Rounds; round++)
            {
                // Rotated: with two sides, A B, B A, A B.
                foreach (var side in sides.Skip(round % sides.Length).Concat(sides.Take(round % sides.Length)))
                {
                    var warm = load.Run(side.Predict, bodies, WarmUp);
                    var cpu = side.CpuTime();
                    var r = load.Run(side.Predict, bodies, Requests);
                    var cpuMs = (side.CpuTime() - cpu).TotalMilliseconds / r.Requests;
                    results[side].Add((r, cpuMs));
                    Progress($"round {round + 1}, {side.Name}: {r.Throughput:N0} req/s, p50 {Stats.F(r.Percentile(50))} ms, p99 {Stats.F(r.Percentile(99))} ms, " +
                             $"{r.Errors + warm.Errors} errors, server CPU {Stats.F(cpuMs, "0.000")} ms/request{FirstError(r.FirstError ?? warm.FirstError)}");
                }
            }

            var rows = new List<Row>();
            rows.AddRange(Compare(results[host], results[hand], notes));
            if (bare is not null)
            {
                Describe(bare.Name, results[bare], notes);
                double Cpu(ServerProcess side) => Stats.Median(results[side].Select(r => r.CpuMs));
                double Rps(ServerProcess side) => Stats.Median(results[side].Select(r => r.Result.Throughput));
                notes.Add("7-experiment", $"server CPU per request: host {Stats.F(Cpu(host), "0.000")} ms, {bare.Name} {Stats.F(Cpu(bare), "0.000")} ms, hand-written {Stats.F(Cpu(hand), "0.000")} ms: " +
                                          $"metrics {Stats.F((Cpu(host) - Cpu(bare)) * 1000, "0")} µs, the rest of the host {Stats.F((Cpu(bare) - Cpu(hand)) * 1000, "0")} µs; " +
                                          $"throughput / hand-written: host {Stats.F(Rps(host) / Rps(hand))}×, {bare.Name} {Stats.F(Rps(bare) / Rps(hand))}×");
                return rows;
            }

            var hostPeakBefore = host.PeakMb();
            Progress($"reload phase: {Reloads} replacements of the host's bundle under load");
            rows.Add(Reload(load, host, hostModel, v1, v2, bodies, Stats.Median(results[host].Select(r => r.Result.Percentile(99))), notes));

            notes.Add("7", $"peak working set (VmHWM): host {hostPeakBefore:0} MB before the reloads and {host.PeakMb():0} MB after them, hand-written {hand.PeakMb():0} MB; " +
                           $"load generator CPU over the figure {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:0.0} s");
            return rows;
        }
        finally
        {
            host?.Dispose();
            hand?.Dispose();
            bare?.Dispose();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"warning: could not remove {root}: {e.Message}");
            }
        }
    }

    /// <summary>Both sides serve the same model: the first bodies must get the same label from each.</summary>
    private static string SameAnswers(ServerProcess host, ServerProcess hand, IReadOnlyList<byte[]> bodies)
    {
        using var client = new HttpClient();
        string Label(ServerProcess side, byte[] body)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = client.PostAsync(side.Predict, content).GetAwaiter().GetResult();
            var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{side.Name} answered {(int)response.StatusCode}: {text}");
            using var json = JsonDocument.Parse(text);
            return json.RootElement.GetProperty("label").GetString() ?? "";
        }

        const int checkedBodies = 50;
        var differ = Enumerable.Range(0, checkedBodies).Count(i => Label(host, bodies[i]) != Label(hand, bodies[i]));
        if (differ > 0) throw new InvalidOperationException($"the two sides answered {differ} of {checkedBodies} requests with different labels: they do not serve the same model");
        var sample = new StreamContent(new MemoryStream(bodies[0]));
        sample.Headers.ContentType = new("application/json");
        var hostAnswer = client.PostAsync(host.Predict, sample).GetAwaiter().GetResult().Content.ReadAsStringAsync().GetAwaiter().GetResult();
        sample = new StreamContent(new MemoryStream(bodies[0]));
        sample.Headers.ContentType = new("application/json");
        var handAnswer = client.PostAsync(hand.Predict, sample).GetAwaiter().GetResult().Content.ReadAsStringAsync().GetAwaiter().GetResult();
        return $"both sides gave the same label to the first {checkedBodies} issues. Answers: host {hostAnswer.Length} bytes {Shorten(hostAnswer)}; hand-written {handAnswer.Length} bytes {handAnswer}";
    }

    private static IEnumerable<Row> Compare(List<(LoadResult Result, double CpuMs)> host, List<(LoadResult Result, double CpuMs)> hand, Notes notes)
    {
        double Med(List<(LoadResult Result, double CpuMs)> side, Func<(LoadResult Result, double CpuMs), double> f) => Stats.Median(side.Select(f));

        double hostRps = Med(host, r => r.Result.Throughput), handRps = Med(hand, r => r.Result.Throughput);
        double hostP99 = Med(host, r => r.Result.Percentile(99)), handP99 = Med(hand, r => r.Result.Percentile(99));
        double hostP50 = Med(host, r => r.Result.Percentile(50)), handP50 = Med(hand, r => r.Result.Percentile(50));
        double hostCpu = Med(host, r => r.CpuMs), handCpu = Med(hand, r => r.CpuMs);
        var rpsRatios = host.Zip(hand, (a, b) => a.Result.Throughput / b.Result.Throughput).ToArray();
        var p99Ratios = host.Zip(hand, (a, b) => a.Result.Percentile(99) / b.Result.Percentile(99)).ToArray();
        int errors = host.Concat(hand).Sum(r => r.Result.Errors);

        Describe("host", host, notes);
        Describe("hand-written", hand, notes);
        notes.Add("7", $"per round, host / hand-written: throughput {string.Join(", ", rpsRatios.Select(r => Stats.F(r)))}; p99 {string.Join(", ", p99Ratios.Select(r => Stats.F(r)))}; " +
                       $"server CPU per request {Stats.F(hostCpu / handCpu)}× ({Stats.F(hostCpu, "0.000")} vs {Stats.F(handCpu, "0.000")} ms)");

        double rps = hostRps / handRps, p99 = hostP99 / handP99;
        var errorText = errors == 0 ? "" : $"; {errors} errors";
        yield return new Row("7", $"Serving `POST /predict`, {Concurrency} connections: throughput, host / hand-written minimal API",
            $"**{Stats.F(rps)}×** ({hostRps:N0} vs {handRps:N0} req/s, {Rounds} rounds of {Requests:N0} each; rounds {Stats.F(rpsRatios.Min())}–{Stats.F(rpsRatios.Max())}{errorText})",
            $"≥ {Stats.F(ThroughputGoal, "0.0")}", rps >= ThroughputGoal && errors == 0);
        yield return new Row("7", $"Serving `POST /predict`, {Concurrency} connections: p99 latency, host / hand-written",
            $"**{Stats.F(p99)}×** ({Stats.F(hostP99)} vs {Stats.F(handP99)} ms; rounds {Stats.F(p99Ratios.Min())}–{Stats.F(p99Ratios.Max())}; p50 {Stats.F(hostP50)} vs {Stats.F(handP50)} ms)",
            $"≤ {Stats.F(P99Goal)}", p99 <= P99Goal && errors == 0);
    }

    private static void Describe(string name, List<(LoadResult Result, double CpuMs)> side, Notes notes)
    {
        double Med(Func<(LoadResult Result, double CpuMs), double> f) => Stats.Median(side.Select(f));
        string Range(Func<(LoadResult Result, double CpuMs), double> f, string format) => $"{Stats.F(side.Min(f), format)}–{Stats.F(side.Max(f), format)}";
        notes.Add("7", $"{name}: {Med(r => r.Result.Throughput):N0} req/s ({Range(r => r.Result.Throughput, "N0")}), " +
                       $"p50 {Stats.F(Med(r => r.Result.Percentile(50)))} ms ({Range(r => r.Result.Percentile(50), "0.00")}), " +
                       $"p99 {Stats.F(Med(r => r.Result.Percentile(99)))} ms ({Range(r => r.Result.Percentile(99), "0.00")}), " +
                       $"max {Stats.F(side.Max(r => r.Result.Samples.Max(s => s.Ms)), "0.0")} ms, server CPU {Stats.F(Med(r => r.CpuMs), "0.000")} ms/request " +
                       $"({Range(r => r.CpuMs, "0.000")}), {side.Sum(r => r.Result.Errors)} errors; {side.Count} rounds of {Requests:N0}");
    }

    /// <summary>
    /// The reload phase: load on the host while its bundle is replaced <see cref="Reloads"/> times, each time zip
    /// then manifest, written beside the target and renamed over it. Every answer names the version that made it.
    /// </summary>
    private static Row Reload(LoadGenerator load, ServerProcess host, string modelFile, byte[] v1, byte[] v2, IReadOnlyList<byte[]> bodies, double steadyP99, Notes notes)
    {
        load.Run(host.Predict, bodies, WarmUp);
        using var stop = new CancellationTokenSource();
        var swaps = new List<(long At, string Version)>();
        var swapper = Task.Run(() =>
        {
            Thread.Sleep(BeforeFirstReload);
            for (int k = 0; k < Reloads; k++)
            {
                var version = k % 2 == 0 ? "2" : "1";
                TriageModel.Replace(modelFile, version, version == "2" ? v2 : v1);
                lock (swaps) swaps.Add((Stopwatch.GetTimestamp(), version));
                Thread.Sleep(BetweenReloads);
            }

            stop.Cancel();
        });
        var result = load.RunUntil(host.Predict, bodies, stop.Token, readVersion: true);
        swapper.Wait();
        Thread.Sleep(200); // the host's log lines of the last reload
        var samples = result.Samples;

        // For each replacement: the first request from which every request started got the new version.
        var delays = new List<double>();
        var switched = 0;
        var during = new List<Sample>();
        for (int k = 0; k < swaps.Count; k++)
        {
            var (at, version) = swaps[k];
            var until = k + 1 < swaps.Count ? swaps[k + 1].At : long.MaxValue;
            var window = samples.Where(s => s.Start >= at && s.Start < until && s.Ok).ToArray();
            during.AddRange(samples.Where(s => s.Start >= at && s.Start < at + Stopwatch.Frequency));
            var lastOld = Array.FindLastIndex(window, s => s.Version != version);
            if (lastOld + 1 < window.Length)
            {
                switched++;
                delays.Add((window[lastOld + 1].Start - at) * 1000.0 / Stopwatch.Frequency);
            }
        }

        var before = samples.Where(s => swaps.Count == 0 || s.Start < swaps[0].At).ToArray();
        var versionsBefore = string.Join(", ", before.GroupBy(s => s.Version ?? "none").Select(g => $"{g.Key}: {g.Count():N0}"));
        var reloaded = host.Lines.Count(l => l.Contains(" reloaded: version", StringComparison.Ordinal));
        var failed = host.Lines.Count(l => l.Contains("could not be loaded", StringComparison.Ordinal));
        double p99 = result.Percentile(99), p99During = LoadResult.Percentile(during, 99);
        var max = samples.Max(s => s.Ms);
        notes.Add("7-reload", $"{result.Requests:N0} requests in {Stats.F(result.Seconds, "0.0")} s ({result.Throughput:N0} req/s), {result.Errors} errors{FirstError(result.FirstError)}; " +
                              $"p50 {Stats.F(result.Percentile(50))} ms, p99 {Stats.F(p99)} ms, in the 1 s after each replacement p99 {Stats.F(p99During)} ms ({during.Count:N0} requests), max {Stats.F(max, "0.0")} ms; " +
                              $"steady p99 of the rounds {Stats.F(steadyP99)} ms");
        notes.Add("7-reload", $"replacements at {Stats.F(BeforeFirstReload.TotalSeconds, "0.0")} s, then every {Stats.F(BetweenReloads.TotalSeconds, "0.0")} s, versions {string.Join(" → ", swaps.Select(s => s.Version).Prepend("1"))}; " +
                              $"answers before the first: {versionsBefore}; every request started {string.Join(", ", delays.Select(d => $"{d:0}"))} ms after each manifest rename got the new version " +
                              $"({switched} of {swaps.Count} switched); the host logged {reloaded} reloads and {failed} failed reloads");
        var pass = result.Errors == 0 && switched == swaps.Count;
        return new Row("7", $"Serving under load while the bundle is replaced {Reloads} times (1 → 2 → 1 …): failed requests",
            $"**{result.Errors}** of {result.Requests:N0}; p99 {Stats.F(p99)} ms ({Stats.F(p99During)} ms within 1 s of a replacement; steady {Stats.F(steadyP99)} ms); switched {switched}/{swaps.Count}, after {Stats.F(Stats.Median(delays), "0")} ms (median)",
            "0, every replacement answered", pass);
    }

    private static double Median(IEnumerable<double> values) => Stats.Median(values);

    /// <summary>The repository root, found as the workspace finds it: the folder of Sdk.MlOps.sln above the bench or the current directory.</summary>
    public static string RepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Sdk.MlOps.sln"))) return dir.FullName;
        throw new InvalidOperationException("Sdk.MlOps.sln not found above " + AppContext.BaseDirectory);
    }

    private static string FirstError(string? error) => error is null ? "" : "; first error: " + error;

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..157] + "…";
}

/// <summary>
/// One side of figure 7 as the bench's child: <c>dotnet exec Bench.dll &lt;mode&gt; model.zip</c>, Server GC as the Web SDK
/// gives an ASP.NET Core application, its output kept. Disposing it closes its standard input, which stops it.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private ServerProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public Uri BaseAddress { get; private set; } = null!;

    public Uri Predict => new(BaseAddress, "/predict");

    public string Gc { get; private set; } = "";

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return _lines.ToArray(); }
    }

    public static ServerProcess Start(string mode, string modelFile, string workingDirectory, string? variant = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "exec", Workspace.BenchDll, mode, modelFile }) start.ArgumentList.Add(a);
        if (variant is not null) start.ArgumentList.Add(variant);
        start.Environment["DOTNET_gcServer"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var variable in new[] { "MLOPS_API_KEY", "MLOPS_PREDICTION_LOG_DIR", "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ASPNETCORE_HTTP_PORTS" })
            start.Environment.Remove(variable);

        var name = mode == "--serve-host" ? variant == HostedSides.NoMetrics ? "host, metrics off" : "host" : "hand-written";
        var server = new ServerProcess(new Process { StartInfo = start }, name);
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null) return;
            lock (server._lines) server._lines.Add(e.Data);
            if (e.Data.StartsWith(HostedSides.Listening, StringComparison.Ordinal)) listening.TrySetResult(e.Data);
        };
        server._process.OutputDataReceived += collect;
        server._process.ErrorDataReceived += collect;
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        server._process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"the {server.Name} exited with {server._process.ExitCode}:\n{string.Join('\n', server.Lines)}"));
        server._process.EnableRaisingEvents = true;
        if (server._process.HasExited) listening.TrySetException(new InvalidOperationException($"the {server.Name} exited:\n{string.Join('\n', server.Lines)}"));
        if (!listening.Task.Wait(TimeSpan.FromSeconds(60)))
        {
            server.Dispose();
            throw new TimeoutException($"the {server.Name} did not listen within 60 s:\n{string.Join('\n', server.Lines)}");
        }

        var words = listening.Task.Result.Split(' ');
        server.BaseAddress = new Uri(words[1]);
        server.Gc = words[^1];
        return server;
    }

    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>The peak resident set (VmHWM), in MB.</summary>
    public double PeakMb()
    {
        var status = $"/proc/{Pid}/status";
        if (!File.Exists(status)) return double.NaN;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    public void Dispose()
    {
        if (_process.HasExited)
        {
            _process.Dispose();
            return;
        }

        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        if (!_process.WaitForExit(TimeSpan.FromSeconds(15)))
        {
            Console.Error.WriteLine($"warning: the {Name} (pid {Pid}) did not stop in 15 s after its input closed; killing it");
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
