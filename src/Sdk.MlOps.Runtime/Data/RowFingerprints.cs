using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Data;

/// <summary>
/// A 64-bit fingerprint of each row's values (XxHash3 of their bytes), to recognise a row in other data: the
/// rows a champion trained on among today's test rows. The label is left out on purpose: a row whose label was
/// corrected since is still a row the model has seen.
/// </summary>
internal static class RowFingerprints
{
    public static ulong[] Of(IDataView view, IReadOnlyList<string> columns)
    {
        var used = columns.Select(name => view.Schema[name]).ToArray();
        var fingerprints = new List<ulong>();
        var hash = new XxHash3();
        using var cursor = view.GetRowCursor(used);
        var appenders = used.Select(column => Appender(cursor, column)).ToArray();
        while (cursor.MoveNext())
        {
            hash.Reset();
            foreach (var append in appenders) append(hash);
            fingerprints.Add(hash.GetCurrentHashAsUInt64());
        }

        return fingerprints.ToArray();
    }

    /// <summary>Appends the column's value at the cursor; each value is framed (type and length) so columns cannot run into each other.</summary>
    private static Action<XxHash3> Appender(DataViewRowCursor cursor, DataViewSchema.Column column) => column.Type switch
    {
        TextDataViewType => Text(cursor.GetGetter<ReadOnlyMemory<char>>(column)),
        VectorDataViewType { ItemType: NumberDataViewType { RawType: var t } } when t == typeof(float) => Vector(cursor.GetGetter<VBuffer<float>>(column)),
        var type when type.RawType == typeof(float) => Scalar(cursor.GetGetter<float>(column), Canonical),
        var type when type.RawType == typeof(double) => Scalar(cursor.GetGetter<double>(column), Canonical),
        var type when type.RawType == typeof(int) => Scalar(cursor.GetGetter<int>(column), v => v),
        var type when type.RawType == typeof(long) => Scalar(cursor.GetGetter<long>(column), v => v),
        var type when type.RawType == typeof(bool) => Scalar(cursor.GetGetter<bool>(column), v => v),
        var type when type.RawType == typeof(DateTime) => Scalar(cursor.GetGetter<DateTime>(column), v => v.Ticks),
        var type => throw new NotSupportedException($"Column {column.Name} has type {type}, which rows are not fingerprinted by."),
    };

    private static Action<XxHash3> Text(ValueGetter<ReadOnlyMemory<char>> getter)
    {
        ReadOnlyMemory<char> value = default;
        return hash =>
        {
            getter(ref value);
            Frame(hash, 'T', value.Length);
            hash.Append(MemoryMarshal.AsBytes(value.Span));
        };
    }

    private static Action<XxHash3> Vector(ValueGetter<VBuffer<float>> getter)
    {
        VBuffer<float> value = default;
        return hash =>
        {
            getter(ref value);
            Frame(hash, 'V', value.Length);
            foreach (var item in value.DenseValues()) Append(hash, Canonical(item));
        };
    }

    private static Action<XxHash3> Scalar<T, TBits>(ValueGetter<T> getter, Func<T, TBits> bits) where TBits : unmanaged
    {
        T value = default!;
        return hash =>
        {
            getter(ref value);
            Append(hash, bits(value));
        };
    }

    private static void Frame(XxHash3 hash, char kind, int length)
    {
        Span<byte> frame = stackalloc byte[6];
        BinaryPrimitives.WriteUInt16LittleEndian(frame, kind);
        BinaryPrimitives.WriteInt32LittleEndian(frame[2..], length);
        hash.Append(frame);
    }

    private static void Append<T>(XxHash3 hash, T value) where T : unmanaged =>
        hash.Append(MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref value, 1)));

    // One NaN and one zero: the same number read twice hashes the same.
    private static float Canonical(float v) => float.IsNaN(v) ? float.NaN : v == 0 ? 0f : v;

    private static double Canonical(double v) => double.IsNaN(v) ? double.NaN : v == 0 ? 0d : v;
}
