using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Sdk.MlOps;
using Sdk.MlOps.Statistics;

namespace Bench;

/// <summary>
/// Figure 6: the champion/candidate comparison's paired bootstrap, in process: 10,000 test rows × 1,000 resamples of
/// one metric, for a binary AreaUnderRocCurve (sorted once, a pass over runs of equal scores per resample) and a
/// multiclass MacroAccuracy. The models are real (SDCA, one thread, two regularizations); only
/// <see cref="PairedBootstrap.Compare"/> is timed, after a warm-up, a different seed each run. It needs no packed SDK.
/// </summary>
internal static class Bootstrap
{
    public const int Rows = 10_000;
    public const int Resamples = 1_000;
    public const int Runs = 7;
    public const double GoalSeconds = 1;

    /// <summary>Only this figure (<c>--figure 6</c>): no workspace, no SDK to pack, so the table is printed here.</summary>
    public static int Alone(string machine)
    {
        var notes = new Notes();
        Console.WriteLine($"6. paired bootstrap: {Rows:N0} rows × {Resamples:N0} resamples, {Runs} runs each after a warm-up");
        var rows = Run(notes).ToList();
        Console.WriteLine();
        Console.WriteLine($"Machine: {machine}; 1-minute load average {Table.Load()}");
        Console.WriteLine("| # | Figure | Measured (median) | Goal | Result |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var r in rows) Console.WriteLine($"| {r.Id} | {r.Figure} | {r.Measured} | {r.Goal} | {r.Result} |");
        Console.WriteLine();
        Console.WriteLine("Details:");
        foreach (var (id, text) in notes.All) Console.WriteLine($"  [{id}] {text}");
        return 0;
    }

    public static IEnumerable<Row> Run(Notes notes)
    {
        var ml = new MLContext(seed: 1);
        var clock = Stopwatch.StartNew();
        var binary = Pair(ml, ModelTask.BinaryClassification, Binary(ml));
        var multiclass = Pair(ml, ModelTask.MulticlassClassification, Multiclass(ml));
        notes.Add("6", $"setup (generate, train 2 × 2 SDCA models, score and read {Rows:N0} rows each): {Stats.F(clock.Elapsed.TotalSeconds)} s, not timed");

        yield return Measure(notes, "6-auc", "Paired bootstrap, binary AreaUnderRocCurve", "AreaUnderRocCurve", binary);
        yield return Measure(notes, "6-macro", "Paired bootstrap, multiclass MacroAccuracy", "MacroAccuracy", multiclass);
    }

    private static Row Measure(Notes notes, string id, string figure, string metric, (RowOutcomes Candidate, RowOutcomes Champion) pair)
    {
        PairedDifference Compare(int seed) => PairedBootstrap.Compare(metric, pair.Candidate, pair.Champion, 0.95, Resamples, seed)
            ?? throw new InvalidOperationException($"{metric} has no row-weighted form");
        var result = Compare(seed: 0); // warm-up: JIT and tiering
        var seconds = new List<double>();
        for (var run = 1; run <= Runs; run++)
        {
            var clock = Stopwatch.StartNew();
            Compare(run);
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        var median = Stats.Median(seconds);
        notes.Add(id, $"{metric}: {Stats.Describe(seconds, "s", "0.000")}; candidate {Stats.F(result.Candidate, "0.0000")} vs champion " +
                      $"{Stats.F(result.Champion, "0.0000")}, difference {Stats.F(result.Difference, "+0.0000;-0.0000")}, 95% interval " +
                      $"[{Stats.F(result.Lower, "+0.0000;-0.0000")}, {Stats.F(result.Upper, "+0.0000;-0.0000")}] of {result.Resamples} resamples");
        return new Row(id, $"{figure}, {Rows:N0} rows × {Resamples:N0} resamples", $"**{Stats.F(median, "0.000")} s** ({Runs} runs, " +
            $"{Stats.F(seconds.Min(), "0.000")}–{Stats.F(seconds.Max(), "0.000")})", $"< {GoalSeconds} s", median < GoalSeconds);
    }

    /// <summary>Two regularizations of one trainer, both scored on the same test rows and read into one class list.</summary>
    private static (RowOutcomes Candidate, RowOutcomes Champion) Pair(MLContext ml, ModelTask task,
        (IDataView Train, IDataView Test, Func<float, IEstimator<ITransformer>> Pipeline) data)
    {
        var classes = new ClassNames();
        RowOutcomes Outcomes(float l2) =>
            RowOutcomes.From(task, ml.Data.Cache(data.Pipeline(l2).Fit(data.Train).Transform(data.Test)), "Label", classes);
        return (Outcomes(1e-3f), Outcomes(1e-1f));
    }

    public sealed class Point
    {
        public float A { get; set; }
        public float B { get; set; }
        public float C { get; set; }
        public float D { get; set; }
        public bool Label { get; set; }
        public string Team { get; set; } = "";
    }

    private static (IDataView, IDataView, Func<float, IEstimator<ITransformer>>) Binary(MLContext ml) =>
        (ml.Data.LoadFromEnumerable(Points(1, 5_000)), ml.Data.LoadFromEnumerable(Points(2, Rows)), l2 =>
            ml.Transforms.Concatenate("Features", "A", "B", "C", "D")
                .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
                {
                    NumberOfThreads = 1, L2Regularization = l2, MaximumNumberOfIterations = 20,
                })));

    private static (IDataView, IDataView, Func<float, IEstimator<ITransformer>>) Multiclass(MLContext ml) =>
        (ml.Data.LoadFromEnumerable(Points(3, 5_000)), ml.Data.LoadFromEnumerable(Points(4, Rows)), l2 =>
            ml.Transforms.Conversion.MapValueToKey("Label", nameof(Point.Team))
                .Append(ml.Transforms.Concatenate("Features", "A", "B", "C", "D"))
                .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
                {
                    NumberOfThreads = 1, L2Regularization = l2, MaximumNumberOfIterations = 20,
                }))
                .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")));

    /// <summary>Seeded rows: a noisy linear rule for the binary label, five teams around five centres.</summary>
    private static Point[] Points(int seed, int count)
    {
        var random = new Random(seed);
        float U() => random.NextSingle() * 2 - 1;
        return Enumerable.Range(0, count).Select(_ =>
        {
            float a = U(), b = U(), c = U(), d = U();
            var team = random.Next(5);
            return new Point
            {
                A = a + 0.8f * (team == 1 ? 1 : 0), B = b + 0.8f * (team == 2 ? 1 : 0), C = c + 0.8f * (team == 3 ? 1 : 0), D = d + 0.8f * (team == 4 ? 1 : 0),
                Label = 1.5f * a - b + 0.5f * c + 0.8f * U() > 0, Team = "team" + team,
            };
        }).ToArray();
    }
}
