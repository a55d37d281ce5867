using System.Text.Json;
using Sdk.MlOps.Serving.Models;

namespace Sdk.MlOps.Serving.Protocol;

/// <summary>A parsed V2 inference request: the rows, the id to echo, and the outputs asked for (null: all).</summary>
internal sealed record V2Inference(string? Id, IReadOnlyList<object?[]> Rows, IReadOnlyList<string>? Outputs);

/// <summary>
/// Reads an Open Inference Protocol inference request. Each input is a column of the input class as a tensor:
/// shape [n] (or [n, 1]) for a scalar column, [n, k] for a vector, n the same for every input; data flat or nested,
/// in row-major order. Everything that does not fit is refused with the input and the reason.
/// </summary>
internal static class V2Request
{
    public static V2Inference Parse(JsonElement body, InputColumns columns, int maxBatchSize, IReadOnlyCollection<string> outputNames)
    {
        if (body.ValueKind != JsonValueKind.Object)
            throw InputError.BadRequest($"The body is {JsonValues.Kind(body)}: send an inference request object with \"inputs\".");

        string? id = null;
        if (body.TryGetProperty("id", out var idValue) && idValue.ValueKind != JsonValueKind.Null)
            id = idValue.ValueKind == JsonValueKind.String ? idValue.GetString() : throw InputError.BadRequest($"id: expected a string, got {JsonValues.Kind(idValue)}.");

        if (!body.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array || inputs.GetArrayLength() == 0)
            throw InputError.BadRequest("inputs: expected a non-empty array of input tensors.");

        object?[][]? rows = null;
        string? firstInput = null;
        var given = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (var input in inputs.EnumerateArray())
        {
            var at = $"inputs[{index++}]";
            if (input.ValueKind != JsonValueKind.Object) throw InputError.BadRequest($"{at}: expected an input tensor object, got {JsonValues.Kind(input)}.");
            var name = Text(input, "name", at);
            var column = columns.ByColumnName(name)
                ?? throw InputError.BadRequest($"{at}: unknown input '{name}'; the model's inputs are: {string.Join(", ", columns.Required.Select(c => c.ColumnName))}.");
            if (!given.Add(name)) throw InputError.BadRequest($"input '{name}' is given twice.");
            at = $"input '{name}'";

            var datatype = Text(input, "datatype", at);
            if (datatype != column.Datatype) throw InputError.BadRequest($"{at}: datatype {datatype} does not match the model's {column.Datatype}.");

            var shape = Shape(input, at);
            var (n, width) = RowsAndWidth(shape, column, at);
            if (rows is null)
            {
                if (n == 0) throw InputError.BadRequest($"{at}: the batch is empty (shape {Show(shape)}): send at least one row.");
                if (n > maxBatchSize) throw InputError.BadRequest($"{at}: the batch has {n} rows, more than the limit of {maxBatchSize}.");
                rows = new object?[n][];
                for (int r = 0; r < n; r++) rows[r] = new object?[columns.All.Count];
                firstInput = name;
            }
            else if (n != rows.Length)
            {
                throw InputError.BadRequest($"{at} has {n} rows (shape {Show(shape)}), but input '{firstInput}' has {rows.Length}: every input needs the same first dimension.");
            }

            if (!input.TryGetProperty("data", out var data)) throw InputError.BadRequest($"{at}: missing data.");
            var values = new List<JsonElement>();
            Flatten(data, values, n * (long)width + 1);
            if (values.Count != n * (long)width)
                throw InputError.BadRequest($"{at}: shape {Show(shape)} needs {n * (long)width} values, data has {(values.Count > n * (long)width ? "more" : values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}.");
            Fill(rows, columns.IndexOf(column), column, width, values, at);
        }

        foreach (var column in columns.Required)
            if (!given.Contains(column.ColumnName))
                throw InputError.BadRequest($"missing input '{column.ColumnName}' ({column.Datatype}, shape {Show(column.Shape)}).");

        return new V2Inference(id, rows!, RequestedOutputs(body, outputNames));
    }

