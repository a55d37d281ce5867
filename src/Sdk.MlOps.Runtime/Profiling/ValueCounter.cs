namespace Sdk.MlOps.Profiling;

/// <summary>
/// Counts of string values (categories, words) in bounded memory. Up to <c>capacity</c> distinct values are counted
/// exactly; past it the least frequent half is dropped into <see cref="Other"/> and the counts become approximate
/// (a value dropped early and seen again starts from zero), which only the long tail suffers. Values are looked up
/// by span, so a value seen before allocates nothing.
/// </summary>
internal sealed class ValueCounter
{
    private readonly int _capacity;

    public ValueCounter(int capacity)
    {
        _capacity = capacity;
        _counts = new(StringComparer.Ordinal);
        _lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private readonly Dictionary<string, long> _counts;
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private long _other;
    private bool _pruned;

    public long Other => _other;
    /// <summary>Every value added, kept or dropped.</summary>
    public long Total { get; private set; }
    public int Distinct => _counts.Count;
    /// <summary>No value was ever dropped: the counts are exact.</summary>
    public bool Exact => !_pruned;

    public long CountOf(string value) => _counts.GetValueOrDefault(value);

    public void Add(ReadOnlySpan<char> value)
    {
        ref long n = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_lookup, value, out _);
        n++;
        Total++;
        if (_counts.Count > _capacity) Prune();
    }

    /// <summary>Adds another part's counts (exact unless either part dropped values).</summary>
    public void Merge(ValueCounter other)
    {
        foreach (var (value, n) in other._counts)
        {
            ref long count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, value, out _);
            count += n;
        }

        Total += other.Total;
        _other += other._other;
        _pruned |= other._pruned;
        if (_counts.Count > _capacity) Prune();
    }

    private void Prune()
    {
        _pruned = true;
        var dropped = _counts.OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(_counts.Count / 2).ToArray();
        foreach (var (key, count) in dropped)
        {
            _other += count;
            _counts.Remove(key);
        }
    }

    /// <summary>The <paramref name="top"/> most frequent values (ties by value, so the profile is reproducible) and the rest as other.</summary>
    public CategoryProfile ToProfile(int top)
    {
        var ranked = _counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToArray();
        var kept = ranked.Take(top).Select(p => new ValueCount(p.Key, p.Value)).ToArray();
        long rest = _other + ranked.Skip(top).Sum(p => p.Value);
        return new CategoryProfile(_counts.Count, Exact, kept, rest);
    }
}
