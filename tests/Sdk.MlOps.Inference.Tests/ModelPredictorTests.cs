using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Inference.Tests;

/// <summary>Predictions: the same answers as ML.NET's own engine, in the typed shape of each task.</summary>
[TestClass]
public sealed class ModelPredictorTests
{
    private static readonly MLContext s_ml = new(seed: 1);

    [TestMethod]
    public void Multiclass_predictions_match_a_plain_prediction_engine()
    {
        using var predictor = new ModelPredictor<Ticket>(TrainedModels.TicketsV1);
        var model = s_ml.Model.Load(TrainedModels.TicketsV1, out _);
        using var engine = s_ml.Model.CreatePredictionEngine<Ticket, TicketScores>(model);
        VBuffer<ReadOnlyMemory<char>> slots = default;
        engine.OutputSchema["Score"].GetSlotNames(ref slots);
        var classes = slots.DenseValues().Select(s => s.ToString()).ToArray();
        CollectionAssert.AreEquivalent(TrainedModels.ClassesV1, classes);

        var labels = new HashSet<string>();
        foreach (var ticket in TrainedModels.SampleTickets)
        {
            var expected = engine.Predict(ticket);
            var actual = predictor.Predict(ticket);
            Assert.AreEqual(expected.PredictedLabel, actual.Label, ticket.Text);
            Assert.AreEqual(expected.Score[Array.IndexOf(classes, expected.PredictedLabel)], actual.Score, 1e-6f, ticket.Text);
            for (int i = 0; i < classes.Length; i++)
                Assert.AreEqual(expected.Score[i], actual.ScoreOf(classes[i]), 1e-6f, $"{ticket.Text}: {classes[i]}");
            Assert.IsNull(actual.Probability);
            labels.Add(actual.Label!);
        }

        // The samples are one of each class: a model that always answers the same class would not do here.
        CollectionAssert.IsSubsetOf(new[] { "network", "storage", "security" }, labels.ToArray());
        Assert.AreEqual(ModelTask.MulticlassClassification, predictor.Identity.Task);
    }

    [TestMethod]
    public void Multiclass_scores_are_every_class_highest_first_and_sum_to_one()
    {
        using var predictor = new ModelPredictor<Ticket>(TrainedModels.TicketsV1);
        foreach (var ticket in TrainedModels.SampleTickets)
        {
            var p = predictor.Predict(ticket);
            Assert.HasCount(3, p.Scores);
            CollectionAssert.AreEquivalent(TrainedModels.ClassesV1, p.Scores.Select(s => s.Label).ToArray());
            for (int i = 1; i < p.Scores.Count; i++)
                Assert.IsGreaterThanOrEqualTo(p.Scores[i].Score, p.Scores[i - 1].Score, $"{ticket.Text}: scores not highest first");
            Assert.AreEqual(1.0, p.Scores.Sum(s => (double)s.Score), 1e-4, ticket.Text);
            Assert.AreEqual(p.Scores[0].Label, p.Label, "the predicted class is the most likely one");
            Assert.AreEqual(p.Scores[0].Score, p.Score);
        }
    }

