using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Data;

/// <summary>The values of one column of the loaded rows, as ML.NET's loader produced them.</summary>
internal abstract class StoredColumn
{
    public abstract int Count { get; }

    /// <summary>Drops the values past <paramref name="count"/>: a refused row's values are taken back.</summary>
    public abstract void Truncate(int count);

    /// <summary>A <see cref="ValueGetter{TValue}"/> of the value at the row the cursor is on.</summary>
    public abstract Delegate Getter(RowPosition at);
}

internal sealed class ScalarColumn<T> : StoredColumn
{
    private readonly List<T> _values = [];

    public override int Count => _values.Count;

    public T Last => _values[^1];

    public void Add(T value) => _values.Add(value);

    public override void Truncate(int count) => _values.RemoveRange(count, _values.Count - count);

    public override Delegate Getter(RowPosition at) => (ValueGetter<T>)((ref T value) => value = _values[at.Row]);
}

internal sealed class VectorColumn<T>(int size) : StoredColumn
{
    private readonly List<T> _values = [];

    public override int Count => _values.Count / size;

    /// <summary>Appends one row's vector, and returns where it was put for checking.</summary>
    public Span<T> Add()
    {
        for (int i = 0; i < size; i++) _values.Add(default!);
        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_values).Slice(_values.Count - size, size);
    }

    public override void Truncate(int count) => _values.RemoveRange(count * size, _values.Count - count * size);

    public override Delegate Getter(RowPosition at) => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) =>
    {
        var editor = VBufferEditor.Create(ref value, size);
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_values).Slice(at.Row * size, size).CopyTo(editor.Values);
        value = editor.Commit();
    });
}

/// <summary>The stored row a cursor is on, read by its getters.</summary>
internal class RowPosition
{
    public int Row;
}
