using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Runtime.Tests.Statistics;

/// <summary>
/// Small real ML.NET models of each task, trained once on seeded generated rows and scored on a test set of their
/// own, for the statistics tests. SDCA runs on one thread and every trainer is seeded, so each run scores alike.
/// </summary>
internal static class ScoredModels
{
    public const int TestRows = 1000;

    public sealed class Point
    {
        public float A { get; set; }
        public float B { get; set; }
        public float C { get; set; }
        public float D { get; set; }
        public bool Label { get; set; }
    }

    public sealed class Reading
    {
        public float A { get; set; }
        public float B { get; set; }
        public float C { get; set; }
        public float D { get; set; }
        public float Label { get; set; }
    }

    public sealed class Incident
    {
        public float A { get; set; }
        public float B { get; set; }
        public float C { get; set; }
        public string Team { get; set; } = "";
    }

    /// <summary>
    /// A model's output on the test rows, with the context that made it. <see cref="ScoreRows"/> scores the given
    /// test rows, in that order and repeated as often as listed: a resample made real.
    /// </summary>
    public sealed record Scored(MLContext Ml, ModelTask Task, IDataView View, Func<IReadOnlyList<int>, IDataView> ScoreRows)
    {
        public IReadOnlyDictionary<string, double> MlNetMetrics => Evaluation.Evaluate(Ml, Task, View, "Label");

        public IReadOnlyDictionary<string, double> MlNetMetricsOf(IReadOnlyList<int> rows) => Evaluation.Evaluate(Ml, Task, ScoreRows(rows), "Label");

        public RowOutcomes Outcomes(ClassNames? classes = null) => RowOutcomes.From(Task, View, "Label", classes ?? new ClassNames());
    }

    private static readonly Lazy<(Point[] Train, Point[] Test)> BinaryRows = new(() => (Binary(1, 2000), Binary(2, TestRows)));
    private static readonly Lazy<(Reading[] Train, Reading[] Test)> RegressionRows = new(() => (Regression(3, 2000), Regression(4, TestRows)));
    private static readonly Lazy<(Incident[] Train, Incident[] Test)> MulticlassRows = new(() => (Multiclass(5, 2000), Multiclass(6, TestRows)));
    private static readonly Lazy<(Reading[] Train, Reading[] Test)> AnomalyRows = new(() => (Anomalies(7, 1000), Anomalies(8, TestRows)));

    private static readonly Lazy<Scored> LogisticModel = new(() => Logistic(1e-4f));
    private static readonly Lazy<Scored> ShuffledLogisticModel = new(() => Logistic(1e-4f, shuffleLabels: true));

    public static Scored LogisticRegression => LogisticModel.Value;

    /// <summary>The same trainer on the same rows with the labels shuffled: no better than chance.</summary>
    public static Scored ShuffledLogisticRegression => ShuffledLogisticModel.Value;

