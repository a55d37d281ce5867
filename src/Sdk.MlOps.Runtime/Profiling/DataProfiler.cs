using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Profiling;

/// <summary>A column to profile: its name in the data view, its input type's name and its role.</summary>
/// <remarks>Kind: given when the data does not decide it (predicted classes are categories however many there are).</remarks>
internal sealed record ProfiledColumn(string Name, string Type, string Role, string? Kind = null);

/// <summary>
/// Profiles a data view in fixed memory, streaming its rows: the training data in two passes (the first places the
/// grid, the second counts), any other data in one pass on the grid of the profile it is compared with.
/// </summary>
internal static class DataProfiler
{
    /// <summary>A string column with at most this many distinct values is a category; with more, text.</summary>
    public const int MaxCategories = 50;

    public static DataProfile Profile(IDataView view, IReadOnlyList<ProfiledColumn> columns, string source)
    {
        var plans = Scout(view, columns);
        var counted = Count(view, plans);
        return new DataProfile { Source = source, Rows = RowsOf(counted), Columns = counted.Select(c => c.ToProfile()).ToArray() };
    }

    /// <summary>Counts <paramref name="view"/> column by column as <paramref name="plans"/> say, in one pass.</summary>
    public static IReadOnlyList<ColumnAccumulator> Count(IDataView view, IReadOnlyList<ColumnPlan> plans) =>
        Count(view, plans.Select(p => new ColumnAccumulator(p)).ToArray());

    /// <summary>
    /// Adds the rows of <paramref name="view"/> to <paramref name="accumulators"/> (several files, one profile). A view
    /// that can be read by several cursors at once (ML.NET's loader parses in parallel) is counted on a thread per
    /// cursor, each into counts of its own, merged at the end: every statistic here is a sum, so the order of rows
    /// does not matter.
    /// </summary>
    public static IReadOnlyList<ColumnAccumulator> Count(IDataView view, IReadOnlyList<ColumnAccumulator> accumulators)
    {
        var wanted = accumulators.Select(a => view.Schema[a.Plan.Name]).ToArray();
        var cursors = view.GetRowCursorSet(wanted, Math.Max(1, Environment.ProcessorCount));
        try
        {
            if (cursors.Length == 1)
            {
                Run(cursors[0], wanted, accumulators);
                return accumulators;
            }

            var parts = cursors.Select((_, k) => k == 0 ? accumulators : accumulators.Select(a => new ColumnAccumulator(a.Plan)).ToArray()).ToArray();
            // Threads of their own: the cursors of a set feed each other, so every one must be read at once.
            var threads = cursors.Select((cursor, k) => Task.Factory.StartNew(() => Run(cursor, wanted, parts[k]), TaskCreationOptions.LongRunning)).ToArray();
            Task.WaitAll(threads);
            foreach (var part in parts.Skip(1))
            {
                for (int i = 0; i < accumulators.Count; i++) accumulators[i].Merge(part[i]);
            }

            return accumulators;
        }
        finally
        {
            foreach (var cursor in cursors) cursor.Dispose();
        }
    }

    private static void Run(DataViewRowCursor cursor, DataViewSchema.Column[] wanted, IReadOnlyList<ColumnAccumulator> into)
    {
        var readers = wanted.Select((c, i) => Reader(cursor, c, into[i])).ToArray();
        while (cursor.MoveNext())
        {
            foreach (var read in readers) read();
        }
    }

    /// <summary>The rows counted: the most any column saw (a column a file lacks saw none).</summary>
    public static long RowsOf(IReadOnlyList<ColumnAccumulator> counted) => counted.Count == 0 ? 0 : counted.Max(c => c.Count);

