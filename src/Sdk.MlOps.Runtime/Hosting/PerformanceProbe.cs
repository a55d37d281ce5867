using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Hosting;

/// <summary>
/// What serving the model costs, measured the way a service would meet it: single-row latency through a warmed
/// <see cref="PredictionEngine{TSrc,TDst}"/>, batch throughput over the test rows, the model file's size, the
/// process's peak working set while scoring, and the time to load the model. Run only for a model with an
/// <c>MlPerformanceGate</c>: it takes a few seconds.
/// </summary>
internal static class PerformanceProbe
{
    public const string LatencyP50 = "LatencyP50Ms", LatencyP95 = "LatencyP95Ms", LatencyP99 = "LatencyP99Ms";
    public const string Throughput = "ThroughputRowsPerSecond", ModelSize = "ModelSizeMB", PeakMemory = "PeakMemoryMB", LoadTime = "LoadTimeMs";

    /// <summary>The names an <c>MlPerformanceGate</c> may use.</summary>
    public static IReadOnlyList<string> Names { get; } = [LatencyP50, LatencyP95, LatencyP99, Throughput, ModelSize, PeakMemory, LoadTime];

    private const int WarmUp = 200, LatencyPredictions = 2000, LoadRuns = 5;
    private static readonly TimeSpan LatencyBudget = TimeSpan.FromSeconds(1), ThroughputBudget = TimeSpan.FromSeconds(0.5);

    public static PerformanceReport Measure(ModelBase model, MLContext ml, string modelPath, IDataView test)
    {
        var loads = new double[LoadRuns];
        ITransformer trained = ml.Model.Load(modelPath, out _); // the first load pays for JIT, not for the model
        for (int i = 0; i < LoadRuns; i++)
        {
            var clock = Stopwatch.StartNew();
            trained = ml.Model.Load(modelPath, out _);
            loads[i] = clock.Elapsed.TotalMilliseconds;
        }

        using var memory = new PeakWorkingSet();
        var latencies = (double[])typeof(PerformanceProbe).GetMethod(nameof(Latencies), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(model.InputType).Invoke(null, [ml, trained, test, model.Task])!;
        var (rows, seconds) = Batch(trained, test);
        Array.Sort(latencies);
        return new PerformanceReport(
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99), latencies.Length,
            rows / seconds, rows, new FileInfo(modelPath).Length / 1048576.0, memory.PeakBytes / 1048576.0, Median(loads));
    }

    /// <summary>One prediction at a time over the test rows (cycled), after a warm-up, as a request handler makes them.</summary>
    private static double[] Latencies<TInput>(MLContext ml, ITransformer trained, IDataView test, ModelTask task) where TInput : class, new()
    {
        var rows = ml.Data.CreateEnumerable<TInput>(test, reuseRowObject: false).Take(LatencyPredictions).ToArray();
        if (rows.Length == 0) return [];
        var latencies = new List<double>(LatencyPredictions);
        var budget = Stopwatch.StartNew();
        if (task == ModelTask.MulticlassClassification)
        {
            using var engine = ml.Model.CreatePredictionEngine<TInput, VectorScore>(trained, ignoreMissingColumns: true);
            Time(i => engine.Predict(rows[i % rows.Length]), latencies, budget);
        }
        else
        {
            using var engine = ml.Model.CreatePredictionEngine<TInput, ScalarScore>(trained, ignoreMissingColumns: true);
            Time(i => engine.Predict(rows[i % rows.Length]), latencies, budget);
        }

        return latencies.ToArray();
    }

    private static void Time(Action<int> predict, List<double> latencies, Stopwatch budget)
    {
        for (int i = 0; i < WarmUp; i++) predict(i);
        for (int i = 0; i < LatencyPredictions && (i < 200 || budget.Elapsed < LatencyBudget); i++)
        {
            long start = Stopwatch.GetTimestamp();
            predict(i);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    /// <summary>Whole passes over the test rows, reading every score, for at least half a second: rows per second.</summary>
    private static (long Rows, double Seconds) Batch(ITransformer trained, IDataView test)
    {
        var scored = trained.Transform(test);
        var score = scored.Schema["Score"];
        long rows = 0;
        Pass(scored, score); // warm
        var clock = Stopwatch.StartNew();
        do rows += Pass(scored, score);
        while (clock.Elapsed < ThroughputBudget);
        return (rows, clock.Elapsed.TotalSeconds);
    }

    private static long Pass(IDataView scored, DataViewSchema.Column score)
    {
        long n = 0;
        using var cursor = scored.GetRowCursor([score]);
        if (score.Type is VectorDataViewType)
        {
            var get = cursor.GetGetter<VBuffer<float>>(score);
            VBuffer<float> value = default;
            while (cursor.MoveNext()) { get(ref value); n++; }
        }
        else
        {
            var get = cursor.GetGetter<float>(score);
            float value = 0;
            while (cursor.MoveNext()) { get(ref value); n++; }
        }

        return n;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>Every trainer of ML.NET writes a Score column: reading it makes the engine run the whole model.</summary>
    private sealed class ScalarScore
    {
        public float Score { get; set; }
    }

    private sealed class VectorScore
    {
        public float[] Score { get; set; } = [];
    }

    /// <summary>Samples the process's working set every few milliseconds while it lives: the peak of what scoring needs.</summary>
    private sealed class PeakWorkingSet : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public PeakWorkingSet()
        {
            Sample();
            _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(5));
        }

        public long PeakBytes
        {
            get
            {
                Sample();
                return Interlocked.Read(ref _peak);
            }
        }

        public void Dispose() => _timer.Dispose();

        private void Sample()
        {
            using var self = Process.GetCurrentProcess();
            long now = self.WorkingSet64;
            long seen;
            while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen) { }
        }
    }
}
