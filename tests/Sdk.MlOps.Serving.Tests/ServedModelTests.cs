using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Sdk.MlOps.Inference;
using Sdk.MlOps.Serving.Models;

namespace Sdk.MlOps.Serving.Tests;

/// <summary>
/// Swaps under running batches, without HTTP in between: threads predict large batches back to back while the
/// model is reloaded, so swaps land in the middle of them. Each batch must be answered whole by one version, and
/// the version it reports must be the one whose scores it carries.
/// </summary>
[TestClass]
public sealed class ServedModelTests
{
    [TestMethod]
    public async Task Batches_under_swaps_are_answered_whole_by_the_version_they_report()
    {
        var folder = TestModels.NewFolder("served-model");
        var file = TestModels.Bundle(folder, "triage", "1.0.0", TestModels.TriageV1, labelInManifest: true);
        using var predictor = new ModelPredictor<Ticket>(file);
        var model = new ServedModel<Ticket>("triage", predictor, NullLogger.Instance);
        var row = new object?[] { null, "disk full on the database server", "volume out of space" };
        var rows = Enumerable.Repeat(row, 500).ToArray();

        // What each training scores for the row: odd versions are V1's bytes, even ones V2's.
        var expected = new Dictionary<string, float> { ["1.0.0"] = Score(TestModels.TriageV1, row), ["3.0.0"] = Score(TestModels.TriageV1, row) };
        expected["2.0.0"] = expected["4.0.0"] = Score(TestModels.TriageV2, row);
        Assert.AreNotEqual(expected["1.0.0"], expected["2.0.0"], "the two trainings score the row differently");

        using var stop = new CancellationTokenSource();
        var answered = new ConcurrentQueue<(string Version, float[] Scores)>();
        var workers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var result = model.Predict(rows);
                answered.Enqueue((result.Identity.Version, result.Predictions.Select(p => p.Score).ToArray()));
            }
        })).ToArray();

        while (answered.IsEmpty) await Task.Delay(10);
        foreach (var (version, bytes) in new[] { ("2.0.0", TestModels.TriageV2), ("3.0.0", TestModels.TriageV1), ("4.0.0", TestModels.TriageV2) })
        {
            File.WriteAllBytes(file, bytes);
            File.WriteAllText(Path.Combine(folder, "triage", "mlops-manifest.json"), TestModels.Manifest("triage", version, bytes, labelInManifest: true));
            Assert.IsTrue(predictor.TryReload());
            await Task.Delay(60);
        }

        // The last version must answer too: on a busy machine a 500-row batch outlasts a fixed pause, so wait for it.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!answered.Any(a => a.Version == "4.0.0") && DateTime.UtcNow < deadline) await Task.Delay(10);
        stop.Cancel();
        await Task.WhenAll(workers);
        Assert.AreEqual("4.0.0", model.Identity.Version);
        var versions = answered.Select(a => a.Version).Distinct().ToArray();
        CollectionAssert.IsSubsetOf(new[] { "1.0.0", "4.0.0" }, versions);
        foreach (var (version, scores) in answered)
        {
            Assert.AreEqual(500, scores.Length);
            Assert.IsTrue(scores.All(s => Math.Abs(s - expected[version]) < 1e-6), $"a batch reported as {version} carries another version's scores");
        }
    }

    private static float Score(byte[] model, object?[] row)
    {
        var folder = TestModels.NewFolder("served-model-reference");
        using var predictor = new ModelPredictor<Ticket>(TestModels.Bundle(folder, "triage", "0", model, labelInManifest: true));
        return predictor.Predict(new Ticket { Title = (string)row[1]!, Description = (string)row[2]! }).Score;
    }
}