    /// <summary>The first pass: each column's kind, and rough quantiles to place the second pass's grid.</summary>
    private static ColumnPlan[] Scout(IDataView view, IReadOnlyList<ProfiledColumn> columns)
    {
        var wanted = columns.Select(c => view.Schema[c.Name]).ToArray();
        var sketches = columns.Select(_ => new LogSketch()).ToArray();
        var distinct = columns.Select(_ => new ValueCounter(MaxCategories)).ToArray();
        var frequent = columns.Select(_ => new FrequentValues()).ToArray();
        using (var cursor = view.GetRowCursor(wanted))
        {
            var readers = wanted.Select((c, i) => ScoutReader(cursor, c, columns[i].Role, sketches[i], distinct[i], frequent[i])).ToArray();
            while (cursor.MoveNext())
            {
                foreach (var read in readers) read();
            }
        }

        return columns.Select((c, i) =>
        {
            var kind = c.Kind ?? KindOf(wanted[i].Type, c.Role, distinct[i]);
            var quantiles = Enumerable.Range(0, ColumnProfile.QuantileCount).Select(k => sketches[i].Quantile(k / (ColumnProfile.QuantileCount - 1.0))).Where(double.IsFinite).ToArray();
            return new ColumnPlan(c.Name, c.Type, kind, c.Role)
            {
                Steps = ColumnPlan.ProfileSteps,
                Uniform = ColumnPlan.ProfileUniform,
                Quantiles = kind == ColumnKind.Numeric ? quantiles : [],
                LengthQuantiles = kind == ColumnKind.Text ? quantiles : [],
                Atoms = kind == ColumnKind.Numeric ? frequent[i].Candidates : [],
            };
        }).ToArray();
    }

    private static string KindOf(DataViewType type, string role, ValueCounter distinct) =>
        role == ColumnProfile.IdRole || type is VectorDataViewType ? ColumnKind.Counted
        : type is TextDataViewType ? (distinct.Exact ? ColumnKind.Categorical : ColumnKind.Text)
        : type is BooleanDataViewType ? ColumnKind.Categorical
        : ColumnKind.Numeric;

    private static Action ScoutReader(DataViewRowCursor cursor, DataViewSchema.Column column, string role, LogSketch sketch, ValueCounter distinct, FrequentValues frequent)
    {
        if (role == ColumnProfile.IdRole || column.Type is VectorDataViewType or BooleanDataViewType) return () => { };
        if (column.Type is TextDataViewType)
        {
            var text = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> value = default;
            return () =>
            {
                text(ref value);
                var span = value.Span;
                if (span.IsWhiteSpace()) return;
                sketch.Add(span.Length);
                if (distinct.Exact) distinct.Add(span);
            };
        }

        var number = NumberGetter(cursor, column);
        return () =>
        {
            double x = number();
            if (!double.IsFinite(x)) return;
            sketch.Add(x);
            frequent.Add(x);
        };
    }

    private static Action Reader(DataViewRowCursor cursor, DataViewSchema.Column column, ColumnAccumulator into)
    {
        switch (column.Type)
        {
            case VectorDataViewType:
                return () => into.AddText("vector");
            case TextDataViewType:
            {
                var text = cursor.GetGetter<ReadOnlyMemory<char>>(column);
                ReadOnlyMemory<char> value = default;
                return () => { text(ref value); into.AddText(value.Span); };
            }
            case BooleanDataViewType:
            {
                var flag = cursor.GetGetter<bool>(column);
                bool value = false;
                return () => { flag(ref value); into.AddText(value ? "true" : "false"); };
            }
            default:
                return NumberReader(cursor, column, into);
        }
    }

    /// <summary>A number column into its accumulator, one typed delegate per value (the hot loop of a check).</summary>
    private static Action NumberReader(DataViewRowCursor cursor, DataViewSchema.Column column, ColumnAccumulator into)
    {
        var raw = column.Type.RawType;
        if (raw == typeof(float)) { var g = cursor.GetGetter<float>(column); float v = 0; return () => { g(ref v); into.AddNumber(v); }; }
        if (raw == typeof(double)) { var g = cursor.GetGetter<double>(column); double v = 0; return () => { g(ref v); into.AddNumber(v); }; }
        var number = NumberGetter(cursor, column);
        return () => into.AddNumber(number());
    }

    /// <summary>A number column's value as a double; a date as seconds since 1970.</summary>
    private static Func<double> NumberGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var raw = column.Type.RawType;
        if (raw == typeof(float)) { var g = cursor.GetGetter<float>(column); float v = 0; return () => { g(ref v); return v; }; }
        if (raw == typeof(double)) { var g = cursor.GetGetter<double>(column); double v = 0; return () => { g(ref v); return v; }; }
        if (raw == typeof(int)) { var g = cursor.GetGetter<int>(column); int v = 0; return () => { g(ref v); return v; }; }
        if (raw == typeof(long)) { var g = cursor.GetGetter<long>(column); long v = 0; return () => { g(ref v); return v; }; }
        if (raw == typeof(DateTime))
        {
            var g = cursor.GetGetter<DateTime>(column);
            DateTime v = default;
            return () => { g(ref v); return (v - DateTime.UnixEpoch).TotalSeconds; };
        }

        throw new NotSupportedException($"Column '{column.Name}' of type {column.Type} cannot be profiled.");
    }
}
