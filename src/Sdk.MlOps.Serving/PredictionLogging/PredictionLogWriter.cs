using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sdk.MlOps.Serving.Models;
using Sdk.MlOps.Serving.Telemetry;

namespace Sdk.MlOps.Serving.PredictionLogging;

/// <summary>
/// Writes the queued predictions as JSON lines, <c>{"time", "model", "version", "input": {column: value},
/// "output": {"label", "score", "probability", "scores"}}</c>, on a thread of its own. At stop it writes what is
/// still queued.
/// </summary>
internal sealed class PredictionLogWriter(PredictionLog log, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger(Log.Category);
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!log.Enabled) return;
        var settings = log.Settings;
        Log.PredictionLogStarted(_logger, settings.Directory!, settings.SampleRate, settings.MaxFiles, settings.MaxFileBytes);
        using var files = new RotatingFiles(settings.Directory!, settings.MaxFileBytes, settings.MaxFiles);
        try
        {
            while (await log.Reader.WaitToReadAsync(stoppingToken))
                Drain(files);
        }
        catch (OperationCanceledException)
        {
        }

        Drain(files);
    }

    private void Drain(RotatingFiles files)
    {
        while (log.Reader.TryRead(out var record))
        {
            _line.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(_line))
                Write(json, record);
            _line.Write("\n"u8);
            try
            {
                files.Write(_line.WrittenSpan);
                _failing = false;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                files.Abandon();
                if (!_failing) Log.PredictionLogWriteFailed(_logger, e.GetType().Name, e.Message);
                _failing = true;
            }
        }

        try
        {
            files.Flush();
        }
        catch (IOException)
        {
            files.Abandon();
        }
    }

    private static void Write(Utf8JsonWriter json, PredictionRecord record)
    {
        json.WriteStartObject();
        json.WriteString("time", record.Time);
        json.WriteString("model", record.Model);
        json.WriteString("version", record.Version);
        json.WriteStartObject("input");
        var columns = record.Columns.All;
        for (int c = 0; c < columns.Count; c++)
        {
            if (record.Input[c] is not { } value) continue;
            json.WritePropertyName(columns[c].ColumnName);
            WriteValue(json, value);
        }

        json.WriteEndObject();
        var output = record.Output;
        json.WriteStartObject("output");
        if (output.Label is { } label) json.WriteString("label", label);
        WriteNumber(json, "score", output.Score);
        if (output.Probability is { } probability) WriteNumber(json, "probability", probability);
        if (output.Scores.Count > 0)
        {
            json.WriteStartObject("scores");
            foreach (var score in output.Scores) WriteNumber(json, score.Label, score.Score);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, object value)
    {
        switch (value)
        {
            case string s: json.WriteStringValue(s); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case bool b: json.WriteBooleanValue(b); break;
            case Array array:
                json.WriteStartArray();
                foreach (var item in array) WriteValue(json, item!);
                json.WriteEndArray();
                break;
            default: json.WriteNullValue(); break;
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, float value)
    {
        if (float.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}
