using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Diagnostics;

namespace Sdk.MlOps.Data;

/// <summary>A value ML.NET's loader read but the SDK refuses: why, and the field as it was written.</summary>
internal readonly record struct ValueProblem(string Code, int Field, string Text, string Why);

/// <summary>
/// Moves one input column from the text loader's cursor into memory, checking each value on the way. float and
/// double come typed from the loader (its own parser decides their bits) with the field's text beside them;
/// the other kinds come as text and are converted here by ML.NET's rules, because the loader throws on them.
/// </summary>
internal abstract class ColumnLoader(InputColumn column, int[] fields)
{
    /// <summary>A store of the column's values: several files append to the same one.</summary>
    public static StoredColumn NewStore(InputColumn column) => column.Kind switch
    {
        ValueKind.Single => NewStore<float>(column),
        ValueKind.Double => NewStore<double>(column),
        ValueKind.String => NewStore<ReadOnlyMemory<char>>(column),
        ValueKind.Int32 => NewStore<int>(column),
        ValueKind.Int64 => NewStore<long>(column),
        ValueKind.Boolean => NewStore<bool>(column),
        ValueKind.DateTime => NewStore<DateTime>(column),
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };

    private static StoredColumn NewStore<T>(InputColumn column) =>
        column.IsVector ? new VectorColumn<T>(column.Indices.Length) : new ScalarColumn<T>();

    public InputColumn Column => column;

    /// <summary>The loader's column names: the value, and the field's text for checks.</summary>
    public string ValueName => column.Name;
    public string TextName => "__mlops_text_" + column.MemberName;

    /// <summary>Whether the loader reads the value typed (float, double) or as text.</summary>
    public bool LoadsTyped => column.Kind is ValueKind.Single or ValueKind.Double;

    public int[] Fields => fields;

    public abstract StoredColumn Store { get; }

    public abstract void Bind(DataViewRow row);

    /// <summary>Appends the current row's value; a problem with it, or null.</summary>
    public abstract ValueProblem? Read();

    /// <summary>The text of the row's (first) field, for label checks; a float's only if <see cref="KeepText"/>.</summary>
    public abstract ReadOnlyMemory<char> Text { get; }

    /// <summary>Read every row's text, not only a non-finite value's: the label column's emptiness is checked.</summary>
    public bool KeepText { get; set; }

    /// <summary>The row's value as a class name: by value for typed labels (a bool written 1 or true is one class).</summary>
    public abstract string LabelKey();

    public static ColumnLoader For(InputColumn column, int[] fields, StoredColumn store, bool allowNonFinite) => column.Kind switch
    {
        ValueKind.Single => new FloatLoader<float>(column, fields, store, allowNonFinite),
        ValueKind.Double => new FloatLoader<double>(column, fields, store, allowNonFinite),
        ValueKind.String => new TextLoaderOf<ReadOnlyMemory<char>>(column, fields, store, (ReadOnlySpan<char> _, out ReadOnlyMemory<char> v) => { v = default; return true; }),
        ValueKind.Int32 => new TextLoaderOf<int>(column, fields, store, (ReadOnlySpan<char> s, out int v) => { var ok = ValueParser.TryParseInt64(s, int.MaxValue, out var l); v = (int)l; return ok; }),
        ValueKind.Int64 => new TextLoaderOf<long>(column, fields, store, (ReadOnlySpan<char> s, out long v) => ValueParser.TryParseInt64(s, long.MaxValue, out v)),
        ValueKind.Boolean => new TextLoaderOf<bool>(column, fields, store, ValueParser.TryParseBoolean),
        ValueKind.DateTime => new TextLoaderOf<DateTime>(column, fields, store, ValueParser.TryParseDateTime),
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };

    protected static string Invariant(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}

internal delegate bool SpanParser<T>(ReadOnlySpan<char> text, out T value);

/// <summary>string, int, long, bool, DateTime: the loader gives the field's text.</summary>
internal sealed class TextLoaderOf<T>(InputColumn column, int[] fields, StoredColumn store, SpanParser<T> parse) : ColumnLoader(column, fields)
{
    private readonly bool _isString = typeof(T) == typeof(ReadOnlyMemory<char>);
    private readonly StoredColumn _store = store;
    private ValueGetter<ReadOnlyMemory<char>>? _scalar;
    private ValueGetter<VBuffer<ReadOnlyMemory<char>>>? _vector;
    private ReadOnlyMemory<char> _text;
    private VBuffer<ReadOnlyMemory<char>> _texts;

    public override StoredColumn Store => _store;

    public override ReadOnlyMemory<char> Text => _text;

    public override void Bind(DataViewRow row)
    {
        var col = row.Schema[ValueName];
        if (Column.IsVector) _vector = row.GetGetter<VBuffer<ReadOnlyMemory<char>>>(col);
        else _scalar = row.GetGetter<ReadOnlyMemory<char>>(col);
    }

