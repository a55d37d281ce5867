using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Profiling;
using Sdk.MlOps.Protocol;

namespace Bench;

/// <summary>
/// Figure 8: the drift check on production-sized data, in the bench's process. A seeded generator writes a reference
/// CSV of <see cref="ReferenceRows"/> rows and current CSVs of 250,000, 500,000 and 1,000,000 rows, 20 columns each
/// (14 numbers of various distributions, a few shifted in the current files; 4 categories of 5–30 values; 2 short
/// texts). All are read with ML.NET's <c>TextLoader</c>. The reference is profiled (<see cref="DataProfiler.Profile"/>,
/// untimed), and a <see cref="DriftCheck"/> is built from one <c>MlDriftGate AllColumns</c> and one
/// <c>MlDataContract AllColumns</c>. Then, for each current file, side by side: (a) the loader alone, a cursor over the
/// 20 columns calling every getter for every row; (b) the drift check, <see cref="DataProfiler.Count"/> on the check's
/// plans (one streaming pass) and <see cref="DriftCheck.Evaluate"/>. One warm-up of each, then <see cref="Runs"/>
/// runs each, alternated; the figure is the best run. Memory: the bytes allocated per row in each timed run, and in
/// one more check per size the managed heap sampled during the pass and what stays after a full collection. Last,
/// where the time goes: the 1M file's values, read once into arrays, fed to the accumulators by column kind.
/// It packs no SDK: <c>--figure 8</c> runs it alone.
/// </summary>
internal static class Drift
{
    public const int ReferenceRows = 100_000;
    public static readonly int[] Sizes = [250_000, 500_000, 1_000_000];
    public const int Runs = 3;
    public const double GoalSeconds = 2;
    /// <summary>The managed heap may grow this much from the smallest to the largest file (as figure 4's working set).</summary>
    public const double FlatMb = 16;

    public const string Goal = "drift check of 1M × 20 ≤ 2 s, memory flat in the row count";

    private const int Numbers = 14, Categories = 4, Texts = 2, Width = Numbers + Categories + Texts;
    private const double MB = 1024 * 1024;

    private static readonly string[] Names =
    [
        "normal", "temperature", "income", "ratio", "offset", "pressure", "wait", "latency", "score", "spread", "nudge", "visits", "bimodal", "sensor",
        "region", "device", "plan", "country",
        "title", "tags",
    ];

    /// <summary>Only this figure (<c>--figure 8</c>): no workspace, no SDK to pack, so the table is printed here.</summary>
    public static int Alone(string machine)
    {
        var notes = new Notes();
        var loads = new List<string> { Table.Load() };
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"8. drift check: reference {ReferenceRows:N0} rows, current {string.Join(", ", Sizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))} rows × {Width} columns, " +
                          $"loader alone vs drift check, best of {Runs} runs each after a warm-up");
        var rows = Run(notes, loads).ToList();
        loads.Add(Table.Load());
        Console.WriteLine();
        Console.WriteLine($"Machine: {machine}");
        Console.WriteLine($"1-minute load average at each step: {string.Join(" → ", loads)}; figure wall time {clock.Elapsed.TotalMinutes:0.0} min");
        Console.WriteLine("| # | Figure | Measured (best of runs) | Goal | Result |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var r in rows) Console.WriteLine($"| {r.Id} | {r.Figure} | {r.Measured} | {r.Goal} | {r.Result} |");
        Console.WriteLine();
        Console.WriteLine($"Goal: {Goal}: {(rows.All(r => r.Result == "pass") ? "MET" : "MISS")} (time: {rows[0].Result}, memory: {rows[1].Result})");
        Console.WriteLine();
        Console.WriteLine("Details:");
        foreach (var (id, text) in notes.All) Console.WriteLine($"  [{id}] {text}");
        return 0;
    }

