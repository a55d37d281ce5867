using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Hosting;

/// <summary>
/// A gate with <c>Slice="Column"</c>: its bounds hold in every slice of the test rows that share a value of the
/// column, and <c>MaxSliceGap</c> bounds how far the best slice is from the worst. A slice smaller than
/// <c>MinimumSliceRows</c> is reported, not gated: its value is mostly noise. A slice's value is the metric on the
/// slice's rows, computed from the candidate's per-row outcomes exactly as ML.NET's evaluator would on those rows.
/// </summary>
internal static class SliceGates
{
    public const int DefaultMinimumRows = 30;

    public static GateResult Check(GateItem gate, IReadOnlyList<string> sliceOfRow, RowOutcomes outcomes)
    {
        int minimumRows = gate.MinimumSliceRows ?? DefaultMinimumRows;
        bool higherIsBetter = Gates.HigherIsBetter(gate.Metric);
        var slices = new List<GateResult>();
        foreach (var slice in InOrder(Enumerable.Range(0, sliceOfRow.Count).GroupBy(i => sliceOfRow[i], StringComparer.Ordinal)))
        {
            var rows = slice.ToArray();
            var metric = WeightedMetric.For(gate.Metric, outcomes.Select(rows))
                ?? throw new MlOpsException(ErrorCodes.SliceInvalid,
                    $"MlMetricGate '{gate.Metric}' cannot be sliced: {gate.Metric} has no per-row form here. Slice a gate on another metric.", gate.Definition);
            var ones = new int[rows.Length];
            Array.Fill(ones, 1);
            double value = metric.Compute(ones);
            bool gated = rows.Length >= minimumRows;
            bool passed = !gated || Gates.WithinBounds(gate, value);
            slices.Add(new GateResult(gate.Metric, gate.Minimum, gate.Maximum, value, passed) { Slice = new SliceInfo(gate.Slice!, slice.Key, rows.Length, gated) });
        }

        var judged = slices.Where(s => s.Slice!.Gated && !double.IsNaN(s.Value)).Select(s => s.Value).ToArray();
        double gap = judged.Length >= 2 ? judged.Max() - judged.Min() : 0;
        double worst = judged.Length == 0 ? double.NaN : higherIsBetter ? judged.Min() : judged.Max();
        bool allPassed = slices.All(s => s.Passed) && (gate.MaxSliceGap is not { } maxGap || gap <= maxGap);
        return new GateResult(gate.Metric, gate.Minimum, gate.Maximum, worst, allPassed)
        {
            Slices = slices, SliceColumn = gate.Slice, SliceGap = gap, MaxSliceGap = gate.MaxSliceGap, MinimumSliceRows = minimumRows,
        };
    }

    /// <summary>Slices of a number column in numeric order (2 before 10), others by their text.</summary>
    private static IEnumerable<IGrouping<string, int>> InOrder(IEnumerable<IGrouping<string, int>> slices)
    {
        var all = slices.ToArray();
        double? Number(string key) => double.TryParse(key, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
        return all.All(s => Number(s.Key) is not null) ? all.OrderBy(s => Number(s.Key)) : all.OrderBy(s => s.Key, StringComparer.Ordinal);
    }

    /// <summary>Each test row's value of the slice column, as text (numbers in invariant culture).</summary>
    public static string[] Values(IDataView test, string column)
    {
        var col = test.Schema[column];
        var values = new List<string>();
        using var cursor = test.GetRowCursor([col]);
        Func<string> read = col.Type switch
        {
            TextDataViewType => Getter<ReadOnlyMemory<char>>(cursor, col, v => v.ToString()),
            BooleanDataViewType => Getter<bool>(cursor, col, v => v ? "true" : "false"),
            var t when t.RawType == typeof(float) => Getter<float>(cursor, col, v => v.ToString(CultureInfo.InvariantCulture)),
            var t when t.RawType == typeof(double) => Getter<double>(cursor, col, v => v.ToString(CultureInfo.InvariantCulture)),
            var t when t.RawType == typeof(int) => Getter<int>(cursor, col, v => v.ToString(CultureInfo.InvariantCulture)),
            var t when t.RawType == typeof(long) => Getter<long>(cursor, col, v => v.ToString(CultureInfo.InvariantCulture)),
            var t when t.RawType == typeof(DateTime) => Getter<DateTime>(cursor, col, v => v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            var t => throw new MlOpsException(ErrorCodes.SliceInvalid, $"The slice column '{column}' has type {t}; slice by a text, number, bool or date column."),
        };
        while (cursor.MoveNext()) values.Add(read());
        return values.ToArray();
    }

    private static Func<string> Getter<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, string> text)
    {
        var get = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            get(ref value);
            return text(value);
        };
    }
}

/// <summary>One slice of a slice gate: the rows whose <see cref="Column"/> is <see cref="Value"/>.</summary>
internal sealed record SliceInfo(string Column, string Value, int Rows, bool Gated);
