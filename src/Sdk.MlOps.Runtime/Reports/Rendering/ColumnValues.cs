using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Reports.Rendering;

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
