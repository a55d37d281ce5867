namespace Sdk.MlOps.Data;

/// <summary>
/// The rows a model trained on, as a Bloom filter of their <see cref="RowFingerprints"/>: about 1.8 bytes a row in
/// the training report, and never a false "not trained on". A false "trained on" (0.1 % of unseen rows) only leaves
/// a row out of a comparison, so a champion is never scored on a row it learnt from.
/// </summary>
internal sealed class TrainedRows(int rows, int hashes, string bits)
{
    private const double FalsePositiveRate = 0.001;

    private byte[]? _bits;

    public int Rows { get; } = rows;

    /// <summary>How many bit positions each row sets.</summary>
    public int Hashes { get; } = hashes;

    /// <summary>The filter's bits, base64.</summary>
    public string Bits { get; } = bits;

    public static TrainedRows Of(IReadOnlyCollection<ulong> fingerprints)
    {
        // The textbook sizes: m = -n ln p / (ln 2)², k = (m / n) ln 2.
        int n = Math.Max(1, fingerprints.Count);
        long m = Math.Max(64, (long)Math.Ceiling(-n * Math.Log(FalsePositiveRate) / (Math.Log(2) * Math.Log(2))));
        int k = Math.Max(1, (int)Math.Round((double)m / n * Math.Log(2)));
        var bits = new byte[(m + 7) / 8];
        foreach (var fingerprint in fingerprints)
        {
            foreach (var bit in Positions(fingerprint, k, bits.Length * 8L)) bits[bit >> 3] |= (byte)(1 << (int)(bit & 7));
        }

        return new TrainedRows(fingerprints.Count, k, Convert.ToBase64String(bits)) { _bits = bits };
    }

    public bool MayContain(ulong fingerprint)
    {
        var bits = _bits ??= Convert.FromBase64String(Bits);
        return Positions(fingerprint, Hashes, bits.Length * 8L).All(bit => (bits[bit >> 3] & (1 << (int)(bit & 7))) != 0);
    }

    /// <summary>Double hashing (Kirsch and Mitzenmacher): k positions from the fingerprint's two halves.</summary>
    private static IEnumerable<long> Positions(ulong fingerprint, int k, long m)
    {
        ulong h1 = fingerprint & 0xFFFFFFFF, h2 = (fingerprint >> 32) | 1;
        for (int i = 0; i < k; i++) yield return (long)((h1 + (ulong)i * h2) % (ulong)m);
    }
}
