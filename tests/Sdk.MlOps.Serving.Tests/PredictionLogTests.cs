using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sdk.MlOps.Inference;
using Sdk.MlOps.Serving.Models;
using Sdk.MlOps.Serving.PredictionLogging;
using Sdk.MlOps.Serving.Telemetry;

namespace Sdk.MlOps.Serving.Tests;

/// <summary>The prediction log: JSON lines with model, version, input and output; rotation; drop-when-full.</summary>
[TestClass]
public sealed class PredictionLogTests
{
    [TestMethod]
    public async Task Predictions_are_logged_as_json_lines_and_the_files_rotate_by_size_and_count()
    {
        var folder = TestModels.NewFolder("prediction-log");
        await using (var host = await ServingHost.Start(new()
        {
            ["MLOPS_PREDICTION_LOG_DIR"] = folder,
            ["MlOps:Serving:PredictionLog:MaxFileBytes"] = "1500",
            ["MlOps:Serving:PredictionLog:MaxFiles"] = "3",
        }))
        {
            for (int i = 0; i < 6; i++)
            {
                var batch = Enumerable.Range(0, 3).Select(r => new { title = $"disk full {i}-{r}", description = "volume out of space" }).ToArray();
                Assert.AreEqual(HttpStatusCode.OK, (await host.PostJson("/predict/triage", batch)).StatusCode);
            }

            Assert.AreEqual(HttpStatusCode.OK, (await host.PostJson("/v2/models/failure/infer", V2ProtocolTests.ReadingRequest())).StatusCode);
        }

        // Stopping the host writes what was queued.
        var files = Directory.GetFiles(folder, "predictions-*.jsonl").Order(StringComparer.Ordinal).ToArray();
        Assert.AreEqual(3, files.Length, "20 records of ~300 bytes in files of 1,500 bytes rotate past 3 files; the oldest are deleted");
        Assert.IsTrue(files.All(f => new FileInfo(f).Length <= 1500), "no file grows past the limit");

        var lines = files.SelectMany(File.ReadAllLines).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        var triage = lines.Where(l => l.GetProperty("model").GetString() == "triage").ToArray();
        Assert.IsTrue(triage.Length > 0);
        foreach (var line in triage)
        {
            Assert.AreEqual("1.0.0", line.GetProperty("version").GetString());
            Assert.IsTrue(DateTimeOffset.TryParse(line.GetProperty("time").GetString(), out _));
            StringAssert.StartsWith(line.GetProperty("input").GetProperty("Title").GetString(), "disk full ");
            Assert.IsFalse(line.GetProperty("input").TryGetProperty("Area", out _), "the label was not sent, so it is not logged");
            Assert.AreEqual("disk", line.GetProperty("output").GetProperty("label").GetString());
            Assert.AreEqual(3, line.GetProperty("output").GetProperty("scores").EnumerateObject().Count());
        }

        // The last request's two rows are in the newest file, typed as sent.
        var failure = lines.Where(l => l.GetProperty("model").GetString() == "failure").ToArray();
        Assert.AreEqual(2, failure.Length);
        Assert.AreEqual("2.1.0", failure[0].GetProperty("version").GetString());
        Assert.AreEqual(19, failure[0].GetProperty("input").GetProperty("Errors").GetInt32());
        Assert.AreEqual(3, failure[0].GetProperty("input").GetProperty("Load").GetArrayLength());
        Assert.IsTrue(failure[0].GetProperty("output").GetProperty("probability").GetSingle() > 0.5);
    }

    [TestMethod]
    public async Task A_sample_rate_of_zero_logs_nothing()
    {
        var folder = TestModels.NewFolder("prediction-log-off");
        await using (var host = await ServingHost.Start(new()
        {
            ["MlOps:Serving:PredictionLog:Directory"] = folder,
            ["MlOps:Serving:PredictionLog:SampleRate"] = "0",
        }, failureModel: false))
        {
            Assert.AreEqual(HttpStatusCode.OK, (await host.PostJson("/predict/triage", """{"title": "x", "description": "y"}""")).StatusCode);
        }

        Assert.AreEqual(0, Directory.GetFiles(folder).Length);
    }

    [TestMethod]
    public async Task A_log_folder_that_cannot_be_written_is_logged_and_requests_are_still_served()
    {
        var blocker = Path.Combine(TestModels.NewFolder("prediction-log-blocked"), "a-file");
        File.WriteAllText(blocker, "not a folder");
        await using var host = await ServingHost.Start(new() { ["MLOPS_PREDICTION_LOG_DIR"] = blocker }, failureModel: false);
        for (int i = 0; i < 3; i++)
            Assert.AreEqual(HttpStatusCode.OK, (await host.PostJson("/predict/triage", """{"title": "x", "description": "y"}""")).StatusCode);

        for (int attempt = 0; attempt < 50 && !host.Logs.All.Contains("the disk refused a record", StringComparison.Ordinal); attempt++)
            await Task.Delay(100);
        Assert.AreEqual(1, host.Logs.Lines.Count(l => l.Contains("Prediction log: the disk refused a record", StringComparison.Ordinal)), "logged once while it keeps failing");
    }

    [TestMethod]
    public void A_full_queue_drops_and_counts_instead_of_waiting()
    {
        var folder = TestModels.NewFolder("prediction-log-full");
        var options = Options.Create(new ModelServingOptions { PredictionLog = { Directory = folder, QueueCapacity = 2 } });
        using var meters = new TestMeterFactory();
        var sink = new LogSink();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));
        long droppedMeasured = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "mlops.serving.prediction_log.dropped") l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref droppedMeasured, value));
        listener.Start();
        var log = new PredictionLog(options, new ServingMetrics(meters), loggers);
        var model = new FakeModel();
        var rows = Enumerable.Range(0, 5).Select(_ => new object?[] { "a", "t", "d" }).ToArray();
        var prediction = new ServedPrediction(model.Identity, rows.Select(_ => new ModelPrediction("disk", 0.9f, null, [])).ToArray());

        // Nobody reads the queue (no writer runs): it takes two, the other three are dropped at once.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        log.Add(model, prediction, rows);
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(1));
        Assert.AreEqual(3, log.Dropped);
        Assert.AreEqual(3, Interlocked.Read(ref droppedMeasured), "each drop is counted by the metric");
        Assert.AreEqual(1, sink.Lines.Count(l => l.Contains("the queue is full, 1 records dropped", StringComparison.Ordinal)), "the first drop is logged, not each");
        Assert.IsTrue(log.Reader.TryRead(out var first));
        Assert.AreEqual("fake", first.Model);
    }

    private sealed class FakeModel() : ServedModel("fake", InputColumnsOfTicket())
    {
        public override ModelIdentity Identity { get; } = new("fake", "0.0.1", "00", ModelTask.MulticlassClassification);

        public override ServedPrediction Predict(IReadOnlyList<object?[]> rows) => throw new NotSupportedException();

        private static InputColumns InputColumnsOfTicket() => InputColumns.For(typeof(Ticket), new ModelIdentity("fake", "0.0.1", "00", ModelTask.MulticlassClassification));
    }

    private sealed class TestMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        private readonly List<System.Diagnostics.Metrics.Meter> _meters = [];

        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options)
        {
            var meter = new System.Diagnostics.Metrics.Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
