using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Bench;

/// <summary>
/// Figure 4: data-file fingerprint throughput on a 1 GB file, cold (evicted from the page cache) and hot (read just
/// before), and the hashing process's peak working set against a 100 MB file, to show memory flat in file size.
/// It measures the SDK's own code, <c>Sdk.MlOps.Tasks.FileFingerprints.Compute</c> (streaming XxHash128, 1 MB buffer),
/// loaded from the task assembly packed from source; the bench's identical copy stands in only if that is missing.
/// Each measurement is its own process (<c>dotnet exec Bench.dll --hash</c>), so peak memory is the hashing's alone.
/// </summary>
internal static partial class Fingerprint
{
    public const int HotRuns = 5;
    public const int ColdRuns = 3;
    public const double GoalGBps = 1.5;
    public const double FlatMB = 16; // peak memory may grow this much for a file 10× larger

    private const long GB = 1_000_000_000, MB = 1_000_000;

    /// <summary>The hashing process: prints seconds, bytes, peak working set before and after, and which code ran.</summary>
    public static int HashMain(string tasksDll, string file)
    {
        var compute = SdkCompute(tasksDll);
        long before = Process.GetCurrentProcess().PeakWorkingSet64;
        var clock = Stopwatch.StartNew();
        var hash = compute is null ? Compute(file) : (string)compute.Invoke(null, [file])!;
        clock.Stop();
        long after = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine(FormattableString.Invariant(
            $"hash seconds={clock.Elapsed.TotalSeconds:0.0000} bytes={new FileInfo(file).Length} peakBefore={before} peakAfter={after} code={(compute is null ? "bench" : "sdk")} {hash}"));
        return 0;
    }

    public static IEnumerable<Row> Run(Workspace ws, Notes notes)
    {
        var tasksDll = Directory.EnumerateFiles(Path.Combine(ws.Root, "sdk-build", "bin"), "Sdk.MlOps.Tasks.dll", SearchOption.AllDirectories).FirstOrDefault() ?? "";
        var dir = ws.Dir("fingerprint");
        var big = Path.Combine(dir, "1GB.bin");
        var small = Path.Combine(dir, "100MB.bin");
        WriteRandom(big, GB);
        WriteRandom(small, 100 * MB);

        var cold = new List<Result>();
        var evictions = new List<string>();
        for (int i = 0; i < ColdRuns; i++)
        {
            evictions.Add(Evict(big));
            cold.Add(Hash(tasksDll, big));
        }

        Hash(tasksDll, big); // a read: what follows is hot
        var hot = Enumerable.Range(0, HotRuns).Select(_ => Hash(tasksDll, big)).ToList();
        Hash(tasksDll, small);
        var hotSmall = Enumerable.Range(0, HotRuns).Select(_ => Hash(tasksDll, small)).ToList();
        // The same, with loops JIT-optimized from the first call: how much of a short hash is tier-0 code.
        var optimized = Enumerable.Range(0, HotRuns).Select(_ => Hash(tasksDll, small, FullJit)).ToList();

        double hotGBps = Stats.Median(hot.Select(r => r.GBps)), coldGBps = Stats.Median(cold.Select(r => r.GBps));
        double peakBig = Stats.Median(hot.Select(r => r.PeakAfterMB)), peakSmall = Stats.Median(hotSmall.Select(r => r.PeakAfterMB));
        var code = hot[0].Code == "sdk" ? "the SDK's FileFingerprints.Compute" : "the bench's copy of it (the SDK's was not found)";
        notes.Add("4", $"code measured: {code} (XxHash128, 1 MB buffer, FileOptions.SequentialScan); GB = 10^9 bytes");
        notes.Add("4", $"hot 1 GB: {Stats.Describe(hot.Select(r => r.GBps).ToList(), "GB/s")}; cold 1 GB: {Stats.Describe(cold.Select(r => r.GBps).ToList(), "GB/s")}; hot 100 MB: {Stats.Describe(hotSmall.Select(r => r.GBps).ToList(), "GB/s")}");
        notes.Add("4", $"hot 100 MB with DOTNET_TC_QuickJitForLoops=0 (loops JIT-optimized at once, no tier-0): {Stats.Describe(optimized.Select(r => r.GBps).ToList(), "GB/s")}; " +
                       "the difference to the default above is the time the hashing loop spends in tier-0 JIT code at the start of a process");
        notes.Add("4", $"eviction before each cold run: {evictions.Distinct().Aggregate((a, b) => a + "; " + b)}");
        notes.Add("4", $"peak working set of the hashing process, medians: 1 GB {Stats.F(Stats.Median(hot.Select(r => r.PeakBeforeMB)), "0.0")} MB before → {Stats.F(peakBig, "0.0")} MB after; " +
                       $"100 MB {Stats.F(Stats.Median(hotSmall.Select(r => r.PeakBeforeMB)), "0.0")} MB before → {Stats.F(peakSmall, "0.0")} MB after");

        yield return new Row("4-hot", "Fingerprint 1 GB, hot page cache", $"{Stats.F(hotGBps)} GB/s", $"≥ {GoalGBps} GB/s", hotGBps >= GoalGBps);
        yield return new Row("4-cold", "Fingerprint 1 GB, cold (evicted)", $"{Stats.F(coldGBps)} GB/s", "reported", "info");
        yield return new Row("4-mem", "Peak memory hashing 1 GB vs 100 MB", $"{Stats.F(peakBig, "0.0")} vs {Stats.F(peakSmall, "0.0")} MB ({Stats.F(peakBig - peakSmall, "+0.0;-0.0")})",
            $"flat (≤ +{FlatMB} MB)", peakBig - peakSmall <= FlatMB);
    }