    public static Scored Logistic(float l2, bool shuffleLabels = false) => Binary(ml =>
        ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
        {
            NumberOfThreads = 1, L2Regularization = l2, MaximumNumberOfIterations = 30,
        }), shuffleLabels);

    /// <summary>Three trees of four leaves: a handful of distinct scores, so most rows tie with others.</summary>
    public static Scored FewTrees() => Binary(ml => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
    {
        NumberOfTrees = 3, NumberOfLeaves = 4, MinimumExampleCountPerLeaf = 50, NumberOfThreads = 1,
    }));

    /// <summary>No calibrator: no Probability column, so ML.NET reports no log-loss.</summary>
    public static Scored NonCalibrated() => Binary(ml => ml.BinaryClassification.Trainers.SdcaNonCalibrated(new SdcaNonCalibratedBinaryTrainer.Options
    {
        NumberOfThreads = 1, MaximumNumberOfIterations = 30,
    }));

    public static Scored Sdca(bool shuffleLabels = false)
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = RegressionRows.Value;
        var pipeline = ml.Transforms.Concatenate("Features", "A", "B", "C", "D")
            .Append(ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1, MaximumNumberOfIterations = 30 }));
        return Fit(ml, ModelTask.Regression, pipeline, shuffleLabels ? Relabel(train) : train, test);
    }

    public static Scored Pca()
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = AnomalyRows.Value;
        var pipeline = ml.Transforms.Concatenate("Features", "A", "B", "C", "D")
            .Append(ml.AnomalyDetection.Trainers.RandomizedPca(new RandomizedPcaTrainer.Options { Rank = 1, Seed = 1 }));
        return Fit(ml, ModelTask.AnomalyDetection, pipeline, train, test);
    }

    /// <summary>
    /// Teams as strings mapped to keys, the prediction mapped back to a string, as a user's pipeline does. The key of
    /// each team is the order the training rows first show it: <paramref name="order"/> sorts them to set that order.
    /// </summary>
    public static Scored Maxent(Func<IEnumerable<Incident>, IEnumerable<Incident>> order, float l2 = 1e-4f)
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = MulticlassRows.Value;
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Incident.Team))
            .Append(ml.Transforms.Concatenate("Features", "A", "B", "C"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                NumberOfThreads = 1, L2Regularization = l2, MaximumNumberOfIterations = 30,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        return Fit(ml, ModelTask.MulticlassClassification, pipeline, order(train).ToArray(), test);
    }

    public static readonly string[] Teams = ["storage", "network", "compute", "database"];

    private static Scored Binary(Func<MLContext, IEstimator<ITransformer>> trainer, bool shuffleLabels = false)
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = BinaryRows.Value;
        var pipeline = ml.Transforms.Concatenate("Features", "A", "B", "C", "D").Append(trainer(ml));
        return Fit(ml, ModelTask.BinaryClassification, pipeline, shuffleLabels ? Relabel(train) : train, test);
    }

    private static Scored Fit<T>(MLContext ml, ModelTask task, IEstimator<ITransformer> pipeline, T[] train, T[] test) where T : class
    {
        var model = pipeline.Fit(ml.Data.LoadFromEnumerable(train));
        // Cached: the scored view is read by ML.NET's evaluator and by the outcomes, and must be the same rows for both.
        return new Scored(ml, task, ml.Data.Cache(model.Transform(ml.Data.LoadFromEnumerable(test))),
            rows => ml.Data.Cache(model.Transform(ml.Data.LoadFromEnumerable(rows.Select(i => test[i]).ToArray()))));
    }

    /// <summary>Copies of the rows with their labels permuted: the features no longer tell the label.</summary>
    private static Point[] Relabel(Point[] rows) =>
        rows.Zip(Permuted(rows.Select(r => r.Label)), (r, label) => new Point { A = r.A, B = r.B, C = r.C, D = r.D, Label = label }).ToArray();

    private static Reading[] Relabel(Reading[] rows) =>
        rows.Zip(Permuted(rows.Select(r => r.Label)), (r, label) => new Reading { A = r.A, B = r.B, C = r.C, D = r.D, Label = label }).ToArray();

    private static T[] Permuted<T>(IEnumerable<T> values)
    {
        var random = new Random(99);
        return values.OrderBy(_ => random.Next()).ToArray();
    }

    private static float Uniform(Random random) => random.NextSingle() * 2 - 1;

    private static float Normal(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    /// <summary>A linear rule with noise: a model gets most rows right, not all.</summary>
    private static Point[] Binary(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            float a = Uniform(random), b = Uniform(random), c = Uniform(random), d = Uniform(random);
            return new Point { A = a, B = b, C = c, D = d, Label = 1.5f * a - b + 0.5f * c + 0.6f * Normal(random) > 0 };
        }).ToArray();
    }

    private static Reading[] Regression(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            float a = Uniform(random), b = Uniform(random), c = Uniform(random), d = Uniform(random);
            return new Reading { A = a, B = b, C = c, D = d, Label = 10 + 3 * a - 2 * b + c + 0.8f * Normal(random) };
        }).ToArray();
    }

    /// <summary>Four teams around four centres with overlap, in random order.</summary>
    private static Incident[] Multiclass(int seed, int count)
    {
        var random = new Random(seed);
        float[][] centres = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]];
        return Enumerable.Range(0, count).Select(_ =>
        {
            var team = random.Next(Teams.Length);
            var c = centres[team];
            return new Incident
            {
                A = c[0] + 0.6f * Normal(random), B = c[1] + 0.6f * Normal(random), C = c[2] + 0.6f * Normal(random), Team = Teams[team],
            };
        }).ToArray();
    }

    /// <summary>Points near a line through 4-D space; one in ten is off it (label 1, an anomaly) by a varying amount.</summary>
    private static Reading[] Anomalies(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var t = Uniform(random) * 3;
            var anomaly = random.NextDouble() < 0.1;
            var off = anomaly ? 0.3f + random.NextSingle() : 0.3f;
            return new Reading
            {
                A = t + off * Normal(random), B = 2 * t + off * Normal(random), C = -t + off * Normal(random), D = 0.5f * t + off * Normal(random),
                Label = anomaly ? 1 : 0,
            };
        }).ToArray();
    }
}
