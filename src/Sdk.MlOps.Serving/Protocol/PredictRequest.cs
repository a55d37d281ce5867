using System.Text.Json;
using Sdk.MlOps.Serving.Models;

namespace Sdk.MlOps.Serving.Protocol;

/// <summary>
/// The body of <c>POST /predict</c>: one object shaped like the input class, or an array of them. Fields are the
/// class's property names, in any casing; the label may be sent (it is ignored by the model) but is not required.
/// </summary>
internal static class PredictRequest
{
    public static (IReadOnlyList<object?[]> Rows, bool IsBatch) Parse(JsonElement body, InputColumns columns, int maxBatchSize)
    {
        switch (body.ValueKind)
        {
            case JsonValueKind.Object:
                return ([Row(body, columns, null)], false);
            case JsonValueKind.Array:
                var count = body.GetArrayLength();
                if (count == 0) throw InputError.BadRequest("The batch is empty: send at least one object.");
                if (count > maxBatchSize) throw InputError.BadRequest($"The batch has {count} rows, more than the limit of {maxBatchSize}.");
                var rows = new List<object?[]>(count);
                foreach (var row in body.EnumerateArray()) rows.Add(Row(row, columns, rows.Count));
                return (rows, true);
            default:
                throw InputError.BadRequest($"The body is {JsonValues.Kind(body)}: send an object with the model's input fields, or an array of them.");
        }
    }

    private static object?[] Row(JsonElement row, InputColumns columns, int? index)
    {
        var at = index is { } i ? $"row {i}: " : "";
        if (row.ValueKind != JsonValueKind.Object)
            throw InputError.BadRequest($"{at}expected an object with the model's input fields, got {JsonValues.Kind(row)}.");

        var values = new object?[columns.All.Count];
        var seen = new bool[values.Length];
        foreach (var field in row.EnumerateObject())
        {
            var column = columns.ByPropertyName(field.Name)
                ?? throw InputError.BadRequest($"{at}unknown field '{field.Name}'; the model's fields are: {string.Join(", ", columns.Required.Select(c => c.PropertyName))}.");
            var c = columns.IndexOf(column);
            if (seen[c]) throw InputError.BadRequest($"{at}field '{column.PropertyName}' is given twice.");
            seen[c] = true;
            string? error;
            values[c] = column.IsVector
                ? JsonValues.ReadArray(field.Value, column.Type, column.VectorSize, out error)
                : JsonValues.Read(field.Value, column.Type, out error);
            if (error is not null) throw InputError.BadRequest($"{at}field '{column.PropertyName}': {error}.");
        }

        foreach (var column in columns.Required)
            if (!seen[columns.IndexOf(column)])
                throw InputError.BadRequest($"{at}missing field '{column.PropertyName}' ({column.JsonDescription}).");
        return values;
    }
}
