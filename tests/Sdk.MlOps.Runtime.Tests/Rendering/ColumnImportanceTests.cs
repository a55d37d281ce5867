using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Sdk.MlOps.Reports.Rendering;

namespace Sdk.MlOps.Runtime.Tests.Rendering;

[TestClass]
public sealed class ColumnImportanceTests
{
    public sealed class Row
    {
        public float Signal { get; set; }
        public float Noise { get; set; }
        public bool Label { get; set; }
    }

    public sealed class Mixed
    {
        public string Text { get; set; } = "";

        [VectorType(2)]
        public float[] Pair { get; set; } = [0, 0];

        public int Number { get; set; }
    }

    [TestMethod]
    public void TheColumnThatCarriesTheSignalDropsTheMetric_TheNoiseColumnDoesNot()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(1, 1000));
        var test = ml.Data.LoadFromEnumerable(Rows(2, 600));
        var model = ml.Transforms.Concatenate("Features", nameof(Row.Signal), nameof(Row.Noise))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1, MaximumNumberOfIterations = 30 }))
            .Fit(train);

        var importance = ColumnImportance.Compute(ml, model, test, [nameof(Row.Noise), nameof(Row.Signal)],
            scored => ml.BinaryClassification.Evaluate(scored).AreaUnderRocCurve, higherIsBetter: true, seed: 7);

        CollectionAssert.AreEqual(new[] { "Noise", "Signal" }, importance.Select(i => i.Column).ToArray(), "in the order asked");
        var (noise, signal) = (importance[0], importance[1]);
        Assert.AreEqual(ml.BinaryClassification.Evaluate(model.Transform(test)).AreaUnderRocCurve, signal.Baseline, 1e-12);
        Assert.IsGreaterThan(0.9, signal.Baseline);
        Assert.IsGreaterThan(0.3, signal.Drop, "shuffled, the signal column leaves about a coin toss");
        Assert.AreEqual(0, noise.Drop, 0.02, "the noise column changes nothing");
        Assert.AreEqual(signal.Baseline - signal.Shuffled, signal.Drop, 1e-12);

        var again = ColumnImportance.Compute(ml, model, test, [nameof(Row.Signal)], scored => ml.BinaryClassification.Evaluate(scored).AreaUnderRocCurve, true, seed: 7);
        Assert.AreEqual(signal.Drop, again.Single().Drop, "the same seed shuffles alike");
    }

    [TestMethod]
    public void LowerIsBetterMetrics_DropIsTheRise()
    {
        var ml = new MLContext(seed: 1);
        var test = ml.Data.LoadFromEnumerable(Rows(2, 300));
        var model = ml.Transforms.Concatenate("Features", nameof(Row.Signal), nameof(Row.Noise))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1, MaximumNumberOfIterations = 30 }))
            .Fit(ml.Data.LoadFromEnumerable(Rows(1, 500)));

        var signal = ColumnImportance.Compute(ml, model, test, [nameof(Row.Signal)], scored => ml.BinaryClassification.Evaluate(scored).LogLoss, higherIsBetter: false, seed: 1).Single();

        Assert.IsGreaterThan(signal.Baseline, signal.Shuffled);
        Assert.AreEqual(signal.Shuffled - signal.Baseline, signal.Drop, 1e-12);
    }

    [TestMethod]
    public void AnUnknownColumnIsNamed() =>
        Assert.Contains("'Nope'", Assert.ThrowsExactly<ArgumentException>(() =>
        {
            var ml = new MLContext(seed: 1);
            var test = ml.Data.LoadFromEnumerable(Rows(2, 10));
            ColumnImportance.Compute(ml, ml.Transforms.CopyColumns("X", nameof(Row.Signal)).Fit(test), test, ["Nope"], _ => 0, true, 1);
        }).Message);

    [TestMethod]
    public void TheShuffledViewPermutesOneColumn_TextVectorsAndNumbersAlike()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 6).Select(i => new Mixed { Text = "t" + i, Pair = [i, 10 * i], Number = i }).ToArray();
        var view = ml.Data.LoadFromEnumerable(rows);
        int[] order = [5, 4, 3, 2, 1, 0];

        foreach (var name in new[] { nameof(Mixed.Text), nameof(Mixed.Pair), nameof(Mixed.Number) })
        {
            var column = view.Schema[name];
            var shuffled = ml.Data.CreateEnumerable<Mixed>(new ShuffledColumnView(view, column, ColumnValues.Read(view, column), order), reuseRowObject: false).ToArray();
            for (var i = 0; i < rows.Length; i++)
            {
                var from = name == nameof(Mixed.Text) ? order[i] : i;
                Assert.AreEqual("t" + from, shuffled[i].Text, name);
                from = name == nameof(Mixed.Pair) ? order[i] : i;
                CollectionAssert.AreEqual(new float[] { from, 10 * from }, shuffled[i].Pair, name);
                from = name == nameof(Mixed.Number) ? order[i] : i;
                Assert.AreEqual(from, shuffled[i].Number, name);
            }
        }
    }

    private static Row[] Rows(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var signal = random.NextSingle() * 2 - 1;
            return new Row { Signal = signal, Noise = random.NextSingle() * 2 - 1, Label = signal + 0.2f * (random.NextSingle() - 0.5f) > 0 };
        }).ToArray();
    }
}
