using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Data;

/// <summary>The values of one column of the loaded rows, as ML.NET's loader produced them.</summary>
internal abstract class StoredColumn
{
    public abstract int Count { get; }

    /// <summary>Drops the values past <paramref name="count"/>: a refused row's values are taken back.</summary>
    public abstract void Truncate(int count);

    /// <summary>A <see cref="ValueGetter{TValue}"/> of the value at the row <paramref name="row"/> returns.</summary>
    public abstract Delegate Getter(Func<int> row);
}

internal sealed class ScalarColumn<T> : StoredColumn
{
    private readonly List<T> _values = [];

    public override int Count => _values.Count;

    public T Last => _values[^1];

    public void Add(T value) => _values.Add(value);

    public override void Truncate(int count) => _values.RemoveRange(count, _values.Count - count);

    public override Delegate Getter(Func<int> row) => (ValueGetter<T>)((ref T value) => value = _values[row()]);
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

    public override Delegate Getter(Func<int> row) => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) =>
    {
        var editor = VBufferEditor.Create(ref value, size);
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_values).Slice(row() * size, size).CopyTo(editor.Values);
        value = editor.Commit();
    });
}