    public static IReadOnlyList<Row> Run(Notes notes, List<string>? loads = null)
    {
        void Progress(string text)
        {
            loads?.Add(Table.Load());
            Console.WriteLine($"  [8, load {Table.Load()}] {text}");
        }

        var root = Path.Combine(Path.GetTempPath(), "sdk-mlops-bench-drift-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(root);
        try
        {
            // The data, untimed: one reference file, and the current files written in one pass (each a prefix of the largest).
            var clock = Stopwatch.StartNew();
            var referenceFile = Path.Combine(root, "reference.csv");
            Write(seed: 1, current: false, [(referenceFile, ReferenceRows)]);
            var currentFiles = Sizes.Select(s => (Path: Path.Combine(root, $"current-{s}.csv"), Rows: s)).ToArray();
            Write(seed: 2, current: true, currentFiles);
            var megabytes = currentFiles.Select(f => new FileInfo(f.Path).Length / 1e6).ToArray();
            notes.Add("8", $"setup: wrote the reference ({ReferenceRows:N0} rows, {new FileInfo(referenceFile).Length / 1e6:0.0} MB) and the current files " +
                           $"({string.Join(", ", currentFiles.Select((f, i) => $"{f.Rows:N0} rows {megabytes[i]:0.0} MB"))}) in {Stats.F(clock.Elapsed.TotalSeconds, "0.0")} s, not timed");

            var ml = new MLContext(seed: 1);
            clock.Restart();
            var columns = Names.Select((n, i) => new ProfiledColumn(n, i < Numbers ? "Single" : "String", ColumnProfile.FeatureRole)).ToArray();
            var reference = DataProfiler.Profile(Load(ml, referenceFile), columns, "training");
            var check = new DriftCheck(reference, [new DriftGateItem { Column = DriftGateItem.AllColumns }], [new DataContractItem { Column = DriftGateItem.AllColumns }]);
            var plans = check.Plans();
            notes.Add("8", $"reference profile (two passes over {ReferenceRows:N0} rows) in {Stats.F(clock.Elapsed.TotalSeconds)} s, not timed: " +
                           string.Join(", ", reference.Columns.GroupBy(c => c.Kind).Select(g => $"{g.Count()} {g.Key}")) +
                           $"; numeric grids of {string.Join("/", plans.Where(p => p.Kind == ColumnKind.Numeric).Select(p => new NumericAccumulator(p.Quantiles, p.Steps).Edges.Count).Distinct().Order())} edges");

            // Warm-up of both sides (JIT, tiering), on the smallest file.
            var views = currentFiles.Select(f => Load(ml, f.Path)).ToArray();
            ReadAll(views[0]);
            Check(views[0], check);
            Progress("warmed up: one read and one check of the smallest file");

            var results = new List<SizeResult>();
            for (int s = 0; s < Sizes.Length; s++)
            {
                var view = views[s];
                var read = new List<Measured>();
                var checks = new List<Measured>();
                DriftReport report = null!;
                for (int run = 0; run < Runs; run++)
                {
                    // Alternated: the read first in runs 1 and 3, the check first in run 2.
                    if (run % 2 == 0) read.Add(Time(() => ReadAll(view)));
                    checks.Add(Time(() => { report = Check(view, check); return report.CurrentRows; }));
                    if (run % 2 == 1) read.Add(Time(() => ReadAll(view)));
                }

                if (read.Any(r => r.Rows != Sizes[s]) || checks.Any(r => r.Rows != Sizes[s]))
                    throw new InvalidOperationException($"read {string.Join("/", read.Select(r => r.Rows))} and checked {string.Join("/", checks.Select(r => r.Rows))} rows of {Sizes[s]:N0}");
                var memory = Memory(view, check);
                var result = new SizeResult(Sizes[s], read, checks, memory, report);
                results.Add(result);
                Progress($"{Sizes[s]:N0} rows: read {Stats.F(result.Read)} s, check {Stats.F(result.Check)} s ({Stats.F(result.Check / result.Read)}×), " +
                         $"{result.Rows / result.Check:N0} rows/s; CPU {Stats.F(result.ReadCpu)} vs {Stats.F(result.CheckCpu)} s (cursor thread {Stats.F(result.ReadCursor)} vs {Stats.F(result.CheckCursor)} s); allocated {Stats.F(result.CheckAllocated, "0")} B/row (read alone {Stats.F(result.ReadAllocated, "0")}); " +
                         $"managed heap peak {Stats.F(memory.PeakMb, "0.0")} MB, after a full collection {Stats.F(memory.RetainedMb, "0.0")} MB");
            }

            foreach (var line in SizeTable(results)) notes.Add("8-sizes", line);
            var last = results[^1].Report;
            notes.Add("8", $"the check on {last.CurrentRows:N0} rows: {last.Columns.Count} columns compared ({string.Join(", ", last.Columns.GroupBy(c => c.Method).Select(g => $"{g.Count()} {g.Key}"))}), " +
                           $"drifted: {string.Join(", ", last.Columns.Where(c => c.Drifted).Select(c => $"{c.Column} {c.Comparison}"))}; " +
                           $"{last.Contracts.Count} contract checks, {last.Contracts.Count(c => !c.Passed)} failed{(last.Contracts.Any(c => !c.Passed) ? ": " + string.Join(", ", last.Contracts.Where(c => !c.Passed).Select(c => $"{c.Column} {c.Check} {Stats.F(c.Value, "0.0000")}")) : "")}");

            Progress($"where the time goes: the {Sizes[^1]:N0}-row file read once into arrays, then fed to the accumulators by column kind");
            foreach (var line in WhereTheTimeGoes(views[^1], check, results[^1])) notes.Add("8-split", line);

            var big = results[^1];
            var small = results[0];
            double peakGrowth = big.Memory.PeakMb - small.Memory.PeakMb, retainedGrowth = big.Memory.RetainedMb - small.Memory.RetainedMb;
            return
            [
                new Row("8", $"Drift check of {Sizes[^1]:N0} rows × {Width} columns (ML.NET's loader, DataProfiler.Count, DriftCheck.Evaluate)",
                    $"**{Stats.F(big.Check)} s** (best of {Runs}, {Stats.F(big.Checks.Min(r => r.Seconds))}–{Stats.F(big.Checks.Max(r => r.Seconds))}; {big.Rows / big.Check:N0} rows/s); " +
                    $"the loader alone {Stats.F(big.Read)} s: {Stats.F(big.Check / big.Read)}×; CPU time {Stats.F(big.CheckCpu)} vs {Stats.F(big.ReadCpu)} s",
                    $"≤ {Stats.F(GoalSeconds, "0")} s", big.Check <= GoalSeconds),
                new Row("8", $"Drift check memory, {small.Rows:N0} → {big.Rows:N0} rows",
                    $"**managed heap peak {Stats.F(small.Memory.PeakMb, "0.0")} → {Stats.F(big.Memory.PeakMb, "0.0")} MB ({Stats.F(peakGrowth, "+0.0;-0.0")})**, " +
                    $"after a full collection {Stats.F(small.Memory.RetainedMb, "0.0")} → {Stats.F(big.Memory.RetainedMb, "0.0")} MB; allocated {Stats.F(small.CheckAllocated, "0")} → {Stats.F(big.CheckAllocated, "0")} B/row " +
                    $"(loader alone {Stats.F(small.ReadAllocated, "0")} → {Stats.F(big.ReadAllocated, "0")})",
                    $"flat in the row count (≤ +{FlatMb:0} MB)", peakGrowth <= FlatMb && retainedGrowth <= FlatMb),
            ];
        }
        finally
        {
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

    private static IDataView Load(MLContext ml, string path) =>
        ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Columns = Names.Select((n, i) => new TextLoader.Column(n, i < Numbers ? DataKind.Single : DataKind.String, i)).ToArray(),
            HasHeader = true,
            Separators = [','],
            MissingRealsAsNaNs = true,
        }).Load(path);

    /// <summary>Side (a): a cursor over every column, every getter called for every row, nothing else.</summary>
    private static long ReadAll(IDataView view)
    {
        using var cursor = view.GetRowCursor(view.Schema);
        var numbers = Enumerable.Range(0, Numbers).Select(i => cursor.GetGetter<float>(view.Schema[i])).ToArray();
        var texts = Enumerable.Range(Numbers, Width - Numbers).Select(i => cursor.GetGetter<ReadOnlyMemory<char>>(view.Schema[i])).ToArray();
        float number = 0;
        ReadOnlyMemory<char> text = default;
        long rows = 0;
        while (cursor.MoveNext())
        {
            rows++;
            foreach (var get in numbers) get(ref number);
            foreach (var get in texts) get(ref text);
        }

        return rows;
    }

    /// <summary>Side (b): the drift check as the monitor runs it, one streaming pass and the verdicts.</summary>
    private static DriftReport Check(IDataView view, DriftCheck check) =>
        check.Evaluate(DataProfiler.Count(view, check.Plans()), "production");

    /// <remarks>Cpu: the process's CPU time over the run (user + system, every thread: the loader reads and parses on threads of its own).</remarks>
    /// <remarks>Cursor: the CPU time of the thread that moves the cursor and calls the getters (and, in the check, the accumulators).</remarks>
    private readonly record struct Measured(double Seconds, double Cpu, double Cursor, long Allocated, long Rows);

    private static Measured Time(Func<long> work)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = ProcessCpu();
        var thread = ThreadCpu();
        var clock = Stopwatch.StartNew();
        long rows = work();
        double seconds = clock.Elapsed.TotalSeconds;
        thread = ThreadCpu() - thread;
        return new Measured(seconds, (ProcessCpu() - cpu).TotalSeconds, thread, GC.GetTotalAllocatedBytes(precise: true) - before, rows);
    }

    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>The calling thread's CPU time (Linux: CLOCK_THREAD_CPUTIME_ID); NaN elsewhere.</summary>
    private static double ThreadCpu()
    {
        try
        {
            return clock_gettime(ThreadCpuClock, out var t) == 0 ? t.Seconds + t.Nanoseconds / 1e9 : double.NaN;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return double.NaN;
        }
    }

