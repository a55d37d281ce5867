namespace Sdk.MlOps.Statistics;

/// <summary>
/// Draws bootstrap resamples as row weights from a seed. Its own generator (SplitMix64, with Lemire's unbiased
/// bounded draw) rather than <see cref="Random"/>: the same seed must give the same interval on every .NET version,
/// or a gate could change its verdict with a runtime update; and it is several times faster per draw.
/// </summary>
internal sealed class Resampler(int seed)
{
    private ulong _state = (ulong)seed;

    /// <summary>Sets <paramref name="weights"/> to the counts of as many rows drawn uniformly with replacement.</summary>
    public void Draw(Span<int> weights)
    {
        weights.Clear();
        var n = (uint)weights.Length;
        for (var i = 0; i < weights.Length; i++) weights[(int)Below(n)]++;
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>), without the modulo's bias.</summary>
    public uint Below(uint bound)
    {
        var product = (ulong)Next32() * bound;
        if ((uint)product < bound)
        {
            var threshold = (0u - bound) % bound;
            while ((uint)product < threshold) product = (ulong)Next32() * bound;
        }
        return (uint)(product >> 32);
    }

    private uint Next32()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (uint)((z ^ (z >> 31)) >> 32);
    }
}
