namespace Sdk.MlOps.Profiling;

/// <summary>
/// One pass over a numeric column in fixed memory: count, missing (NaN), min, max, mean and standard deviation
/// (Welford), and exact counts in a fine grid of bins, from which the quantiles, the histogram and the drift
/// statistics come. The grid is placed by quantiles known beforehand: a first pass (<see cref="LogSketch"/>) when
/// profiling the training data, the training profile's own when comparing other data with it, so both sides are
/// counted on the same edges. Values outside the grid are summed by their distance to it, which makes the tails of
/// the Wasserstein distance exact.
/// </summary>
internal sealed class NumericAccumulator
{
    /// <summary>Distinct values remembered for a categorical view of a number with few values.</summary>
    public const int FewValues = 50;

    // Bin 0 is (-∞, edges[0]], bin i is (edges[i-1], edges[i]], the last (edges[^1], ∞).
    private readonly double[] _edges;
    private readonly long[] _bins;
    private double _mean, _m2, _below, _above;
    private Dictionary<double, long>? _values = [];
    private readonly Dictionary<double, long>? _atoms;

    /// <remarks>quantiles: Increasing quantiles, minimum first and maximum last, each span cut into <paramref name="steps"/> bins;
    /// atoms: values that may be point masses, counted exactly and made edges.</remarks>
    public NumericAccumulator(IReadOnlyList<double> quantiles, int steps, IReadOnlyList<double>? atoms = null, int uniform = 0)
    {
        var edges = new List<double>();
        for (int k = 0; k + 1 < quantiles.Count; k++)
        {
            double low = quantiles[k], high = quantiles[k + 1];
            if (!(high > low)) continue;
            for (int j = 0; j < steps; j++) edges.Add(low + j * (high - low) / steps);
        }

        if (quantiles.Count > 0 && (edges.Count == 0 || quantiles[^1] > edges[^1])) edges.Add(quantiles[^1]);
        if (atoms is { Count: > 0 }) _atoms = atoms.ToDictionary(a => a, _ => 0L);
        // Equal-width edges from min to max as well: a sketch of relative accuracy places few edges in data with a
        // small spread far from zero (latitudes, epoch seconds), and these give every part of the range its share.
        var even = uniform > 0 && quantiles.Count > 1 && quantiles[^1] > quantiles[0]
            ? Enumerable.Range(1, uniform - 1).Select(i => quantiles[0] + i * (quantiles[^1] - quantiles[0]) / uniform)
            : [];
        if (_atoms is not null || uniform > 0) edges = [.. edges.Concat(atoms ?? []).Concat(even).Distinct().Order()];

        _edges = [.. edges];
        _bins = new long[_edges.Length + 1];
        _guide = Guide(_edges, out _guideScale);
    }

    // The bin of a value is found through a guide: slots of equal width over the grid, each holding the first edge
    // at or above its start. A value then needs a step or two from its slot's edge instead of the twelve of a binary
    // search over 4,000 edges, which dominated the check (build/bench, figure 8). Where edges crowd a slot (a heavy
    // tail stretches the range), the slot's own edges are searched.
    private readonly int[] _guide;
    private readonly double _guideScale;

    private static int[] Guide(double[] edges, out double scale)
    {
        scale = 0;
        if (edges.Length < 2) return [];
        int slots = edges.Length;
        scale = slots / (edges[^1] - edges[0]);
        var guide = new int[slots + 1];
        int e = 0;
        for (int j = 0; j <= slots; j++)
        {
            double start = edges[0] + j / scale;
            while (e < edges.Length - 1 && edges[e] < start) e++;
            guide[j] = e;
        }
        return guide;
    }

    public long Count { get; private set; }
    /// <summary>Values below the grid's first edge (the reference's minimum): bin 0 also holds the minimum itself.</summary>
    public long BelowGrid { get; private set; }
    public long Missing { get; private set; }
    /// <summary>Values that are not missing.</summary>
    public long Values => Count - Missing;
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public double Mean => _mean;
    public double StdDev => Values > 1 ? Math.Sqrt(_m2 / (Values - 1)) : 0;
    public IReadOnlyList<double> Edges => _edges;

    /// <summary>The values and their counts when there are at most <see cref="FewValues"/> of them; else null.</summary>
    public IReadOnlyDictionary<double, long>? FewDistinct => _values;

    public void AddMissing() { Count++; Missing++; }

