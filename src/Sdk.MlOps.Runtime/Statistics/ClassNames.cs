namespace Sdk.MlOps.Statistics;

/// <summary>
/// One list of class names for both models of a comparison. Each model numbers its classes in the order its training
/// rows first showed them, so the same key can name different classes; rows are compared by name, through this map.
/// </summary>
internal sealed class ClassNames
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    public int Count => _names.Count;

    public IReadOnlyList<string> Names => _names;

    /// <summary>The index of <paramref name="name"/>, added at the end if the list does not hold it yet.</summary>
    public int IndexOf(string name)
    {
        if (_index.TryGetValue(name, out var index)) return index;
        _index.Add(name, _names.Count);
        _names.Add(name);
        return _names.Count - 1;
    }
}
