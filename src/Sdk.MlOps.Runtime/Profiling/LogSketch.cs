namespace Sdk.MlOps.Profiling;

/// <summary>
/// Rough quantiles in one pass and fixed memory: a DDSketch (Masson et al., VLDB 2019). A value falls in the bucket
/// ⌈log_γ |x|⌉, so any quantile is known within a relative error of 0.5 %, whatever the range of the data, in at most
/// <see cref="MaxBuckets"/> counts a side. It only places the profile's fine grid (<see cref="NumericAccumulator"/>),
/// which then counts exactly; a relative error is poor for data far from zero (70 ± 2), which the grid repairs.
/// </summary>
internal sealed class LogSketch
{
    private const double Accuracy = 0.005;
    private const int MaxBuckets = 2048;
    /// <summary>|x| below this counts as zero: keeps the bucket range of tiny values bounded.</summary>
    private const double Tiny = 1e-12;
    private static readonly double Gamma = (1 + Accuracy) / (1 - Accuracy);
    private static readonly double LogGamma = Math.Log(Gamma);

    private readonly Store _positive = new(), _negative = new();
    private long _zeros;

    public long Count { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;

    public void Add(double x)
    {
        Count++;
        if (x < Min) Min = x;
        if (x > Max) Max = x;
        if (x > Tiny) _positive.Add(Index(x));
        else if (x < -Tiny) _negative.Add(Index(-x));
        else _zeros++;
    }

    /// <summary>The value at rank <paramref name="q"/> (0..1), clamped to the exact minimum and maximum.</summary>
    public double Quantile(double q)
    {
        if (Count == 0) return double.NaN;
        if (q <= 0) return Min;
        if (q >= 1) return Max;
        long rank = (long)(q * (Count - 1));
        double value;
        if (rank < _negative.Total) value = -Value(_negative.IndexAtRankFromTop(rank));
        else if (rank < _negative.Total + _zeros) value = 0;
        else value = Value(_positive.IndexAtRank(rank - _negative.Total - _zeros));
        return Math.Clamp(value, Min, Max);
    }

    private static int Index(double magnitude) => (int)Math.Ceiling(Math.Log(magnitude) / LogGamma);

    private static double Value(int index) => 2 * Math.Pow(Gamma, index) / (Gamma + 1);

    /// <summary>Counts by bucket index in one array that grows toward the indices seen; past its size the lowest buckets merge.</summary>
    private sealed class Store
    {
        private long[] _counts = new long[64];
        private int _offset;
        private bool _empty = true;

        public long Total { get; private set; }

        public void Add(int index)
        {
            Total++;
            if (_empty) { _offset = index - _counts.Length / 2; _empty = false; }
            int i = index - _offset;
            if (i < 0 || i >= _counts.Length) i = Grow(index);
            _counts[i]++;
        }

        private int Grow(int index)
        {
            int low = Math.Min(_offset, index), high = Math.Max(_offset + _counts.Length - 1, index);
            int width = high - low + 1;
            if (width > MaxBuckets)
            {
                // Merge the lowest buckets (the values nearest zero) into the lowest one kept.
                low = high - MaxBuckets + 1;
                width = MaxBuckets;
            }

            var counts = new long[Math.Min(MaxBuckets, Math.Max(width, _counts.Length * 2))];
            int newOffset = Math.Min(low, high - counts.Length + 1);
            for (int i = 0; i < _counts.Length; i++)
            {
                if (_counts[i] == 0) continue;
                counts[Math.Max(0, _offset + i - newOffset)] += _counts[i];
            }

            _counts = counts;
            _offset = newOffset;
            return Math.Max(0, index - _offset);
        }

        public int IndexAtRank(long rank)
        {
            long seen = 0;
            for (int i = 0; i < _counts.Length; i++)
            {
                seen += _counts[i];
                if (seen > rank) return i + _offset;
            }
            return _counts.Length - 1 + _offset;
        }

        /// <summary>The negative side is stored by magnitude: rank 0 is the largest magnitude, the most negative value.</summary>
        public int IndexAtRankFromTop(long rank)
        {
            long seen = 0;
            for (int i = _counts.Length - 1; i >= 0; i--)
            {
                seen += _counts[i];
                if (seen > rank) return i + _offset;
            }
            return _offset;
        }
    }
}
