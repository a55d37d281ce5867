namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// Equal-width bins over the finite values of several groups at once, each group's count as a share of its own rows,
/// so a group of 50 rows can be compared with one of 5,000.
/// </summary>
internal sealed record Histogram(double Start, double Width, IReadOnlyList<double[]> Shares)
{
    public int Bins => Shares.Count == 0 ? 0 : Shares[0].Length;

    public double Center(int bin) => Start + (bin + 0.5) * Width;

    public static Histogram Of(IReadOnlyList<IReadOnlyList<double>> groups, int bins = 40)
    {
        var finite = groups.SelectMany(g => g).Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return new Histogram(0, 1, groups.Select(_ => new double[bins]).ToArray());
        double min = finite.Min(), max = finite.Max();
        if (max - min < 1e-12) { min -= 0.5; max += 0.5; }
        var width = (max - min) / bins;
        var shares = groups.Select(group =>
        {
            var counts = new double[bins];
            var n = 0;
            foreach (var v in group.Where(double.IsFinite))
            {
                counts[Math.Min(bins - 1, (int)((v - min) / width))]++;
                n++;
            }
            return n == 0 ? counts : counts.Select(c => c / n).ToArray();
        }).ToArray();
        return new Histogram(min, width, shares);
    }
}
