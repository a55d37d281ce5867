using System.Text.Json;
using Sdk.MlOps.Serving.Models;

namespace Sdk.MlOps.Serving.Protocol;

/// <summary>Turns JSON values into column values, or says in words what was wrong with them.</summary>
internal static class JsonValues
{
    /// <summary>One element of <paramref name="type"/>; null and a reason when the JSON value is not one.</summary>
    public static object? Read(JsonElement value, TensorType type, out string? error)
    {
        error = null;
        switch (type)
        {
            case TensorType.Bytes when value.ValueKind == JsonValueKind.String:
                return value.GetString()!;
            case TensorType.Fp32 when value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && float.IsFinite((float)d):
                return (float)d;
            case TensorType.Fp64 when value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d):
                return d;
            case TensorType.Int32 when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i):
                return i;
            case TensorType.Int64 when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var l):
                return l;
            case TensorType.Bool when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return value.GetBoolean();
        }

        error = value.ValueKind == JsonValueKind.Number
            ? $"expected a {Describe(type)}, got {(type == TensorType.Fp32 ? "a number out of its range" : type is TensorType.Int32 or TensorType.Int64 ? "a number that is not one" : "a number")}"
            : $"expected a {Describe(type)}, got {Kind(value)}";
        return null;
    }

    /// <summary>A JSON array of <paramref name="type"/> elements, as the typed array the input class holds.</summary>
    public static Array? ReadArray(JsonElement value, TensorType type, int size, out string? error)
    {
        error = null;
        if (value.ValueKind != JsonValueKind.Array)
        {
            error = $"expected an array of {Describe(type)}s, got {Kind(value)}";
            return null;
        }

        var length = value.GetArrayLength();
        if (size > 0 && length != size)
        {
            error = $"expected an array of {size} {Describe(type)}s, got {length}";
            return null;
        }

        var array = NewArray(type, length);
        int index = 0;
        foreach (var element in value.EnumerateArray())
        {
            var item = Read(element, type, out var itemError);
            if (itemError is not null)
            {
                error = $"[{index}]: {itemError}";
                return null;
            }

            array.SetValue(item, index++);
        }

        return array;
    }

    public static Array NewArray(TensorType type, int length) => type switch
    {
        TensorType.Bytes => new string[length],
        TensorType.Fp32 => new float[length],
        TensorType.Fp64 => new double[length],
        TensorType.Int32 => new int[length],
        TensorType.Int64 => new long[length],
        _ => new bool[length],
    };

    public static string Describe(TensorType type) => type switch
    {
        TensorType.Bytes => "string",
        TensorType.Fp32 or TensorType.Fp64 => "number",
        TensorType.Int32 => "32-bit integer",
        TensorType.Int64 => "64-bit integer",
        _ => "boolean",
    };

    public static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
