using System.Diagnostics;
using System.Globalization;
using Bench;

// dotnet run --project build/bench -c Release: the performance figures of Sdk.MlOps, side by side in one run.
// See docs/performance.md. `-- outage` measures only figure 5 (a tracking server that is down). The bench also runs itself as child programs:
//   --plain-train <csv> <model.zip>   the plain ML.NET baseline of the training figure
//   --hash <Sdk.MlOps.Tasks.dll> <file>   one fingerprint measurement
//   --figure <n>   runs figure n only (e.g. 3, the training step; 6, the paired bootstrap, 7, serving, and 8, the drift check, need no packed SDK)
//   --serve-host <model.zip> / --serve-hand <model.zip>   the two sides of figure 7: the serving host, a hand-written minimal API
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args is ["--plain-train", var csv, var modelPath]) return Training.PlainMain(csv, modelPath);
if (args is ["--hash", var tasksDll, var file]) return Fingerprint.HashMain(tasksDll, file);
if (args is ["--serve-host", var hostModel]) return HostedSides.HostMain(hostModel);
if (args is ["--serve-host", var bareModel, HostedSides.NoMetrics]) return HostedSides.HostMain(bareModel, metrics: false);
if (args is ["--serve-hand", var handModel]) return HandWrittenApi.Serve(handModel);
int? only = args is ["--figure", var figure, ..] ? int.Parse(figure, CultureInfo.InvariantCulture) : args is ["outage"] ? 5 : null;
bool Runs(int n) => only is null || only == n;

var clock = Stopwatch.StartNew();
var loads = new List<string>();
void Step(string text)
{
    loads.Add(Table.Load());
    Console.WriteLine($"[{clock.Elapsed:mm\\:ss}, load {loads[^1]}] {text}");
}

var machine = Table.Machine();
Console.WriteLine($"Machine: {machine}");
// Figure 6 times in-process code: alone, it needs neither the workspace nor the packed SDK.
if (only == 6) return Bootstrap.Alone(machine);
// So does figure 7: it references the serving host's projects directly.
if (only == 7) return Serving.Alone(machine, Serving.RepoRoot(), withoutMetrics: args is [.., "--experiment", HostedSides.NoMetrics]);
// And figure 8: the drift check runs in process on generated files.
if (only == 8) return Drift.Alone(machine);
using var ws = Workspace.Create();
var rows = new List<Row>();
var notes = new Notes();

Step($"packing Sdk.MlOps {ws.SdkVersion} from {ws.RepoRoot} into {ws.Feed}");
ws.PackSdk();

if (Runs(1) || Runs(2))
{
    Step($"1. no-op build: model project vs plain class library, {NoOpBuild.Runs} runs each");
    var (noOp, modelProject, library) = NoOpBuild.Run(ws, notes);
    rows.Add(noOp);

    if (Runs(2))
    {
        Step($"2. fresh clone with a warm model cache vs no-op build, {FreshClone.Runs} runs each");
        rows.Add(FreshClone.Run(ws, modelProject, library, notes));
    }
}

if (Runs(3))
{
    Step("3. training step: SDK vs plain ML.NET, 100,000 rows, 7 runs each");
    rows.Add(Training.Run(ws, 100_000, runs: 7, notes));
    Step("3. training step: SDK vs plain ML.NET, 1,000,000 rows, 5 runs each");
    rows.Add(Training.Run(ws, 1_000_000, runs: 5, notes));
}

if (Runs(4))
{
    Step($"4. fingerprint: 1 GB cold ({Fingerprint.ColdRuns} runs) and hot ({Fingerprint.HotRuns} runs), 100 MB hot ({Fingerprint.HotRuns} runs)");
    rows.AddRange(Fingerprint.Run(ws, notes));
}

if (Runs(5))
{
    Step($"5. tracking server down: refused and never-answering vs tracking off, {Outage.Runs} builds each");
    rows.AddRange(Outage.Run(ws, notes));
}

if (Runs(6))
{
    Step($"6. paired bootstrap: {Bootstrap.Rows:N0} rows × {Bootstrap.Resamples:N0} resamples, {Bootstrap.Runs} runs each");
    rows.AddRange(Bootstrap.Run(notes));
}

if (Runs(7))
{
    Step($"7. serving under load: host vs hand-written minimal API, {Serving.Concurrency} connections, {Serving.Rounds} rounds of {Serving.Requests:N0} each, then {Serving.Reloads} reloads");
    rows.AddRange(Serving.Run(ws.RepoRoot, notes));
}

if (Runs(8))
{
    Step($"8. drift check: {Drift.Sizes[^1]:N0} rows × 20 columns against a {Drift.ReferenceRows:N0}-row profile, loader alone vs drift check, best of {Drift.Runs} runs each");
    rows.AddRange(Drift.Run(notes));
}

Step("done; removing the temporary folders");
Table.Print(machine, ws, rows, notes, clock.Elapsed, string.Join(" → ", loads));
return 0;
