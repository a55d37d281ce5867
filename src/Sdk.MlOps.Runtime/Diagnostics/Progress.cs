using System.Diagnostics;

namespace Sdk.MlOps.Diagnostics;

/// <summary>
/// A line at a steady interval while a long step runs (training for minutes), so a CI log never looks hung. It is an
/// info line: shown at MSBuild's normal and minimal verbosity, not at quiet. A step shorter than one interval prints
/// nothing.
/// </summary>
internal sealed class Progress : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;

    public Progress(Reporter reporter, string step, TimeSpan? interval = null)
    {
        var every = interval ?? Interval;
        _timer = new Timer(_ => reporter.Info($"{step}: {Elapsed(_clock.Elapsed)} so far..."), null, every, every);
    }

    public void Dispose() => _timer.Dispose();

    private static string Elapsed(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes:00}m {t.Seconds:00}s" : $"{t.Minutes}m {t.Seconds:00}s";
}