    private const int ThreadCpuClock = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc")]
    private static extern int clock_gettime(int clock, out TimeSpec time);

    private sealed record MemoryUse(double PeakMb, double RetainedMb, double BaselineMb, double? PeakRssMb);

    private sealed record SizeResult(int Rows, List<Measured> Reads, List<Measured> Checks, MemoryUse Memory, DriftReport Report)
    {
        public double Read => Reads.Min(r => r.Seconds);
        public double Check => Checks.Min(r => r.Seconds);
        public double ReadCpu => Reads.Min(r => r.Cpu);
        public double CheckCpu => Checks.Min(r => r.Cpu);
        public double ReadCursor => Reads.Min(r => r.Cursor);
        public double CheckCursor => Checks.Min(r => r.Cursor);
        public double ReadAllocated => Reads.Min(r => r.Allocated) / (double)Rows;
        public double CheckAllocated => Checks.Min(r => r.Allocated) / (double)Rows;
    }

    /// <summary>
    /// One more check, untimed, for memory: the managed heap sampled every 5 ms during it (above what was live before),
    /// what stays live after a full collection while the accumulators and the report are still held, and the
    /// process's peak resident set over the check (VmHWM, reset through /proc/self/clear_refs where Linux allows it).
    /// </summary>
    private static MemoryUse Memory(IDataView view, DriftCheck check)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        bool rssReset = ResetPeakRss();
        long peak = baseline;
        using var stop = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            do peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            while (!stop.Wait(5));
        }) { IsBackground = true, Name = "heap sampler" };
        sampler.Start();
        var counted = DataProfiler.Count(view, check.Plans());
        var report = check.Evaluate(counted, "production");
        stop.Set();
        sampler.Join();
        long retained = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(counted);
        GC.KeepAlive(report);
        return new MemoryUse((peak - baseline) / MB, (retained - baseline) / MB, baseline / MB, rssReset ? PeakRssMb() : null);
    }

    private static bool ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    private static double? PeakRssMb()
    {
        if (!File.Exists("/proc/self/status")) return null;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static IEnumerable<string> SizeTable(List<SizeResult> results)
    {
        yield return "| rows | (a) loader alone, s | (b) drift check, s | b / a | rows/s (b) | CPU s (a): all threads / cursor thread | CPU s (b): all / cursor | allocated B/row (a) | allocated B/row (b) | managed heap peak over baseline, MB | after full GC, MB | peak RSS over the check, MB |";
        yield return "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
        foreach (var r in results)
        {
            yield return $"| {r.Rows:N0} | {Stats.F(r.Read)} ({string.Join(", ", r.Reads.Select(m => Stats.F(m.Seconds)))}) | {Stats.F(r.Check)} ({string.Join(", ", r.Checks.Select(m => Stats.F(m.Seconds)))}) | " +
                         $"{Stats.F(r.Check / r.Read)} | {r.Rows / r.Check:N0} | {Stats.F(r.ReadCpu)} / {Stats.F(r.ReadCursor)} | {Stats.F(r.CheckCpu)} / {Stats.F(r.CheckCursor)} | {Stats.F(r.ReadAllocated, "0")} | {Stats.F(r.CheckAllocated, "0")} | " +
                         $"{Stats.F(r.Memory.PeakMb, "0.0")} | {Stats.F(r.Memory.RetainedMb, "0.00")} | {(r.Memory.PeakRssMb is { } rss ? Stats.F(rss, "0") : "n/a")} |";
        }
    }

    /// <summary>
    /// The largest file's values read once into arrays (untimed), then each part of the pass timed alone on them,
    /// row by row as <see cref="DataProfiler.Count"/> goes, best of <see cref="Runs"/>: the numeric accumulators, the
    /// categorical ones, the text ones (and of that, the words
    /// alone), and <see cref="DriftCheck.Evaluate"/>. What the loader and the per-value delegates cost is the rest.
    /// </summary>
    private static IEnumerable<string> WhereTheTimeGoes(IDataView view, DriftCheck check, SizeResult timed)
    {
        var plans = check.Plans();
        int n = timed.Rows;
        var numbers = Enumerable.Range(0, Numbers).Select(_ => new float[n]).ToArray();
        var strings = Enumerable.Range(0, Width - Numbers).Select(_ => new string[n]).ToArray();
        var pool = new HashSet<string>(StringComparer.Ordinal);
        var interned = pool.GetAlternateLookup<ReadOnlySpan<char>>();
        using (var cursor = view.GetRowCursor(view.Schema))
        {
            var floatGetters = Enumerable.Range(0, Numbers).Select(i => cursor.GetGetter<float>(view.Schema[i])).ToArray();
            var textGetters = Enumerable.Range(Numbers, Width - Numbers).Select(i => cursor.GetGetter<ReadOnlyMemory<char>>(view.Schema[i])).ToArray();
            float f = 0;
            ReadOnlyMemory<char> t = default;
            for (int row = 0; cursor.MoveNext(); row++)
            {
                for (int i = 0; i < Numbers; i++) { floatGetters[i](ref f); numbers[i][row] = f; }
                for (int i = 0; i < Width - Numbers; i++)
                {
                    textGetters[i](ref t);
                    if (i < Categories)
                    {
                        if (!interned.TryGetValue(t.Span, out var value)) { value = t.ToString(); pool.Add(value); }
                        strings[i][row] = value;
                    }
                    else strings[i][row] = t.ToString();
                }
            }
        }

        // The thread's CPU time, not the wall clock: one thread does all of it, and a busy machine stretches wall time.
        double Best(Action work)
        {
            var seconds = new List<double>();
            var wall = new List<double>();
            for (int run = 0; run < Runs; run++)
            {
                var cpu = ThreadCpu();
                var clock = Stopwatch.StartNew();
                work();
                wall.Add(clock.Elapsed.TotalSeconds);
                seconds.Add(ThreadCpu() - cpu);
            }
            return double.IsNaN(seconds[0]) ? wall.Min() : seconds.Min();
        }

        ColumnAccumulator[] Accumulators(int from, int count) => Enumerable.Range(from, count).Select(i => new ColumnAccumulator(plans[i])).ToArray();

        double numeric = Best(() =>
        {
            var into = Accumulators(0, Numbers);
            for (int row = 0; row < n; row++)
                for (int i = 0; i < Numbers; i++) into[i].AddNumber(numbers[i][row]);
        });
        double categorical = Best(() =>
        {
            var into = Accumulators(Numbers, Categories);
            for (int row = 0; row < n; row++)
                for (int i = 0; i < Categories; i++) into[i].AddText(strings[i][row]);
        });
        double text = Best(() =>
        {
            var into = Accumulators(Numbers + Categories, Texts);
            for (int row = 0; row < n; row++)
                for (int i = 0; i < Texts; i++) into[i].AddText(strings[Categories + i][row]);
        });
        double words = Best(() =>
        {
            var into = Enumerable.Range(0, Texts).Select(_ => new ValueCounter(50_000) /* ColumnAccumulator's word capacity */).ToArray();
            for (int row = 0; row < n; row++)
                for (int i = 0; i < Texts; i++) Words.Each(strings[Categories + i][row], into[i]);
        });
        var counted = Accumulators(0, Width);
        for (int row = 0; row < n; row++)
        {
            for (int i = 0; i < Numbers; i++) counted[i].AddNumber(numbers[i][row]);
            for (int i = Numbers; i < Width; i++) counted[i].AddText(strings[i - Numbers][row]);
        }
        double evaluate = Best(() => check.Evaluate(counted, "production"));

        double accumulators = numeric + categorical + text;
        double rest = timed.CheckCpu - timed.ReadCpu - accumulators - evaluate;
        string Part(double seconds) => $"{Stats.F(seconds)} s ({Stats.F(seconds * 1e9 / n, "0")} ns/row)";
        yield return $"on {n:N0} rows in memory, thread CPU time, best of {Runs}: numeric accumulators ({Numbers} columns) {Part(numeric)}; " +
                     $"categorical ({Categories}) {Part(categorical)}; text ({Texts}) {Part(text)}, of which the words alone {Part(words)}; Evaluate {Part(evaluate)}";
        yield return $"in CPU time, the check's best {Stats.F(timed.CheckCpu)} s = the loader's {Stats.F(timed.ReadCpu)} s (the read-alone side's best) + accumulators {Stats.F(accumulators)} s + Evaluate {Stats.F(evaluate, "0.000")} s " +
                     $"+ the rest {Stats.F(rest)} s (Count's per-value delegates, merging the parts, and the loader and the accumulators sharing the caches); " +
                     "the check counts on a thread per cursor of the loader's cursor set, so the accumulators share the cores with the parsing";
    }

    /// <summary>
    /// Writes rows of the generator to each file, the first <c>Rows</c> rows into each: one pass for all the current
    /// files. Seeded; invariant culture; numbers rounded to a few decimals as real exports are.
    /// </summary>
    private static void Write(int seed, bool current, IReadOnlyList<(string Path, int Rows)> files)
    {
        var writers = files.Select(f => new StreamWriter(f.Path, append: false, new UTF8Encoding(false), 1 << 20)).ToArray();
        try
        {
            var header = string.Join(',', Names);
            foreach (var w in writers) w.Write(header + "\n");
            var generator = new Generator(seed, current);
            var line = new char[1024];
            int rows = files.Max(f => f.Rows);
            for (int row = 0; row < rows; row++)
            {
                int length = generator.Row(line);
                for (int i = 0; i < writers.Length; i++)
                    if (row < files[i].Rows) writers[i].Write(line, 0, length);
            }
        }
        finally
        {
            foreach (var w in writers) w.Dispose();
        }
    }

    /// <summary>One row at a time: 14 numbers, 4 categories, 2 texts; the current side shifts some of them.</summary>
    private sealed class Generator(int seed, bool current)
    {
        private static readonly string[] Regions = ["north", "south", "east", "west", "central"];
        private static readonly string[] Devices = Enumerable.Range(1, 12).Select(i => $"device-{i:00}").ToArray();
        private static readonly string[] Plans = Enumerable.Range(0, 20).Select(i => "plan-" + (char)('a' + i)).ToArray();
        private static readonly string[] Countries = Enumerable.Range(1, 30).Select(i => $"country-{i:00}").ToArray();
        private static readonly string[] Vocabulary = MakeVocabulary(300);

        private readonly Random _random = new(seed);
        private readonly double[] _devices = Zipf(Devices.Length, current ? 1.3 : 1.0);
        private readonly double[] _plans = Zipf(Plans.Length, 0.8);
        private readonly double[] _countries = Zipf(Countries.Length, 1.1);
        private readonly double[] _titleWords = Zipf(Vocabulary.Length, 1.0);
        private readonly double[] _tagWords = Zipf(40, current ? 0.9 : 0.7);
        private double? _spare;
        private char[] _line = [];
        private int _at;

        public int Row(char[] line)
        {
            _line = line;
            _at = 0;
            Number(N(), 3);                                          // normal
            Number(70 + 2 * N(), 2);                                 // temperature: 70 ± 2
            Number(Math.Exp(10 + 0.5 * N()), 2);                     // income: lognormal
            Number(U(), 4);                                          // ratio: uniform [0, 1)
            Number(-100 + 200 * U(), 2);                             // offset: uniform [-100, 100)
            Number(1013 + 8 * N(), 1);                               // pressure
            Number(-Math.Log(1 - U()), 3);                           // wait: exponential
            Number(Math.Exp(3 + 0.7 * N()), 1);                      // latency: lognormal
            Number(50 + (current ? 2 : 0) + 10 * N(), 2);            // score: shifted by 0.2 σ in the current file
            Number((current ? 1.3 : 1.0) * N(), 3);                  // spread: 30 % wider in the current file
            Number(5 + (current ? 0.05 : 0) + N(), 3);               // nudge: shifted by 0.05 σ, below the bound
            Number(Math.Floor(-3 * Math.Log(1 - U())), 0);           // visits: a count, few values
            Number(U() < 0.4 ? -2 + 0.5 * N() : 3 + N(), 3);         // bimodal
            Number(U() < 0.01 ? double.NaN : 20 + 5 * N(), 2);       // sensor: 1 % missing
            Text(Regions[_random.Next(Regions.Length)]);
            Text(Devices[Pick(_devices)]);
            Text(Plans[Pick(_plans)]);
            Text(Countries[Pick(_countries)]);
            Words(3 + _random.Next(6), _titleWords);                 // title: 3–8 words of 300
            Words(1 + _random.Next(4), _tagWords);                   // tags: 1–4 words of 40
            _line[_at - 1] = '\n';
            return _at;
        }

        private void Number(double x, int decimals)
        {
            if (!double.IsNaN(x))
            {
                ((float)Math.Round(x, decimals)).TryFormat(_line.AsSpan(_at), out int written, default, CultureInfo.InvariantCulture);
                _at += written;
            }
            _line[_at++] = ',';
        }

        private void Text(string value)
        {
            value.CopyTo(_line.AsSpan(_at));
            _at += value.Length;
            _line[_at++] = ',';
        }

        private void Words(int count, double[] weights)
        {
            for (int k = 0; k < count; k++)
            {
                var word = Vocabulary[Pick(weights)];
                if (k > 0) _line[_at++] = ' ';
                word.CopyTo(_line.AsSpan(_at));
                _at += word.Length;
            }
            _line[_at++] = ',';
        }

        private double U() => _random.NextDouble();

        /// <summary>Standard normal, Box–Muller, both values used.</summary>
        private double N()
        {
            if (_spare is { } spare) { _spare = null; return spare; }
            double u = 1 - U(), v = U();
            double r = Math.Sqrt(-2 * Math.Log(u));
            _spare = r * Math.Sin(2 * Math.PI * v);
            return r * Math.Cos(2 * Math.PI * v);
        }

        private int Pick(double[] cumulative)
        {
            int i = Array.BinarySearch(cumulative, U());
            return Math.Min(i >= 0 ? i + 1 : ~i, cumulative.Length - 1);
        }

        /// <summary>The cumulative shares of a Zipf law with exponent <paramref name="s"/> over <paramref name="n"/> values.</summary>
        private static double[] Zipf(int n, double s)
        {
            var weights = Enumerable.Range(1, n).Select(k => 1 / Math.Pow(k, s)).ToArray();
            double total = weights.Sum(), sum = 0;
            return weights.Select(w => (sum += w) / total).ToArray();
        }

        /// <summary>Pronounceable made-up words of two or three syllables, fixed by their own seed.</summary>
        private static string[] MakeVocabulary(int count)
        {
            string[] syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "zo", "pe", "si", "du", "ba", "fe", "gi", "ho", "ju", "va"];
            var random = new Random(7);
            var words = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (words.Count < count)
            {
                var word = string.Concat(Enumerable.Range(0, 2 + random.Next(2)).Select(_ => syllables[random.Next(syllables.Length)]));
                if (seen.Add(word)) words.Add(word);
            }
            return [.. words];
        }
    }
}