    private static string Text(JsonElement element, string property, string at) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw InputError.BadRequest($"{at}: {property}: expected a string.");

    private static long[] Shape(JsonElement input, string at)
    {
        if (!input.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array)
            throw InputError.BadRequest($"{at}: shape: expected an array of non-negative integers.");
        var dims = new long[shape.GetArrayLength()];
        int i = 0;
        foreach (var dim in shape.EnumerateArray())
            dims[i++] = dim.ValueKind == JsonValueKind.Number && dim.TryGetInt64(out var d) && d >= 0
                ? d
                : throw InputError.BadRequest($"{at}: shape: expected an array of non-negative integers.");
        return dims;
    }

    /// <summary>Rows and values per row from a shape, as the column allows it.</summary>
    private static (int Rows, int Width) RowsAndWidth(long[] shape, InputColumn column, string at)
    {
        bool fits = column.IsVector
            ? shape.Length == 2 && (column.VectorSize == 0 || shape[1] == column.VectorSize)
            : shape.Length == 1 || (shape.Length == 2 && shape[1] == 1);
        if (!fits)
        {
            var expected = column.IsVector ? $"[n, {(column.VectorSize > 0 ? column.VectorSize : "k")}]" : "[n] or [n, 1]";
            throw InputError.BadRequest($"{at}: shape {Show(shape)} does not fit the model's column: expected {expected}.");
        }

        // Past int.MaxValue no request fits in the body limit; the batch limit refuses it in words.
        var rows = (int)Math.Min(shape[0], int.MaxValue);
        var width = column.IsVector ? (int)Math.Min(shape[1], int.MaxValue) : 1;
        return (rows, width);
    }

    private static void Flatten(JsonElement data, List<JsonElement> into, long limit)
    {
        if (data.ValueKind != JsonValueKind.Array)
        {
            into.Add(data);
            return;
        }

        foreach (var item in data.EnumerateArray())
        {
            if (into.Count >= limit) return;
            Flatten(item, into, limit);
        }
    }

    private static void Fill(object?[][] rows, int c, InputColumn column, int width, List<JsonElement> values, string at)
    {
        for (int r = 0; r < rows.Length; r++)
        {
            Array? vector = column.IsVector ? JsonValues.NewArray(column.Type, width) : null;
            for (int k = 0; k < width; k++)
            {
                var at0 = r * width + k;
                var value = JsonValues.Read(values[at0], column.Type, out var error);
                if (error is not null) throw InputError.BadRequest($"{at}: data[{at0}]: {error}.");
                if (vector is null) rows[r][c] = value;
                else vector.SetValue(value, k);
            }

            if (vector is not null) rows[r][c] = vector;
        }
    }

    private static IReadOnlyList<string>? RequestedOutputs(JsonElement body, IReadOnlyCollection<string> outputNames)
    {
        if (!body.TryGetProperty("outputs", out var outputs) || outputs.ValueKind == JsonValueKind.Null) return null;
        if (outputs.ValueKind != JsonValueKind.Array) throw InputError.BadRequest("outputs: expected an array of {\"name\": ...} objects.");
        var names = new List<string>();
        int index = 0;
        foreach (var output in outputs.EnumerateArray())
        {
            var at = $"outputs[{index++}]";
            if (output.ValueKind != JsonValueKind.Object) throw InputError.BadRequest($"{at}: expected an object with a name, got {JsonValues.Kind(output)}.");
            var name = Text(output, "name", at);
            if (!outputNames.Contains(name)) throw InputError.BadRequest($"{at}: unknown output '{name}'; the model's outputs are: {string.Join(", ", outputNames)}.");
            names.Add(name);
        }

        return names;
    }

    public static string Show(long[] shape) => $"[{string.Join(", ", shape)}]";
}
