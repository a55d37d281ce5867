using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Data;
using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>
/// The same pipeline trained as a plain ML.NET program (LoadFromTextFile, Fit, Evaluate) and on the engine's data
/// path gives the same metrics to the last bit: the engine reads the values, the rows and their order ML.NET reads.
/// </summary>
[TestClass]
public sealed class ParityTests
{
    public sealed class Review
    {
        [LoadColumn(0)] public string Text { get; set; } = "";
        [LoadColumn(1)] public float Stars { get; set; }
        [LoadColumn(2)] public float Length { get; set; }
        [LoadColumn(3)] public bool Label { get; set; }
    }

    public sealed class ReviewModel : BinaryClassificationModel<Review>
    {
        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) => Build(ml);

        public static IEstimator<ITransformer> Build(MLContext ml) =>
            ml.Transforms.Text.FeaturizeText("TextFeatures", nameof(Review.Text))
                .Append(ml.Transforms.Concatenate("Features", "TextFeatures", nameof(Review.Stars), nameof(Review.Length)))
                .Append(ml.Transforms.NormalizeMinMax("Features"))
                .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(new() { NumberOfThreads = 1, MaximumNumberOfIterations = 20 }));
    }

    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    private static readonly string[] Words = ["good", "bad", "great", "awful", "fine", "slow", "fast", "broken", "works", "meh"];

    /// <summary>Seeded rows; <paramref name="format"/> writes one row's fields as the case needs.</summary>
    private static string Rows(int seed, int count, Func<Random, int, string, float, float, bool, string> format)
    {
        var random = new Random(seed);
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            var words = Enumerable.Range(0, random.Next(2, 6)).Select(_ => Words[random.Next(Words.Length)]).ToArray();
            float stars = random.Next(1, 6), length = MathF.Round(random.NextSingle() * 300, 2);
            bool label = words.Count(w => w is "good" or "great" or "fine" or "fast" or "works") * 2 + stars + random.Next(-2, 3) > 6;
            sb.Append(format(random, i, string.Join(' ', words), stars, length, label)).Append('\n');
        }

        return sb.ToString();
    }

    private static string F(float x) => x.ToString(CultureInfo.InvariantCulture);

    private sealed record Case(string Train, string Test, char Separator, bool HasHeader, bool AllowQuoting, int SkipRows = 0, bool TrimWhitespace = false);

    /// <summary>Plain ML.NET on the files as they are (minus the skipped lines, which ML.NET cannot skip), and the engine.</summary>
    private void AssertSameMetrics(Case c)
    {
        var train = _dir.File("train.txt", c.Train);
        var test = _dir.File("test.txt", c.Test);

        var plainMl = new MLContext(seed: 42);
        IDataView Plain(string path, string text)
        {
            if (c.SkipRows > 0) path = _dir.File("plain-" + Path.GetFileName(path), string.Join('\n', text.Split('\n').Skip(c.SkipRows)));
            return plainMl.Data.LoadFromTextFile<Review>(path, c.Separator, c.HasHeader, c.AllowQuoting, c.TrimWhitespace);
        }

        var plainTrain = Plain(train, c.Train);
        var plainModel = ReviewModel.Build(plainMl).Fit(plainTrain);
        var plain = plainMl.BinaryClassification.Evaluate(plainModel.Transform(Plain(test, c.Test)));

        DataFile Item(string path) => new()
        {
            Path = path, Name = Path.GetFileName(path), Separator = c.Separator.ToString(), HasHeader = c.HasHeader,
            AllowQuoting = c.AllowQuoting, SkipRows = c.SkipRows, TrimWhitespace = c.TrimWhitespace, ReadMultilines = false,
        };
        var request = TestData.Request(_dir.Path, Item(train));
        request.TestData = [Item(test)];
        var engineMl = new MLContext(seed: 42);
        var data = PreparedData.Load(new ReviewModel(), engineMl, request, new CapturedReporter().Reporter);
        var engineModel = new ReviewModel().Pipeline(engineMl, new ModelParameters([])).Fit(data.Train);
        var engine = engineMl.BinaryClassification.Evaluate(engineModel.Transform(data.Test));

        Assert.IsGreaterThan(0.6, plain.Accuracy, "the case must learn something for equal metrics to mean anything");
        Assert.AreEqual(plain.LogLoss, engine.LogLoss, $"log-loss; accuracy {plain.Accuracy} vs {engine.Accuracy}");
        Assert.AreEqual(plain.Accuracy, engine.Accuracy);
        Assert.AreEqual(plain.AreaUnderRocCurve, engine.AreaUnderRocCurve);
        Assert.AreEqual(plain.F1Score, engine.F1Score);
        CollectionAssert.AreEqual(Scores(plainModel, plainTrain), Scores(engineModel, data.Train));
    }

    private static float[] Scores(ITransformer model, IDataView data) =>
        model.Transform(data).GetColumn<float>("Score").ToArray();

    [TestMethod]
    public void LeadingSpacesAndEmptyFields()
    {
        string Row(Random r, int i, string text, float stars, float length, bool label) =>
            $"{new string(' ', i % 3)}{text},  {(i % 7 == 0 ? "" : F(stars))}, {F(length)} ,{(label ? "true" : " false")}";

        AssertSameMetrics(new("Text,Stars,Length,Label\n" + Rows(1, 400, Row), "Text,Stars,Length,Label\n" + Rows(2, 150, Row), ',', true, false));
    }

    [TestMethod]
    public void QuotedFieldsWithSeparatorsAndDoubledQuotes()
    {
        string Row(Random r, int i, string text, float stars, float length, bool label) =>
            $"\"{text.Replace(" ", i % 2 == 0 ? ", " : " \"\"")}\",{F(stars)},\"{F(length)}\",{label}";

        AssertSameMetrics(new("Text,Stars,Length,Label\n" + Rows(3, 400, Row), "Text,Stars,Length,Label\n" + Rows(4, 150, Row), ',', true, true));
    }

    [TestMethod]
    public void NoHeaderTabsAndTrailingWhitespace()
    {
        string Row(Random r, int i, string text, float stars, float length, bool label) =>
            $"{(i % 4 == 0 ? "  " : "")}{text}\t{F(stars)}\t{F(length)}\t{(label ? 1 : 0)}{(i % 5 == 0 ? "  " : "")}";

        AssertSameMetrics(new(Rows(5, 400, Row), Rows(6, 150, Row), '\t', false, false, TrimWhitespace: true));
    }

    [TestMethod]
    public void SkippedRowsCommentsAndBlankLines()
    {
        string Row(Random r, int i, string text, float stars, float length, bool label) =>
            (i % 50 == 0 ? "// a comment line\n\n" : "") + $"{text};{F(stars)};{F(length)};{label}";
        const string Preamble = "exported 2024-05-01\nsource: reviews\n";

        AssertSameMetrics(new(Preamble + "Text;Stars;Length;Label\n" + Rows(7, 400, Row), Preamble + "Text;Stars;Length;Label\n" + Rows(8, 150, Row), ';', true, true, SkipRows: 2));
    }

    public sealed class Point
    {
        [LoadColumn(0)] public string Series { get; set; } = "";
        [LoadColumn(1)] public string Timestamp { get; set; } = "";
        [LoadColumn(2, 11)] public float[] Features { get; set; } = [];
        [LoadColumn(12)] public bool Label { get; set; }
    }

    public sealed class PointModel : BinaryClassificationModel<Point>
    {
        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
            ml.Transforms.NormalizeMinMax("Features")
                .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(new() { NumberOfThreads = 1, MaximumNumberOfIterations = 10 }));
    }

    /// <summary>The sample's real server metrics: a float vector by position, a bool label, 15,862 rows.</summary>
    [TestMethod]
    public void RealMetricsSample()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Sdk.MlOps.sln"))) root = Path.GetDirectoryName(root)!;
        var train = Path.Combine(root, "samples", "MetricAnomaly", "data", "metrics-train.csv");
        var test = Path.Combine(root, "samples", "MetricAnomaly", "data", "metrics-test.csv");
        var model = new PointModel();

        var plainMl = new MLContext(seed: 42);
        var plainTrain = plainMl.Data.LoadFromTextFile<Point>(train, ',', hasHeader: true);
        var plainModel = model.Pipeline(plainMl, new ModelParameters([])).Fit(plainTrain);
        var plain = plainMl.BinaryClassification.Evaluate(plainModel.Transform(plainMl.Data.LoadFromTextFile<Point>(test, ',', hasHeader: true)));

        var request = TestData.Request(Path.GetTempPath(), TestData.Csv(train));
        request.TestData = [TestData.Csv(test)];
        var engineMl = new MLContext(seed: 42);
        var data = PreparedData.Load(model, engineMl, request, new CapturedReporter().Reporter);
        var engineModel = model.Pipeline(engineMl, new ModelParameters([])).Fit(data.Train);
        var engine = engineMl.BinaryClassification.Evaluate(engineModel.Transform(data.Test));

        Assert.AreEqual(plain.AreaUnderRocCurve, engine.AreaUnderRocCurve);
        Assert.AreEqual(plain.LogLoss, engine.LogLoss);
        Assert.AreEqual(plain.Accuracy, engine.Accuracy);
    }

    /// <summary>MlOpsSplit=MLNet holds out exactly the rows ML.NET's TrainTestSplit holds out with the same seed.</summary>
    [TestMethod]
    public void MLNetSplitHoldsOutTheRowsTrainTestSplitDoes()
    {
        string Row(Random r, int i, string text, float stars, float length, bool label) => $"{text},{F(stars)},{F(length)},{label}";
        var path = _dir.File("train.csv", "Text,Stars,Length,Label\n" + Rows(9, 300, Row));
        var request = TestData.Request(_dir.Path, TestData.Csv(path));
        request.Split = SplitMethod.MLNet;
        request.TestFraction = 0.25;

        var data = PreparedData.Load(new ReviewModel(), new MLContext(request.Seed), request, new CapturedReporter().Reporter);

        var ml = new MLContext(request.Seed);
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromTextFile<Review>(path, ',', hasHeader: true, allowQuoting: true), 0.25, seed: request.Seed);
        var expected = split.TestSet.GetColumn<float>(nameof(Review.Length)).ToArray();
        CollectionAssert.AreEqual(expected, data.Test.GetColumn<float>(nameof(Review.Length)).ToArray());
        Assert.AreEqual(expected.Length, data.TestRows);
        Assert.AreEqual(300 - expected.Length, data.TrainRows);
    }
}
