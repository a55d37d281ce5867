using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Data;

/// <summary>
/// Loaded rows served to ML.NET the way its TextLoader serves them: same schema, same order, no shuffling and no
/// known row count. That is what makes training on them equal to training on <c>LoadFromTextFile</c>: a trainer that
/// sees a shufflable view (as <c>LoadFromEnumerable</c> is) shuffles it its own way and learns another model.
/// Training passes read memory instead of parsing the file again.
/// </summary>
internal sealed class InMemoryDataView(DataViewSchema schema, IReadOnlyList<StoredColumn> columns, int count, IReadOnlyList<int>? rows) : IDataView
{
    private readonly IReadOnlyList<StoredColumn> _columns = columns;
    private readonly IReadOnlyList<int>? _rows = rows;
    private readonly int _count = count;

    public DataViewSchema Schema { get; } = schema;

    public bool CanShuffle => false;

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(InMemoryDataView view, HashSet<int> active) : DataViewRowCursor
    {
        private readonly int _length = view._rows?.Count ?? view._count;
        private readonly Dictionary<int, Delegate> _getters = [];
        private readonly RowPosition _at = new();
        private long _position = -1;

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => view.Schema;


        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override bool MoveNext()
        {
            if (_position + 1 >= _length)
            {
                _position = _length;
                return false;
            }

            _position++;
            _at.Row = view._rows is { } rows ? rows[(int)_position] : (int)_position;
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!active.Contains(column.Index))
                throw new InvalidOperationException($"Column '{column.Name}' was not requested by this cursor.");
            if (!_getters.TryGetValue(column.Index, out var getter))
                _getters[column.Index] = getter = view._columns[column.Index].Getter(_at);
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}.");
        }

        // The row's place in the loaded file(s), as the text loader's id is its place in the file.
        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_at.Row, 0);
    }
}
