using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Profiling;

namespace Sdk.MlOps.Monitoring;

/// <summary>
/// The serving host's prediction log (Sdk.MlOps.Serving, <c>MLOPS_PREDICTION_LOG_DIR</c>): JSON lines
/// <c>{"time", "model", "version", "input": {column: value}, "output": {"label", "score", ...}}</c>. The inputs are
/// counted like a data file's columns and the outputs are the predictions as they were served, so nothing is scored
/// again. A line that cannot be read (the last one of a host that was killed mid-write) is skipped with a warning.
/// </summary>
internal sealed class PredictionLogFile(ModelBase model, string modelName, string path, string name, Reporter reporter) : IProductionSource
{
    private const int MaxReported = 10;

    public string Name => name;

    /// <summary>The log files of a folder (rotated, oldest first), or the one file named.</summary>
    /// <remarks>modelName: the bundle's model; a host that serves several writes their records into one log, and only
    /// this model's are read.</remarks>
    public static IReadOnlyList<PredictionLogFile> In(ModelBase model, string modelName, string path, string projectFile, Reporter reporter)
    {
        if (File.Exists(path)) return [new PredictionLogFile(model, modelName, path, Path.GetFileName(path), reporter)];
        if (!Directory.Exists(path))
            throw new MlOpsException(ErrorCodes.PredictionLogUnreadable, $"The prediction log '{path}' (MlOpsMonitorLog) is neither a file nor a folder.", new SourceLocation(projectFile));
        return Directory.GetFiles(path, "*.jsonl").Order(StringComparer.Ordinal)
            .Select(f => new PredictionLogFile(model, modelName, f, Path.GetFileName(f), reporter)).ToArray();
    }

    public void Count(IReadOnlyList<ColumnAccumulator> columns, IReadOnlyList<ColumnAccumulator>? predictions, ITransformer trained, LabelledRows? labelled)
    {
        if (labelled is not null) labelled.Begin(model.Schema.Columns.Select(c => c.Name).ToArray(), ',', new DataFile { Name = name, AllowQuoting = true, DefinedIn = path });
        int lineNumber = 0, bad = 0, others = 0;
        // Each record's inputs are walked once, into the slot of their column.
        var slot = columns.Select((c, i) => (c.Plan.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.OrdinalIgnoreCase);
        var values = new JsonElement?[columns.Count];
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            try
            {
                using var json = JsonDocument.Parse(line);
                if (json.RootElement.TryGetProperty("model", out var served) && served.ValueKind == JsonValueKind.String
                    && !string.Equals(served.GetString(), modelName, StringComparison.OrdinalIgnoreCase))
                {
                    others++;
                    continue;
                }

                var input = json.RootElement.GetProperty("input");
                Array.Clear(values);
                foreach (var property in input.EnumerateObject())
                    if (slot.TryGetValue(property.Name, out var i)) values[i] = property.Value;
                for (int i = 0; i < columns.Count; i++) Add(columns[i], values[i]);
                if (predictions is not null && json.RootElement.TryGetProperty("output", out var output))
                    PredictedValues.Add(predictions,
                        output.TryGetProperty("label", out var label) && label.ValueKind == JsonValueKind.String ? label.GetString() : null,
                        // The host wrote a float as its shortest text; it is the float the test set's scores were.
                        output.TryGetProperty("score", out var score) && score.ValueKind == JsonValueKind.Number ? (float)score.GetDouble() : double.NaN);
                if (labelled is not null) Join(input, labelled);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                if (++bad <= MaxReported)
                    reporter.Warning(ErrorCodes.PredictionLogUnreadable, $"Line {lineNumber} of the prediction log '{name}' is not a prediction record ({(e is JsonException ? "not complete JSON" : e.Message)}); it is skipped.", new SourceLocation(path, lineNumber));
            }
        }

        if (bad > MaxReported) reporter.Warning(ErrorCodes.PredictionLogUnreadable, $"{bad} lines of '{name}' were skipped in all.", new SourceLocation(path));
        if (others > 0) reporter.Info($"{others} records of '{name}' are another model's predictions; they are left out.");
    }

    private void Join(JsonElement input, LabelledRows labelled)
    {
        if (Find(input, labelled.IdColumn) is not { } id || !labelled.TryLabel(Text(id), out var truth)) return;
        labelled.Add(model.Schema.Columns.Select(c => string.Equals(c.Name, labelled.LabelColumn, StringComparison.OrdinalIgnoreCase)
            ? truth : Find(input, c.Name) is { } v ? Text(v) : "").ToArray());
    }

    private static JsonElement? Find(JsonElement input, string column)
    {
        foreach (var property in input.EnumerateObject())
            if (string.Equals(property.Name, column, StringComparison.OrdinalIgnoreCase)) return property.Value;
        return null;
    }

    /// <summary>
    /// A logged value into its column's counts. A float column's number is narrowed to float: the host wrote the
    /// shortest text of the float (0.1), which read as a double is not the value training counted (0.100000001).
    /// </summary>
    private static void Add(ColumnAccumulator column, JsonElement? value)
    {
        bool single = column.Plan.Type == nameof(Single);
        switch (value?.ValueKind)
        {
            case JsonValueKind.Number: column.AddNumber(single ? (float)value.Value.GetDouble() : value.Value.GetDouble()); break;
            case JsonValueKind.String when single && float.TryParse(value.Value.GetString(), System.Globalization.NumberStyles.Float, CultureInfo.InvariantCulture, out var f):
                column.AddNumber(f); break;
            case JsonValueKind.String: column.AddText(value.Value.GetString()); break;
            case JsonValueKind.True: column.AddText("true"); break;
            case JsonValueKind.False: column.AddText("false"); break;
            default: column.AddMissing(); break;
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Number => value.GetRawText(), // as written: a long id keeps every digit
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "",
    };
}
