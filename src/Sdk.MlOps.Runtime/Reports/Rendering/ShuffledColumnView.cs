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
