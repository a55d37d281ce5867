using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// A view whose one column is read in another row order: row i shows that column's value of row <c>order[i]</c>, the
/// other columns their own. The model then sees real values of the column, cut loose from the rest of the row.
/// </summary>
internal sealed class ShuffledColumnView : IDataView
{
    private readonly IDataView _source;
    private readonly DataViewSchema.Column _column;
    private readonly ColumnValues _values;
    private readonly int[] _order;

    public ShuffledColumnView(IDataView source, DataViewSchema.Column column, ColumnValues values, int[] order)
    {
        if (order.Length != values.Length) throw new ArgumentException("The order needs one entry per row.", nameof(order));
        _source = source;
        _column = column;
        _values = values;
        _order = order;
    }

    public DataViewSchema Schema => _source.Schema;

    public bool CanShuffle => false;

    public long? GetRowCount() => _values.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        return new Cursor(this, _source.GetRowCursor(needed.Where(c => c.Index != _column.Index)), needed.Select(c => c.Index).ToHashSet());
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(ShuffledColumnView view, DataViewRowCursor inner, HashSet<int> active) : DataViewRowCursor
    {
        public override long Position => inner.Position;

        public override long Batch => inner.Batch;

        public override DataViewSchema Schema => view.Schema;

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override bool MoveNext() => inner.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != view._column.Index) return inner.GetGetter<TValue>(column);
            if (!active.Contains(column.Index)) throw new InvalidOperationException($"Column '{column.Name}' was not requested by this cursor.");
            return view._values.Getter(() => view._order[inner.Position]) as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}.");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>One column's values in row order, each its own copy (a getter may reuse its buffer from row to row).</summary>
internal abstract class ColumnValues
{
    public abstract int Length { get; }

    /// <summary>A <see cref="ValueGetter{TValue}"/> of the value of the row <paramref name="row"/> names.</summary>
    public abstract Delegate Getter(Func<int> row);

    public static ColumnValues Read(IDataView view, DataViewSchema.Column column)
    {
        var (name, type) = column.Type is VectorDataViewType vector ? (nameof(ReadVectors), vector.ItemType.RawType) : (nameof(ReadScalars), column.Type.RawType);
        return (ColumnValues)typeof(ColumnValues).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, [view, column])!;
    }

    private static ScalarValues<T> ReadScalars<T>(IDataView view, DataViewSchema.Column column)
    {
        var values = new List<T>();
        using var cursor = view.GetRowCursor([column]);
        var get = cursor.GetGetter<T>(column);
        T value = default!;
        while (cursor.MoveNext())
        {
            get(ref value);
            // Text points into the reader's buffer: keep a string of its own.
            values.Add(value is ReadOnlyMemory<char> text ? (T)(object)text.ToString().AsMemory() : value);
        }
        return new ScalarValues<T>([.. values]);
    }

    private static VectorValues<T> ReadVectors<T>(IDataView view, DataViewSchema.Column column)
    {
        var values = new List<VBuffer<T>>();
        using var cursor = view.GetRowCursor([column]);
        var get = cursor.GetGetter<VBuffer<T>>(column);
        var value = default(VBuffer<T>);
        while (cursor.MoveNext())
        {
            get(ref value);
            var copy = default(VBuffer<T>);
            value.CopyTo(ref copy);
            values.Add(copy);
        }
        return new VectorValues<T>([.. values]);
    }

    private sealed class ScalarValues<T>(T[] values) : ColumnValues
    {
        public override int Length => values.Length;

        public override Delegate Getter(Func<int> row) => (ValueGetter<T>)((ref T value) => value = values[row()]);
    }

    private sealed class VectorValues<T>(VBuffer<T>[] values) : ColumnValues
    {
        public override int Length => values.Length;

        /// <summary>Copies into the caller's buffer: the caller may write to it, and the stored value must stay as read.</summary>
        public override Delegate Getter(Func<int> row) => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) => values[row()].CopyTo(ref value));
    }
}
