using Microsoft.ML;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// How much the model relies on one input column: the metric with the column as it is (<see cref="Baseline"/>), with its
/// values shuffled across the rows (<see cref="Shuffled"/>), and <see cref="Drop"/>, how much worse that is (positive:
/// the model needs the column; about 0: it does not).
/// </summary>
internal sealed record ColumnImportance(string Column, double Baseline, double Shuffled, double Drop)
{
    /// <summary>
    /// Permutation importance per input column: each column in turn is shuffled across the rows (a seeded permutation,
    /// the same for every column), the data re-scored and <paramref name="metric"/> read from the scored view. Works
    /// for any model, and speaks of the columns the user has, where ML.NET's own PFI speaks of feature slots (thousands
    /// for a text column). Returned in the order of <paramref name="columns"/>.
    /// </summary>
    public static IReadOnlyList<ColumnImportance> Compute(MLContext ml, ITransformer model, IDataView test, IReadOnlyList<string> columns,
        Func<IDataView, double> metric, bool higherIsBetter, int seed)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(metric);
        var missing = columns.Where(c => test.Schema.GetColumnOrNull(c) is null).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"The test data has no column {string.Join(", ", missing.Select(c => $"'{c}'"))}; "
                + $"it has {string.Join(", ", test.Schema.Select(c => c.Name))}.", nameof(columns));

        // Read once, then re-read from memory for every column.
        var cached = ml.Data.Cache(test);
        var baseline = metric(model.Transform(cached));
        var results = new List<ColumnImportance>(columns.Count);
        int[]? order = null;
        foreach (var name in columns)
        {
            var column = cached.Schema[name];
            var values = ColumnValues.Read(cached, column);
            order ??= Permutation(values.Length, seed);
            var shuffled = metric(model.Transform(new ShuffledColumnView(cached, column, values, order)));
            results.Add(new ColumnImportance(name, baseline, shuffled, higherIsBetter ? baseline - shuffled : shuffled - baseline));
        }
        return results;
    }

    /// <summary>Fisher–Yates with a seeded <see cref="Random"/>: the same seed shuffles the same way on every machine.</summary>
    private static int[] Permutation(int count, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        var random = new Random(seed);
        for (var i = count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
