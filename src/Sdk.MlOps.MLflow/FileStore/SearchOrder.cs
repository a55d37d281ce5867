using System.Globalization;

namespace Sdk.MlOps.MLflow;

/// <summary>
/// An MLflow <c>order_by</c> list, e.g. <c>attributes.start_time DESC</c>, <c>metrics.rmse</c> (ascending by
/// default). Items lacking the field sort last either way, as on a server.
/// </summary>
internal sealed class SearchOrder
{
    private readonly List<(string Entity, string Key, bool Ascending)> _keys = [];

    public static SearchOrder Parse(IReadOnlyList<string>? orderBy, Func<string, string, FieldKind?> kindOf)
    {
        var order = new SearchOrder();
        foreach (var clause in orderBy ?? [])
        {
            var reader = new SearchFilter.Reader(clause);
            var (entity, key) = reader.Identifier();
            if (kindOf(entity, key) is null) throw SearchFilter.Invalid($"Invalid order_by '{clause}': unknown field '{entity}.{key}'.");
            var ascending = reader.Rest().ToUpperInvariant() switch
            {
                "" or "ASC" => true,
                "DESC" => false,
                _ => throw SearchFilter.Invalid($"Invalid order_by '{clause}': expected '<field> [ASC|DESC]'."),
            };
            order._keys.Add((entity, key, ascending));
        }
        return order;
    }

    /// <summary>Sorts by this order, then by <paramref name="natural"/> (the search's own default).</summary>
    public List<T> Sort<T>(IEnumerable<T> items, Func<T, string, string, object?> valueOf, IComparer<T> natural)
    {
        IOrderedEnumerable<T>? sorted = null;
        foreach (var (entity, key, ascending) in _keys)
        {
            var comparer = new NullsLast(ascending);
            sorted = sorted is null
                ? items.OrderBy(item => valueOf(item, entity, key), comparer)
                : sorted.ThenBy(item => valueOf(item, entity, key), comparer);
        }
        return (sorted is null ? items.Order(natural) : sorted.ThenBy(item => item, natural)).ToList();
    }

    private sealed class NullsLast(bool ascending) : IComparer<object?>
    {
        public int Compare(object? x, object? y)
        {
            if (x is null || y is null) return x is null ? (y is null ? 0 : 1) : -1;
            var order = x is string a && y is string b
                ? string.CompareOrdinal(a, b)
                : Convert.ToDouble(x, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(y, CultureInfo.InvariantCulture));
            return ascending ? order : -order;
        }
    }
}
