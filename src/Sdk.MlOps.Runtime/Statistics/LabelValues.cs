using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Statistics;

/// <summary>
/// A label column read as ML.NET's evaluators read it (<c>RowCursorUtils.GetLabelGetter</c>): a float, with bool as
/// 1/0 and a key as its index (key − 1), NaN for a missing key. Reading it the same way makes each row count, or not,
/// exactly as it does in ML.NET's metrics.
/// </summary>
internal static class LabelValues
{
    public static Func<float> Getter(DataViewRow row, DataViewSchema.Column label)
    {
        switch (label.Type)
        {
            case var t when t == NumberDataViewType.Single:
                return Read<float, float>(row, label, v => v);
            case var t when t == NumberDataViewType.Double:
                return Read<double, float>(row, label, v => (float)v);
            case BooleanDataViewType:
                return Read<bool, float>(row, label, v => v ? 1f : 0f);
            case KeyDataViewType key:
                var count = key.Count == 0 ? ulong.MaxValue : key.Count;
                var raw = KeyGetter(row, label, key);
                return () => raw() is var k && k > 0 && k <= count ? k - 1 : float.NaN;
            default:
                throw new InvalidOperationException(
                    $"Label column '{label.Name}' is {label.Type}; ML.NET's evaluators read a label of type Single, Double, Boolean or a key.");
        }
    }

    /// <summary>The key column's raw value (0 = missing) whatever its storage width.</summary>
    public static Func<ulong> KeyGetter(DataViewRow row, DataViewSchema.Column column, KeyDataViewType key) => key.RawType switch
    {
        var t when t == typeof(uint) => Read<uint, ulong>(row, column, v => v),
        var t when t == typeof(ulong) => Read<ulong, ulong>(row, column, v => v),
        var t when t == typeof(ushort) => Read<ushort, ulong>(row, column, v => v),
        var t when t == typeof(byte) => Read<byte, ulong>(row, column, v => v),
        _ => throw new InvalidOperationException($"Key column '{column.Name}' has raw type {key.RawType}."),
    };

    /// <summary>A column's value in the row the cursor is on, converted; one getter, made once.</summary>
    public static Func<TOut> Read<TIn, TOut>(DataViewRow row, DataViewSchema.Column column, Func<TIn, TOut> convert)
    {
        var getter = row.GetGetter<TIn>(column);
        return () =>
        {
            TIn value = default!;
            getter(ref value);
            return convert(value);
        };
    }
}
