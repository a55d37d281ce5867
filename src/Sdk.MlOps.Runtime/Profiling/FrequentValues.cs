namespace Sdk.MlOps.Profiling;

/// <summary>
/// The values that may each hold a large share of a numeric column (a point mass: zeros, a clamp at ±10, a default),
/// found in one pass and fixed memory by Misra–Gries: every value with more than 1/(<see cref="Capacity"/> + 1) of
/// the rows is among the candidates. The profiling pass counts the candidates exactly, so a point mass stays a point
/// in the quantiles instead of being spread over its bin.
/// </summary>
internal sealed class FrequentValues
{
    public const int Capacity = 32;
    private readonly Dictionary<double, long> _counts = [];
    private readonly double[] _keys = new double[Capacity];

    public void Add(double x)
    {
        if (_counts.TryGetValue(x, out var n)) { _counts[x] = n + 1; return; }
        if (_counts.Count < Capacity) { _counts[x] = 1; return; }
        _counts.Keys.CopyTo(_keys, 0);
        foreach (var key in _keys)
        {
            if (--_counts[key] == 0) _counts.Remove(key);
        }
    }

    public IReadOnlyList<double> Candidates => _counts.Keys.Order().ToArray();
}