    /// <summary>Adds another part's counts on the same grid; mean and variance combine by Chan et al.'s rule.</summary>
    public void Merge(NumericAccumulator other)
    {
        long a = Values, b = other.Values;
        if (b > 0)
        {
            double delta = other._mean - _mean;
            _mean += delta * b / (a + b);
            _m2 += other._m2 + delta * delta * a * b / (a + b);
            Min = Math.Min(Min, other.Min);
            Max = Math.Max(Max, other.Max);
        }

        Count += other.Count;
        Missing += other.Missing;
        _below += other._below;
        BelowGrid += other.BelowGrid;
        _above += other._above;
        for (int i = 0; i < _bins.Length; i++) _bins[i] += other._bins[i];
        foreach (var (atom, n) in other._atoms ?? []) _atoms![atom] += n;
        if (_values is null || other._values is null) { _values = null; return; }
        foreach (var (value, n) in other._values) _values[value] = _values.GetValueOrDefault(value) + n;
        if (_values.Count > FewValues) _values = null;
    }

    public void Add(double x)
    {
        // ±Infinity (AllowNonFinite) has no place in a mean or on a grid: counted with the missing values.
        if (!double.IsFinite(x)) { AddMissing(); return; }
        Count++;
        if (x < Min) Min = x;
        if (x > Max) Max = x;
        double delta = x - _mean;
        _mean += delta / Values;
        _m2 += delta * (x - _mean);

        int bin = Bin(x);
        _bins[bin]++;
        if (_atoms is not null && _atoms.TryGetValue(x, out var atom)) _atoms[x] = atom + 1;
        if (bin == 0 && _edges.Length > 0 && x < _edges[0]) { _below += _edges[0] - x; BelowGrid++; }
        else if (bin == _edges.Length && _edges.Length > 0) _above += x - _edges[^1];

        if (_values is not null)
        {
            ref long n = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_values, x, out _);
            n++;
            if (_values.Count > FewValues) _values = null;
        }
    }

    /// <summary>The first edge at or above <paramref name="x"/>: bin 0 is (-∞, edges[0]], bin i (edges[i-1], edges[i]].</summary>
    private int Bin(double x)
    {
        var edges = _edges;
        if (edges.Length == 0 || x <= edges[0]) return 0;
        if (x > edges[^1]) return edges.Length;
        if (_guide.Length == 0) return edges.Length - 1;
        int slot = Math.Min((int)((x - edges[0]) * _guideScale), _guide.Length - 2);
        int i = _guide[slot], last = _guide[slot + 1];
        if (last - i > 8)
        {
            int from = Math.Max(0, i - 1);
            int found = Array.BinarySearch(edges, from, last - from + 1, x);
            return found >= 0 ? found : ~found;
        }

        // The slot's start is rounded: step back onto an edge equal to x (a point mass) if the guide passed it.
        while (i > 0 && edges[i - 1] >= x) i--;
        while (edges[i] < x) i++;
        return i;
    }

    /// <summary>The share of values at or below each edge (the empirical CDF on the grid).</summary>
    public double CumulativeShare(int edge)
    {
        long n = 0;
        for (int i = 0; i <= edge; i++) n += _bins[i];
        return Values == 0 ? 0 : (double)n / Values;
    }

    /// <summary>The empirical CDF at every edge, in one sweep.</summary>
    public double[] CumulativeShares()
    {
        var shares = new double[_edges.Length];
        long n = 0;
        for (int i = 0; i < _edges.Length; i++)
        {
            n += _bins[i];
            shares[i] = Values == 0 ? 0 : (double)n / Values;
        }
        return shares;
    }

    /// <summary>The share of values at or below <paramref name="x"/>, one of the grid's edges (below the grid: 0).</summary>
    public double CumulativeShareAt(double x)
    {
        int i = Array.BinarySearch(_edges, x);
        return i >= 0 ? CumulativeShare(i) : ~i == 0 ? 0 : CumulativeShare(~i - 1);
    }

    /// <summary>∫ F(x) dx left of the grid and ∫ (1 − F(x)) dx right of it, exactly: the mean distance of values outside it.</summary>
    public (double Below, double Above) Tails => Values == 0 ? (0, 0) : (_below / Values, _above / Values);

    /// <summary><paramref name="count"/> quantiles at equal steps from 0 to 1, in one sweep of the bins.</summary>
    public double[] Quantiles(int count)
    {
        var result = new double[count];
        if (Values == 0) { Array.Fill(result, double.NaN); return result; }
        if (_values is not null) return ExactQuantiles(count);
        int bin = 0;
        long seen = 0;
        for (int k = 0; k < count; k++)
        {
            double q = k / (count - 1.0), target = q * Values;
            if (k == 0 || k == count - 1) { result[k] = k == 0 ? Min : Max; continue; }
            while (bin < _bins.Length && (_bins[bin] == 0 || seen + _bins[bin] < target)) seen += _bins[bin++];
            if (bin == _bins.Length) { result[k] = Max; continue; }
            double low = bin == 0 ? Min : Math.Max(Min, _edges[bin - 1]);
            double high = bin == _edges.Length ? Max : Math.Min(Max, _edges[bin]);
            // A point mass at the bin's upper edge sits there; only the rest of the bin is spread across it.
            long atHigh = bin < _edges.Length && _atoms is not null ? _atoms.GetValueOrDefault(_edges[bin]) : 0;
            long spread = _bins[bin] - atHigh;
            result[k] = target - seen >= spread ? high : Math.Clamp(low + (high - low) * (target - seen) / spread, Min, Max);
        }

        return result;
    }

    /// <summary>
    /// A number with few values has them all counted, so its quantiles are values it has: they repeat exactly, and
    /// the CDF read from them is the staircase it is, not a ramp below each value.
    /// </summary>
    private double[] ExactQuantiles(int count)
    {
        var sorted = _values!.OrderBy(p => p.Key).ToArray();
        var result = new double[count];
        long seen = 0;
        int at = 0;
        for (int k = 0; k < count; k++)
        {
            double target = k / (count - 1.0) * Values;
            while (at < sorted.Length - 1 && seen + sorted[at].Value < target) seen += sorted[at++].Value;
            result[k] = k == 0 ? Min : sorted[at].Key;
        }

        return result;
    }

    public NumericProfile ToProfile()
    {
        // Not rounded: a quantile is an edge the compared data is counted at, and a float value read back as a double
        // (0.0208333f is 0.020833300054...) must land on the edge its own value makes, not beside it.
        double[] quantiles = Values == 0 ? [] : Quantiles(ColumnProfile.QuantileCount);
        return new NumericProfile(Min, Max, Round(Mean), Round(StdDev), quantiles, Histogram());
    }

    /// <summary>
    /// 20 equal-width bins from min to max, counted from the grid: a grid bin split by a histogram edge is shared in
    /// proportion, and the shares are rounded by largest remainder, so each count is within one of the proportional
    /// count and all of them add up to the values exactly.
    /// </summary>
    private Histogram Histogram()
    {
        const int Bins = 20;
        if (Values == 0) return new Histogram([], []);
        double width = (Max - Min) / Bins;
        var edges = Enumerable.Range(0, Bins + 1).Select(i => Round(i == Bins ? Max : Min + i * width)).ToArray();
        var shares = new double[Bins];
        for (int i = 0; i < _bins.Length; i++)
        {
            if (_bins[i] == 0) continue;
            double low = i == 0 ? Min : Math.Max(Min, _edges[i - 1]);
            double high = i == _edges.Length ? Max : Math.Min(Max, _edges[i]);
            if (width <= 0 || high <= low)
            {
                shares[width <= 0 ? 0 : Math.Clamp((int)((high - Min) / width), 0, Bins - 1)] += _bins[i];
                continue;
            }

            for (int b = Math.Clamp((int)((low - Min) / width), 0, Bins - 1); b < Bins; b++)
            {
                double from = Math.Max(low, Min + b * width), to = Math.Min(high, b == Bins - 1 ? Max : Min + (b + 1) * width);
                if (to > from) shares[b] += _bins[i] * (to - from) / (high - low);
                if (Min + (b + 1) * width >= high) break;
            }
        }

        var counts = shares.Select(c => (long)Math.Floor(c)).ToArray();
        long missing = Values - counts.Sum();
        foreach (var b in Enumerable.Range(0, Bins).OrderByDescending(b => shares[b] - counts[b]).Take((int)Math.Max(0, missing))) counts[b]++;
        return new Histogram(edges, counts);
    }

    /// <summary>Ten significant digits: the profile reads well and stays exact enough for any statistic.</summary>
    internal static double Round(double x) =>
        double.IsFinite(x) && x != 0 ? Math.Round(x, Math.Max(0, Math.Min(15, 9 - (int)Math.Floor(Math.Log10(Math.Abs(x)))))) : x;
}