    private sealed record Result(double GBps, double PeakBeforeMB, double PeakAfterMB, string Code);

    private static readonly Dictionary<string, string> FullJit = new() { ["DOTNET_TC_QuickJitForLoops"] = "0" };

    private static Result Hash(string tasksDll, string file, IReadOnlyDictionary<string, string>? environment = null)
    {
        var run = Proc.Exec(environment, Path.GetDirectoryName(file)!, "dotnet", ["exec", Workspace.BenchDll, "--hash", tasksDll, file]).ShouldSucceed();
        var m = HashLine().Match(run.Output);
        if (!m.Success) throw new InvalidOperationException("the hashing process printed no result:\n" + run.Output);
        double D(string g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        return new Result(D("bytes") / GB / D("seconds"), D("before") / (1 << 20), D("after") / (1 << 20), m.Groups["code"].Value);
    }

    /// <summary>The SDK's fingerprint method, from the task assembly packed from source (it needs only System.IO.Hashing).</summary>
    private static MethodInfo? SdkCompute(string tasksDll) =>
        File.Exists(tasksDll)
            ? Assembly.LoadFrom(tasksDll).GetType("Sdk.MlOps.Tasks.FileFingerprints")?.GetMethod("Compute", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [typeof(string)])
            : null;

    /// <summary>The same streaming XxHash128 as the SDK's, for when its assembly is not there.</summary>
    private static string Compute(string path)
    {
        var hash = new XxHash128();
        var buffer = new byte[1 << 20];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) hash.Append(buffer.AsSpan(0, read));
        return "xxh128:" + Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    /// <summary>Seeded random bytes (nothing a file system could compress or dedupe), flushed to disk so eviction can drop them.</summary>
    private static void WriteRandom(string path, long length)
    {
        var rng = new Random(7);
        var buffer = new byte[1 << 20];
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        for (long left = length; left > 0; left -= buffer.Length)
        {
            rng.NextBytes(buffer);
            stream.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
        }

        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Drops the file from the page cache: posix_fadvise(POSIX_FADV_DONTNEED) first (needs no privilege), then, only if
    /// pages are still resident, echo 3 &gt; /proc/sys/vm/drop_caches. Says which worked, checked with fincore when present.
    /// </summary>
    private static string Evict(string file)
    {
        if (!OperatingSystem.IsLinux()) return "no eviction off Linux: the cold figure is not cold";
        int rc;
        using (var handle = File.OpenHandle(file)) rc = posix_fadvise((int)handle.DangerousGetHandle(), 0, 0, PosixFadvDontNeed);
        var resident = ResidentBytes(file);
        var fadvise = $"posix_fadvise(DONTNEED) returned {rc}" + (resident is { } r ? $", {r / (double)MB:0} MB resident after (fincore)" : ", residency unknown (no fincore)");
        if (rc == 0 && resident is null or < 10 * MB) return fadvise;

        try
        {
            File.WriteAllText("/proc/sys/vm/drop_caches", "3");
            return fadvise + $"; drop_caches written, {ResidentBytes(file) / (double?)MB:0} MB resident after";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return fadvise + $"; drop_caches refused ({e.Message}): the cold figure is not fully cold";
        }
    }

    private static long? ResidentBytes(string file)
    {
        try
        {
            var run = Proc.Exec("/", "fincore", "--bytes", "--noheadings", "--output", "RES", file);
            return run.ExitCode == 0 && long.TryParse(run.Output.Trim(), out var bytes) ? bytes : null;
        }
        catch (Win32Exception)
        {
            return null; // fincore (util-linux) is not installed
        }
    }

    private const int PosixFadvDontNeed = 4;

    [DllImport("libc", SetLastError = true)]
    private static extern int posix_fadvise(int fd, long offset, long length, int advice);

    [GeneratedRegex(@"hash seconds=(?<seconds>[\d.]+) bytes=(?<bytes>\d+) peakBefore=(?<before>\d+) peakAfter=(?<after>\d+) code=(?<code>\w+)")]
    private static partial Regex HashLine();
}
