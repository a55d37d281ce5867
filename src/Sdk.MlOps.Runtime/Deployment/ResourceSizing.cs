namespace Sdk.MlOps.Deployment;

/// <summary>
/// The serving container's resources, from the peak working set measured while scoring (MlPerformanceGate's
/// <c>PeakMemoryMB</c>, in MiB):
/// <list type="bullet">
/// <item>memory = ⌈(1.5 × peak + 128 MiB) / 64 MiB⌉ × 64 MiB, at least 256 MiB; 512 MiB when nothing was measured.
/// The peak is one evaluating process scoring one row at a time; serving adds the web host (Kestrel, ASP.NET Core)
/// and requests in flight at once, and the .NET GC keeps its heap under 75 % of the container's limit by default
/// (<c>GCHeapHardLimitPercent</c>), so the limit needs a third above the managed heap before anything else.</item>
/// <item>memory request = memory limit: memory cannot be throttled, only killed; a pod using more than it requested is
/// the first evicted when its node runs short, and equal values make the scheduler reserve what the pod may use.</item>
/// <item>CPU request 250m and no CPU limit: the HPA's utilisation is a share of the request; a CPU limit throttles a
/// busy pod in 100 ms periods, which shows as latency spikes, while a request alone still guarantees its share.</item>
/// </list>
/// A rule of thumb, not a measurement under serving load: load-test the image and set the figures from what it uses.
/// </summary>
internal static class ResourceSizing
{
    public const int DefaultMemoryMiB = 512;
    public const int MinimumMemoryMiB = 256;
    public const string CpuRequest = "250m";

    /// <summary>The memory request and limit in MiB for a measured peak (MiB), or the default without one.</summary>
    public static int MemoryMiB(double? peakMemoryMiB)
    {
        if (peakMemoryMiB is not { } peak || !double.IsFinite(peak) || peak <= 0) return DefaultMemoryMiB;
        var needed = Math.Ceiling((1.5 * peak + 128) / 64) * 64;
        return (int)Math.Min(Math.Max(needed, MinimumMemoryMiB), 1024 * 1024);
    }

    /// <summary>Says in one line where the figure came from, for the manifests' comments.</summary>
    public static string Explain(double? peakMemoryMiB)
    {
        var memory = MemoryMiB(peakMemoryMiB);
        return peakMemoryMiB is { } peak && double.IsFinite(peak) && peak > 0
            ? FormattableString.Invariant($"{memory}Mi = ceil((1.5 x {Math.Round(peak, 1)} MiB measured peak + 128 MiB) / 64 MiB) x 64 MiB, at least {MinimumMemoryMiB}Mi")
            : FormattableString.Invariant($"{memory}Mi: the default, no peak memory was measured (a project with an MlPerformanceGate measures it)");
    }
}
