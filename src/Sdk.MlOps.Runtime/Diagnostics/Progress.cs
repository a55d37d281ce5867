using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace Sdk.MlOps.Diagnostics;

/// <summary>
/// A line at a steady interval while a long step runs (training for minutes), so a CI log never looks hung. It is an
/// info line: shown at MSBuild's normal and minimal verbosity, not at quiet. A step shorter than one interval prints
/// nothing. Given the step's <see cref="MLContext"/>, the line also counts what ML.NET's log reports: the FastTree
/// family traces one "numTotalTrees left: N" per tree it builds (N is the total asked for). The other trainers of
/// ML.NET 5 report no iteration while they run, so their line has the elapsed time only.
/// </summary>
internal sealed class Progress : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private const string TreeTrace = "numTotalTrees left: ";

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private readonly MLContext? _ml;
    private int _trees;
    private int _totalTrees;

    public Progress(Reporter reporter, string step, MLContext? ml = null, TimeSpan? interval = null)
    {
        _ml = ml;
        if (_ml is not null) _ml.Log += CountTrees;
        var every = interval ?? Interval;
        _timer = new Timer(_ => reporter.Info($"{step}: {Elapsed(_clock.Elapsed)} so far{Trees()}..."), null, every, every);
    }

    public void Dispose()
    {
        _timer.Dispose();
        if (_ml is not null) _ml.Log -= CountTrees;
    }

    private void CountTrees(object? sender, LoggingEventArgs e)
    {
        if (e.Kind != ChannelMessageKind.Trace) return;
        int at = e.RawMessage.IndexOf(TreeTrace, StringComparison.Ordinal);
        if (at < 0) return;
        if (int.TryParse(e.RawMessage.AsSpan(at + TreeTrace.Length), out int total)) Volatile.Write(ref _totalTrees, total);
        Interlocked.Increment(ref _trees);
    }

    private string Trees()
    {
        int built = Volatile.Read(ref _trees);
        if (built == 0) return "";
        int total = Volatile.Read(ref _totalTrees);
        // The trees are not the end: the trainer then finishes its model, and training metrics are computed.
        return total <= 0 ? $", {built} trees" : built >= total ? $", all {total} trees built, finishing" : $", {built} of {total} trees";
    }

    private static string Elapsed(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes:00}m {t.Seconds:00}s" : $"{t.Minutes}m {t.Seconds:00}s";
}