    [TestMethod]
    public void Top_takes_the_most_likely_classes()
    {
        using var predictor = new ModelPredictor<Ticket>(TrainedModels.TicketsV1);
        var p = predictor.Predict(TrainedModels.SampleTickets[0]);

        Assert.IsEmpty(p.Top(0));
        Assert.HasCount(1, p.Top(1));
        Assert.AreEqual(p.Label, p.Top(1)[0].Label);
        CollectionAssert.AreEqual(p.Scores.Take(2).ToArray(), p.Top(2).ToArray());
        CollectionAssert.AreEqual(p.Scores.ToArray(), p.Top(3).ToArray());
        Assert.HasCount(3, p.Top(10));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => p.Top(-1));
    }

    [TestMethod]
    public void ScoreOf_a_class_the_model_does_not_have_names_the_classes_it_has()
    {
        using var predictor = new ModelPredictor<Ticket>(TrainedModels.TicketsV1);
        var p = predictor.Predict(TrainedModels.SampleTickets[1]);

        var e = Assert.ThrowsExactly<KeyNotFoundException>(() => p.ScoreOf("printers"));
        StringAssert.Contains(e.Message, "printers");
        foreach (var c in TrainedModels.ClassesV1) StringAssert.Contains(e.Message, c);
        // Class names are matched exactly.
        Assert.ThrowsExactly<KeyNotFoundException>(() => p.ScoreOf("Network"));
    }

    [TestMethod]
    public void Calibrated_binary_predictions_match_a_plain_engine_with_their_probability()
    {
        using var predictor = new ModelPredictor<Point>(TrainedModels.Calibrated);
        var model = s_ml.Model.Load(TrainedModels.Calibrated, out _);
        using var engine = s_ml.Model.CreatePredictionEngine<Point, PointProbability>(model);

        var labels = new HashSet<string>();
        foreach (var point in TrainedModels.SamplePoints)
        {
            var expected = engine.Predict(point);
            var actual = predictor.Predict(point);
            Assert.AreEqual(expected.PredictedLabel ? "true" : "false", actual.Label);
            Assert.AreEqual(expected.Score, actual.Score, 1e-6f);
            Assert.IsNotNull(actual.Probability, "a calibrated model's prediction has its probability");
            Assert.AreEqual(expected.Probability, actual.Probability.Value, 1e-6f);
            Assert.IsEmpty(actual.Scores);
            labels.Add(actual.Label!);
        }

        CollectionAssert.AreEquivalent(new[] { "false", "true" }, labels.ToArray());
        Assert.AreEqual(ModelTask.BinaryClassification, predictor.Identity.Task);
    }

    [TestMethod]
    public void Uncalibrated_binary_predictions_match_a_plain_engine_without_a_probability()
    {
        using var predictor = new ModelPredictor<Point>(TrainedModels.Uncalibrated);
        var model = s_ml.Model.Load(TrainedModels.Uncalibrated, out var input);
        Assert.IsNull(model.GetOutputSchema(input).GetColumnOrNull("Probability"), "LinearSvm writes no probability");
        using var engine = s_ml.Model.CreatePredictionEngine<Point, PointScore>(model);

        var labels = new HashSet<string>();
        foreach (var point in TrainedModels.SamplePoints)
        {
            var expected = engine.Predict(point);
            var actual = predictor.Predict(point);
            Assert.AreEqual(expected.PredictedLabel ? "true" : "false", actual.Label);
            Assert.AreEqual(expected.Score, actual.Score, 1e-6f);
            Assert.IsNull(actual.Probability);
            labels.Add(actual.Label!);
        }

        CollectionAssert.AreEquivalent(new[] { "false", "true" }, labels.ToArray());
        Assert.AreEqual(ModelTask.BinaryClassification, predictor.Identity.Task);
    }

    [TestMethod]
    public void Regression_predictions_match_a_plain_engine_as_a_number_only()
    {
        using var predictor = new ModelPredictor<House>(TrainedModels.Regression);
        var model = s_ml.Model.Load(TrainedModels.Regression, out _);
        using var engine = s_ml.Model.CreatePredictionEngine<House, HousePrice>(model);

        var scores = new List<float>();
        foreach (var house in TrainedModels.SampleHouses)
        {
            var expected = engine.Predict(house);
            var actual = predictor.Predict(house);
            Assert.AreEqual(expected.Score, actual.Score, 1e-4f);
            Assert.IsNull(actual.Label);
            Assert.IsNull(actual.Probability);
            Assert.IsEmpty(actual.Scores);
            scores.Add(actual.Score);
        }

        // Bigger houses cost more: the model learned something, so the parity above compared real numbers.
        Assert.IsGreaterThan(scores[0], scores[1]);
        Assert.AreEqual(ModelTask.Regression, predictor.Identity.Task);
    }

    [TestMethod]
    public void A_batch_is_predicted_like_each_input_alone_in_its_order()
    {
        using var predictor = new ModelPredictor<Ticket>(TrainedModels.TicketsV1);
        var inputs = TrainedModels.SampleTickets.Concat(TrainedModels.SampleTickets.Reverse()).ToArray();

        var batch = predictor.Predict(inputs);

        Assert.HasCount(inputs.Length, batch);
        for (int i = 0; i < inputs.Length; i++)
        {
            var single = predictor.Predict(inputs[i]);
            Assert.AreEqual(single.Label, batch[i].Label, $"input {i}");
            Assert.AreEqual(single.Score, batch[i].Score, $"input {i}");
            CollectionAssert.AreEqual(single.Scores.ToArray(), batch[i].Scores.ToArray(), $"input {i}");
        }

        Assert.IsEmpty(predictor.Predict([]));
        using var regression = new ModelPredictor<House>(TrainedModels.Regression);
        CollectionAssert.AreEqual(
            TrainedModels.SampleHouses.Select(h => regression.Predict(h).Score).ToArray(),
            regression.Predict(TrainedModels.SampleHouses).Select(p => p.Score).ToArray());
    }

    [TestMethod]
    public void Null_inputs_are_refused()
    {
        using var predictor = new ModelPredictor<Ticket>(TrainedModels.TicketsV1);
        Assert.ThrowsExactly<ArgumentNullException>(() => predictor.Predict((Ticket)null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => predictor.Predict((IEnumerable<Ticket>)null!));
    }

    [TestMethod]
    public void A_small_pool_still_serves_many_threads()
    {
        using var predictor = new ModelPredictor<Ticket>(TrainedModels.TicketsV1, new ModelPredictorOptions { PoolSize = 1 });
        var expected = TrainedModels.SampleTickets.Select(t => predictor.Predict(t).Label).ToArray();

        var answers = new string?[4, 200];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
        {
            for (int i = 0; i < 200; i++) answers[thread, i] = predictor.Predict(TrainedModels.SampleTickets[i % expected.Length]).Label;
        });

        for (int thread = 0; thread < 4; thread++)
            for (int i = 0; i < 200; i++)
                Assert.AreEqual(expected[i % expected.Length], answers[thread, i], $"thread {thread}, call {i}");
    }

    [TestMethod]
    public void Without_a_manifest_the_identity_is_the_file_name_an_unknown_version_and_the_files_hash()
    {
        var folder = TrainedModels.NewFolder();
        var file = TrainedModels.CopyTo(TrainedModels.TicketsV1, folder, "IncidentTriage.zip");

        using var predictor = new ModelPredictor<Ticket>(file);

        Assert.AreEqual("IncidentTriage", predictor.Identity.Name);
        Assert.AreEqual("unknown", predictor.Identity.Version);
        Assert.AreEqual(TrainedModels.Sha256(file), predictor.Identity.Sha256);
        Assert.MatchesRegex("^[0-9a-f]{64}$", predictor.Identity.Sha256);
        Assert.AreEqual(file, predictor.ModelFile);
    }

    [TestMethod]
    public void With_a_manifest_the_identity_is_its_name_and_version()
    {
        var folder = TrainedModels.NewFolder();
        var file = TrainedModels.CopyTo(TrainedModels.TicketsV1, folder);
        TrainedModels.WriteManifest(file, "IncidentTriage", "1.4.2-beta.7");

        using var predictor = new ModelPredictor<Ticket>(file);

        Assert.AreEqual(new ModelIdentity("IncidentTriage", "1.4.2-beta.7", TrainedModels.Sha256(file), ModelTask.MulticlassClassification), predictor.Identity);
    }

    [TestMethod]
    public void A_manifest_hash_in_upper_case_still_names_the_model()
    {
        var folder = TrainedModels.NewFolder();
        var file = TrainedModels.CopyTo(TrainedModels.Calibrated, folder);
        File.WriteAllBytes(Path.Combine(folder, ModelIdentity.ManifestFileName), TrainedModels.Manifest("Failures", "2.0.0", TrainedModels.Sha256(file).ToUpperInvariant()));

        using var predictor = new ModelPredictor<Point>(file);

        Assert.AreEqual("2.0.0", predictor.Identity.Version);
        Assert.AreEqual(TrainedModels.Sha256(file), predictor.Identity.Sha256, "the identity's hash is lower-case hex whatever the manifest's case");
    }

    [TestMethod]
    public void A_manifest_without_a_version_or_a_hash_gives_its_name_and_an_unknown_version()
    {
        var folder = TrainedModels.NewFolder();
        var file = TrainedModels.CopyTo(TrainedModels.Regression, folder);
        File.WriteAllBytes(Path.Combine(folder, ModelIdentity.ManifestFileName), TrainedModels.Manifest("Prices", null, null));

        using var predictor = new ModelPredictor<House>(file);

        Assert.AreEqual("Prices", predictor.Identity.Name);
        Assert.AreEqual("unknown", predictor.Identity.Version);
    }

    [TestMethod]
    public void A_model_that_is_not_the_one_its_manifest_names_is_refused()
    {
        var folder = TrainedModels.NewFolder();
        var file = TrainedModels.CopyTo(TrainedModels.TicketsV1, folder);
        File.WriteAllBytes(Path.Combine(folder, ModelIdentity.ManifestFileName), TrainedModels.Manifest("IncidentTriage", "1.0.0", TrainedModels.Sha256(TrainedModels.TicketsV2)));

        var e = Assert.ThrowsExactly<InvalidDataException>(() => new ModelPredictor<Ticket>(file));
        StringAssert.Contains(e.Message, "model.zip");
    }

    [TestMethod]
    public void A_file_that_is_not_a_model_is_refused()
    {
        var folder = TrainedModels.NewFolder();
        var file = Path.Combine(folder, "model.zip");
        File.WriteAllText(file, "not a zip at all");

        Assert.Throws<Exception>(() => new ModelPredictor<Ticket>(file));
        Assert.ThrowsExactly<FileNotFoundException>(() => new ModelPredictor<Ticket>(Path.Combine(folder, "missing.zip")));
    }

    [TestMethod]
    public void ReadColumns_are_the_columns_the_pipeline_reads_and_not_the_label_of_a_trained_model()
    {
        using var house = new ModelPredictor<House>(TrainedModels.Regression);
        CollectionAssert.AreEquivalent(new[] { nameof(House.Size), nameof(House.Rooms) }, house.Identity.ReadColumns.ToArray(), "the trainer's label is not read to score");
        using var point = new ModelPredictor<Point>(TrainedModels.Calibrated);
        CollectionAssert.AreEquivalent(new[] { nameof(Point.X), nameof(Point.Y) }, point.Identity.ReadColumns.ToArray());
        using var tickets = new ModelPredictor<Ticket>(TrainedModels.TicketsV1);
        CollectionAssert.Contains(tickets.Identity.ReadColumns.ToArray(), nameof(Ticket.Text));
    }

    [TestMethod]
    public void The_identity_tells_the_classes_in_the_models_order_and_whether_it_is_calibrated()
    {
        using var tickets = new ModelPredictor<Ticket>(TrainedModels.TicketsV1);
        CollectionAssert.AreEquivalent(TrainedModels.ClassesV1, tickets.Identity.Classes.ToArray());
        var scores = tickets.Predict(TrainedModels.SampleTickets[0]).Scores;
        CollectionAssert.AreEquivalent(tickets.Identity.Classes.ToArray(), scores.Select(s => s.Label).ToArray());
        Assert.IsFalse(tickets.Identity.HasProbability);
        using var calibrated = new ModelPredictor<Point>(TrainedModels.Calibrated);
        Assert.IsTrue(calibrated.Identity.HasProbability);
        using var uncalibrated = new ModelPredictor<Point>(TrainedModels.Uncalibrated);
        Assert.IsFalse(uncalibrated.Identity.HasProbability);
        Assert.IsEmpty(uncalibrated.Identity.Classes);
    }

    [TestMethod]
    public void A_batch_says_which_version_answered_it()
    {
        using var tickets = new ModelPredictor<Ticket>(TrainedModels.TicketsV1);
        var predictions = tickets.Predict(TrainedModels.SampleTickets, out var answeredBy);
        Assert.AreSame(tickets.Identity, answeredBy);
        Assert.HasCount(TrainedModels.SampleTickets.Length, predictions);
    }
}