    public override ValueProblem? Read()
    {
        if (_scalar is not null)
        {
            _scalar(ref _text);
            if (_isString)
            {
                ((ScalarColumn<ReadOnlyMemory<char>>)_store).Add(_text);
                return null;
            }

            var ok = parse(_text.Span, out var value);
            ((ScalarColumn<T>)_store).Add(value);
            return ok ? null : Unparsable(0, _text);
        }

        _vector!(ref _texts);
        var target = ((VectorColumn<T>)_store).Add();
        ValueProblem? problem = null;
        int i = 0;
        foreach (var text in _texts.DenseValues())
        {
            if (_isString) target[i] = (T)(object)text;
            else if (!parse(text.Span, out target[i])) problem ??= Unparsable(i, text);
            if (i == 0) _text = text;
            i++;
        }

        return problem;
    }

    private ValueProblem Unparsable(int item, ReadOnlyMemory<char> text) =>
        new(ErrorCodes.ValueUnparsable, Fields[item], text.ToString(), $"is not {Article(Column.Kind)}");

    private static string Article(ValueKind kind) => kind is ValueKind.Int32 or ValueKind.Int64 ? "an integer of that size" : "a " + kind;

    public override string LabelKey() => _isString ? _text.ToString() : Invariant(((ScalarColumn<T>)_store).Last);
}

/// <summary>float and double: the loader parses them (its bits are the model's), the text tells why a value is NaN.</summary>
internal sealed class FloatLoader<T>(InputColumn column, int[] fields, StoredColumn store, bool allowNonFinite) : ColumnLoader(column, fields)
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly StoredColumn _store = store;
    private ValueGetter<T>? _scalar;
    private ValueGetter<ReadOnlyMemory<char>>? _scalarText;
    private ValueGetter<VBuffer<T>>? _vector;
    private ValueGetter<VBuffer<ReadOnlyMemory<char>>>? _vectorText;
    private T _value;
    private ReadOnlyMemory<char> _text;
    private VBuffer<T> _values;
    private VBuffer<ReadOnlyMemory<char>> _texts;

    public override StoredColumn Store => _store;

    public override ReadOnlyMemory<char> Text => _text;

    public override void Bind(DataViewRow row)
    {
        if (Column.IsVector)
        {
            _vector = row.GetGetter<VBuffer<T>>(row.Schema[ValueName]);
            _vectorText = row.GetGetter<VBuffer<ReadOnlyMemory<char>>>(row.Schema[TextName]);
        }
        else
        {
            _scalar = row.GetGetter<T>(row.Schema[ValueName]);
            _scalarText = row.GetGetter<ReadOnlyMemory<char>>(row.Schema[TextName]);
        }
    }

    public override ValueProblem? Read()
    {
        if (_scalar is not null)
        {
            _scalar(ref _value);
            ((ScalarColumn<T>)_store).Add(_value);
            if (KeepText) _scalarText!(ref _text);
            if (T.IsFinite(_value)) return null;
            if (!KeepText) _scalarText!(ref _text);
            return Check(0, _value, _text);
        }

        _vector!(ref _values);
        var target = ((VectorColumn<T>)_store).Add();
        _values.GetValues().CopyTo(target);
        if (!_values.IsDense) { target.Clear(); foreach (var (i, v) in _values.Items()) target[i] = v; }
        ValueProblem? problem = null;
        for (int i = 0; i < target.Length && problem is null; i++)
        {
            if (T.IsFinite(target[i])) continue;
            _vectorText!(ref _texts);
            problem = Check(i, target[i], _texts.GetItemOrDefault(i));
        }

        return problem;
    }

    private ValueProblem? Check(int item, T value, ReadOnlyMemory<char> text)
    {
        // NaN from text that is not a missing or non-finite spelling is text ML.NET could not parse.
        bool written = text.Span.Trim().IsEmpty || ValueParser.IsNonFiniteText(text.Span);
        if (T.IsNaN(value) && !written)
            return new(ErrorCodes.ValueUnparsable, Fields[item], text.ToString(), $"is not a number ({Column.Kind})");

        // ML.NET reads "inf", "-inf", "+Infinity" as NaN, not as an infinity: refused even when non-finite values are allowed.
        bool misread = T.IsNaN(value) && text.Span.Trim().ToString().Contains("inf", StringComparison.OrdinalIgnoreCase);
        if (allowNonFinite && !misread) return null;
        var why = misread
            ? "is read by ML.NET as NaN, not as an infinity; write Infinity or -Infinity"
            : T.IsNaN(value) ? "is NaN (missing)" : "is infinite" + (ValueParser.IsNonFiniteText(text.Span) ? "" : " (too large for " + Column.Kind + ")");
        return new(ErrorCodes.ValueNotFinite, Fields[item], text.ToString(), why);
    }

    public override string LabelKey() => Invariant(((ScalarColumn<T>)_store).Last);
}
