using System.Linq.Expressions;
using System.Reflection;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Serving.Models;

/// <summary>The element types an input column may have, named as the Open Inference Protocol names them.</summary>
internal enum TensorType
{
    Bytes,
    Fp32,
    Fp64,
    Int32,
    Int64,
    Bool,
}

/// <summary>
/// One column of a model's input class: its ML.NET name (the V2 tensor name), its property name (the /predict field),
/// its element type, and for a vector its length. Set through a compiled delegate: reflection per value would cost
/// more than the prediction of a small model.
/// </summary>
internal sealed class InputColumn
{
    private InputColumn(PropertyInfo property, string columnName, TensorType type, bool isVector, int vectorSize)
    {
        Property = property;
        ColumnName = columnName;
        Type = type;
        IsVector = isVector;
        VectorSize = vectorSize;
        Set = CompileSetter(property);
    }

    public PropertyInfo Property { get; }

    public string PropertyName => Property.Name;

    public string ColumnName { get; }

    public TensorType Type { get; }

    public bool IsVector { get; }

    /// <summary>The fixed length of a vector (<c>[VectorType(n)]</c>); 0 when any length is taken.</summary>
    public int VectorSize { get; }

    /// <summary>The label: known to the input class, never required from a caller.</summary>
    public bool IsLabel { get; private set; }

    public Action<object, object?> Set { get; }

    public string Datatype => Type switch
    {
        TensorType.Bytes => "BYTES",
        TensorType.Fp32 => "FP32",
        TensorType.Fp64 => "FP64",
        TensorType.Int32 => "INT32",
        TensorType.Int64 => "INT64",
        _ => "BOOL",
    };

    /// <summary>The JSON type a /predict field of this column takes, for error messages.</summary>
    public string JsonDescription => IsVector
        ? VectorSize > 0 ? $"an array of {VectorSize} {Protocol.JsonValues.Describe(Type)}s" : $"an array of {Protocol.JsonValues.Describe(Type)}s"
        : $"a {Protocol.JsonValues.Describe(Type)}";

    /// <summary>The V2 shape of a batch of this column: rows first, -1 for what varies.</summary>
    public long[] Shape => IsVector ? [-1, VectorSize > 0 ? VectorSize : -1] : [-1];

    internal InputColumn AsLabel()
    {
        IsLabel = true;
        return this;
    }

    /// <summary>A column of the input class the model never reads (e.g. an ID): accepted, never required.</summary>
    public bool IsUnread { get; private set; }

    internal InputColumn AsUnread()
    {
        IsUnread = true;
        return this;
    }

    /// <summary>The column of <paramref name="property"/>, or null for a property ML.NET does not read.</summary>
    public static InputColumn? Of(PropertyInfo property)
    {
        if (property.GetCustomAttribute<NoColumnAttribute>() is not null) return null;
        if (property.GetMethod is not { IsPublic: true } || property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0) return null;
        var name = Argument(property, typeof(ColumnNameAttribute)) is [{ Value: string columnName }] ? columnName : property.Name;
        var clr = property.PropertyType;
        var isVector = clr.IsArray;
        var element = isVector ? clr.GetElementType()! : clr;
        TensorType? type = System.Type.GetTypeCode(element) switch
        {
            TypeCode.String => TensorType.Bytes,
            TypeCode.Single => TensorType.Fp32,
            TypeCode.Double => TensorType.Fp64,
            TypeCode.Int32 => TensorType.Int32,
            TypeCode.Int64 => TensorType.Int64,
            TypeCode.Boolean => TensorType.Bool,
            _ => null,
        };
        if (type is null)
            throw new NotSupportedException($"{property.DeclaringType?.Name}.{property.Name} is a {clr.Name}: a served model's input columns are string, float, double, int, long, bool or arrays of them.");
        return new InputColumn(property, name, type.Value, isVector, isVector ? VectorLength(property) : 0);
    }

    // ML.NET keeps its attributes' values internal: they are read from the attribute data.
    private static IList<CustomAttributeTypedArgument>? Argument(PropertyInfo property, Type attribute) =>
        property.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == attribute)?.ConstructorArguments;

    /// <summary>[VectorType(n)] (or its dimensions multiplied), else the span of [LoadColumn(start, end)], else any.</summary>
    private static int VectorLength(PropertyInfo property)
    {
        switch (Argument(property, typeof(VectorTypeAttribute)))
        {
            case [{ Value: int size }]:
                return size;
            case [{ Value: IReadOnlyCollection<CustomAttributeTypedArgument> dims }] when dims.Count > 0:
                return dims.Aggregate(1, (product, d) => product * (int)d.Value!);
        }

        return Argument(property, typeof(LoadColumnAttribute)) is [{ Value: int start }, { Value: int end }] ? end - start + 1 : 0;
    }

    private static Action<object, object?> CompileSetter(PropertyInfo property)
    {
        var target = Expression.Parameter(typeof(object));
        var value = Expression.Parameter(typeof(object));
        var body = Expression.Assign(
            Expression.Property(Expression.Convert(target, property.DeclaringType!), property),
            Expression.Convert(value, property.PropertyType));
        return Expression.Lambda<Action<object, object?>>(body, target, value).Compile();
    }
}
