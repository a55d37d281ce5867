using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sdk.MlOps.Inference.Tests;

/// <summary>Zero-downtime reload: a new version swaps in, a bad one never does, and predictions never stop.</summary>
[TestClass]
public sealed class ReloadTests
{
    private static readonly Ticket s_dns = TrainedModels.SampleTickets[0];

    [TestMethod]
    public void TryReload_swaps_in_the_replaced_model_and_raises_Reloaded()
    {
        var file = TrainedModels.CopyTo(TrainedModels.TicketsV1, TrainedModels.NewFolder());
        using var predictor = new ModelPredictor<Ticket>(file);
        var before = predictor.Identity;
        Assert.AreEqual("network", predictor.Predict(s_dns).Label);
        var reloaded = new List<ModelIdentity>();
        predictor.Reloaded += reloaded.Add;
        predictor.ReloadFailed += e => Assert.Fail($"reload failed: {e}");

        TrainedModels.ReplaceAtomically(file, File.ReadAllBytes(TrainedModels.TicketsV2));
        Assert.IsTrue(predictor.TryReload());

        Assert.AreEqual(TrainedModels.Sha256(TrainedModels.TicketsV2), predictor.Identity.Sha256);
        Assert.AreNotEqual(before.Sha256, predictor.Identity.Sha256);
        Assert.AreEqual("net-v2", predictor.Predict(s_dns).Label);
        CollectionAssert.AreEquivalent(TrainedModels.ClassesV2, predictor.Predict(s_dns).Scores.Select(s => s.Label).ToArray());
        Assert.HasCount(1, reloaded);
        Assert.AreEqual(predictor.Identity, reloaded[0]);
    }

    [TestMethod]
    public void TryReload_of_a_new_bundle_takes_the_version_of_its_manifest()
    {
        var folder = TrainedModels.NewFolder();
        var file = TrainedModels.CopyTo(TrainedModels.TicketsV1, folder);
        TrainedModels.WriteManifest(file, "IncidentTriage", "1.0.0");
        using var predictor = new ModelPredictor<Ticket>(file);
        Assert.AreEqual("1.0.0", predictor.Identity.Version);

        TrainedModels.ReplaceAtomically(file, File.ReadAllBytes(TrainedModels.TicketsV2));
        TrainedModels.ReplaceAtomically(Path.Combine(folder, ModelIdentity.ManifestFileName),
            TrainedModels.Manifest("IncidentTriage", "1.1.0", TrainedModels.Sha256(TrainedModels.TicketsV2)));
        Assert.IsTrue(predictor.TryReload());

        Assert.AreEqual(new ModelIdentity("IncidentTriage", "1.1.0", TrainedModels.Sha256(TrainedModels.TicketsV2), ModelTask.MulticlassClassification), predictor.Identity);
        Assert.AreEqual("net-v2", predictor.Predict(s_dns).Label);
    }

    [TestMethod]
    public void TryReload_of_the_same_bytes_keeps_the_loaded_version_without_an_event()
    {
        var file = TrainedModels.CopyTo(TrainedModels.TicketsV1, TrainedModels.NewFolder());
        using var predictor = new ModelPredictor<Ticket>(file);
        var before = predictor.Identity;
        int events = 0;
        predictor.Reloaded += _ => events++;
        predictor.ReloadFailed += _ => events++;

        TrainedModels.ReplaceAtomically(file, File.ReadAllBytes(TrainedModels.TicketsV1));

        Assert.IsTrue(predictor.TryReload());
        Assert.AreEqual(0, events);
        Assert.AreSame(before, predictor.Identity);
    }

    [TestMethod]
    public void TryReload_of_a_new_manifest_over_the_same_bytes_takes_its_version()
    {
        var file = TrainedModels.CopyTo(TrainedModels.TicketsV1, TrainedModels.NewFolder());
        TrainedModels.WriteManifest(file, "IncidentTriage", "1.0.0");
        using var predictor = new ModelPredictor<Ticket>(file);
        ModelIdentity? reloaded = null;
        predictor.Reloaded += identity => reloaded = identity;

        TrainedModels.WriteManifest(file, "IncidentTriage", "1.1.0");

        Assert.IsTrue(predictor.TryReload());
        Assert.AreEqual("1.1.0", predictor.Identity.Version, "an unchanged model published as a new version answers as that version");
        Assert.AreEqual("1.1.0", reloaded?.Version);
    }

    [TestMethod]
    public void TryReload_of_a_corrupt_file_keeps_the_old_version_answering()
    {
        var file = TrainedModels.CopyTo(TrainedModels.TicketsV1, TrainedModels.NewFolder());
        using var predictor = new ModelPredictor<Ticket>(file);
        var before = predictor.Identity;
        var expected = predictor.Predict(s_dns);
        var failures = new List<Exception>();
        predictor.ReloadFailed += failures.Add;
        predictor.Reloaded += _ => Assert.Fail("a corrupt model was swapped in");

        // Garbage, then half a model (a copy caught midway): neither is a model.
        File.WriteAllBytes(file, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);
        Assert.IsFalse(predictor.TryReload());
        var bytes = File.ReadAllBytes(TrainedModels.TicketsV2);
        File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);
        Assert.IsFalse(predictor.TryReload());

        Assert.HasCount(2, failures);
        Assert.AreSame(before, predictor.Identity);
        var after = predictor.Predict(s_dns);
        Assert.AreEqual(expected.Label, after.Label);
        Assert.AreEqual(expected.Score, after.Score);
    }

    [TestMethod]
    public void TryReload_of_a_deleted_file_keeps_the_old_version_answering()
    {
        var file = TrainedModels.CopyTo(TrainedModels.Calibrated, TrainedModels.NewFolder());
        using var predictor = new ModelPredictor<Point>(file);
        var failures = new List<Exception>();
        predictor.ReloadFailed += failures.Add;

        File.Delete(file);

        Assert.IsFalse(predictor.TryReload());
        Assert.HasCount(1, failures);
        Assert.IsInstanceOfType<FileNotFoundException>(failures[0]);
        Assert.IsNotNull(predictor.Predict(TrainedModels.SamplePoints[0]).Probability);
    }

    [TestMethod]
    public void TryReload_of_a_model_its_manifest_does_not_name_keeps_the_old_version()
    {
        // The model of a new bundle has arrived but its manifest not yet (publish writes the manifest last).
        var folder = TrainedModels.NewFolder();
        var file = TrainedModels.CopyTo(TrainedModels.TicketsV1, folder);
        TrainedModels.WriteManifest(file, "IncidentTriage", "1.0.0");
        using var predictor = new ModelPredictor<Ticket>(file);
        var before = predictor.Identity;
        var failures = new List<Exception>();
        predictor.ReloadFailed += failures.Add;

        TrainedModels.ReplaceAtomically(file, File.ReadAllBytes(TrainedModels.TicketsV2));

        Assert.IsFalse(predictor.TryReload());
        Assert.IsInstanceOfType<InvalidDataException>(failures.Single());
        Assert.AreSame(before, predictor.Identity);
        Assert.AreEqual("network", predictor.Predict(s_dns).Label);

        // Then the manifest arrives, and the new version loads.
        TrainedModels.WriteManifest(file, "IncidentTriage", "1.1.0");
        Assert.IsTrue(predictor.TryReload());
        Assert.AreEqual("1.1.0", predictor.Identity.Version);
        Assert.AreEqual("net-v2", predictor.Predict(s_dns).Label);
    }

    [TestMethod]
    public void TryReload_with_a_corrupt_manifest_keeps_the_old_version()
    {
        var folder = TrainedModels.NewFolder();
        var file = TrainedModels.CopyTo(TrainedModels.TicketsV1, folder);
        TrainedModels.WriteManifest(file, "IncidentTriage", "1.0.0");
        using var predictor = new ModelPredictor<Ticket>(file);
        var before = predictor.Identity;
        var failures = new List<Exception>();
        predictor.ReloadFailed += failures.Add;

        File.WriteAllText(Path.Combine(folder, ModelIdentity.ManifestFileName), "{\"model\":{\"name\":\"Incid");
        Assert.IsFalse(predictor.TryReload());
        File.WriteAllText(Path.Combine(folder, ModelIdentity.ManifestFileName), "{\"files\":[]}");
        Assert.IsFalse(predictor.TryReload());

        Assert.HasCount(2, failures);
        Assert.AreSame(before, predictor.Identity);
        Assert.AreEqual("network", predictor.Predict(s_dns).Label);
    }

    [TestMethod]
    public void A_batch_running_across_a_reload_finishes_on_the_version_it_started_with()
    {
        var file = TrainedModels.CopyTo(TrainedModels.TicketsV1, TrainedModels.NewFolder());
        using var predictor = new ModelPredictor<Ticket>(file);

        IEnumerable<Ticket> ReloadingMidway()
        {
            yield return s_dns;
            TrainedModels.ReplaceAtomically(file, File.ReadAllBytes(TrainedModels.TicketsV2));
            Assert.IsTrue(predictor.TryReload());
            yield return s_dns;
        }

        var batch = predictor.Predict(ReloadingMidway());

        CollectionAssert.AreEqual(new[] { "network", "network" }, batch.Select(p => p.Label).ToArray());
        Assert.AreEqual("net-v2", predictor.Predict(s_dns).Label, "the next request is answered by the new version");
    }

    [TestMethod]
    public void Predictions_from_many_threads_never_fail_while_the_model_is_reloaded()
    {
        var file = TrainedModels.CopyTo(TrainedModels.TicketsV1, TrainedModels.NewFolder());
        var inputs = TrainedModels.SampleTickets;
        ModelPrediction[] Expected(string model)
        {
            using var p = new ModelPredictor<Ticket>(model);
            return [.. inputs.Select(p.Predict)];
        }

        var v1 = Expected(TrainedModels.TicketsV1);
        var v2 = Expected(TrainedModels.TicketsV2);
        var bytes = new[] { File.ReadAllBytes(TrainedModels.TicketsV1), File.ReadAllBytes(TrainedModels.TicketsV2) };

        using var predictor = new ModelPredictor<Ticket>(file);
        int reloads = 0;
        predictor.Reloaded += _ => Interlocked.Increment(ref reloads);
        var errors = new ConcurrentQueue<string>();
        int fromV1 = 0, fromV2 = 0;
        using var stop = new CancellationTokenSource();

        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            int i = t;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    int n = i++ % inputs.Length;
                    var p = predictor.Predict(inputs[n]);
                    if (Same(p, v1[n])) Interlocked.Increment(ref fromV1);
                    else if (Same(p, v2[n])) Interlocked.Increment(ref fromV2);
                    else errors.Enqueue($"input {n}: {p.Label} {p.Score} is from neither version");
                }
                catch (Exception e)
                {
                    errors.Enqueue(e.ToString());
                }
            }
        })).ToArray();
        foreach (var thread in threads) thread.Start();

        for (int r = 1; r <= 20; r++)
        {
            TrainedModels.ReplaceAtomically(file, bytes[r % 2]);
            Assert.IsTrue(predictor.TryReload(), $"reload {r}");
            Thread.Sleep(5);
        }

        stop.Cancel();
        foreach (var thread in threads) thread.Join();

        Assert.IsEmpty(errors, string.Join(Environment.NewLine, errors.Take(3)));
        Assert.AreEqual(20, reloads);
        Assert.IsGreaterThan(0, fromV1, "no answer from the first version");
        Assert.IsGreaterThan(0, fromV2, "no answer from the second version");
        Assert.AreEqual(TrainedModels.Sha256(TrainedModels.TicketsV1), predictor.Identity.Sha256, "twenty swaps end on the first version");
    }

    [TestMethod]
    public void A_watched_model_reloads_once_the_new_bundle_is_in_place()
    {
        var folder = TrainedModels.NewFolder();
        var file = TrainedModels.CopyTo(TrainedModels.TicketsV1, folder);
        TrainedModels.WriteManifest(file, "IncidentTriage", "1.0.0");
        using var predictor = new ModelPredictor<Ticket>(file, new ModelPredictorOptions { WatchForChanges = true, ReloadDelay = TimeSpan.FromMilliseconds(100) });
        var reloaded = new ConcurrentQueue<ModelIdentity>();
        predictor.Reloaded += reloaded.Enqueue;
        Assert.AreEqual("network", predictor.Predict(s_dns).Label);

        // A deployment: the model renamed into place, then its manifest.
        TrainedModels.ReplaceAtomically(file, File.ReadAllBytes(TrainedModels.TicketsV2));
        TrainedModels.ReplaceAtomically(Path.Combine(folder, ModelIdentity.ManifestFileName),
            TrainedModels.Manifest("IncidentTriage", "2.0.0", TrainedModels.Sha256(TrainedModels.TicketsV2)));

        Assert.IsTrue(WaitFor(() => predictor.Identity.Version == "2.0.0", TimeSpan.FromSeconds(10)), $"still {predictor.Identity} after 10 s");
        Assert.AreEqual(TrainedModels.Sha256(TrainedModels.TicketsV2), predictor.Identity.Sha256);
        Assert.AreEqual("net-v2", predictor.Predict(s_dns).Label);
        Assert.AreEqual("2.0.0", reloaded.Single().Version);
    }

    [TestMethod]
    public void A_watched_model_keeps_its_version_when_the_new_model_arrives_without_its_manifest()
    {
        var folder = TrainedModels.NewFolder();
        var file = TrainedModels.CopyTo(TrainedModels.TicketsV1, folder);
        TrainedModels.WriteManifest(file, "IncidentTriage", "1.0.0");
        using var predictor = new ModelPredictor<Ticket>(file, new ModelPredictorOptions { WatchForChanges = true, ReloadDelay = TimeSpan.FromMilliseconds(50) });
        var failed = new ConcurrentQueue<Exception>();
        predictor.ReloadFailed += failed.Enqueue;

        TrainedModels.ReplaceAtomically(file, File.ReadAllBytes(TrainedModels.TicketsV2));

        Assert.IsTrue(WaitFor(() => !failed.IsEmpty, TimeSpan.FromSeconds(10)), "the change was not seen");
        Assert.IsInstanceOfType<InvalidDataException>(failed.First());
        Assert.AreEqual("1.0.0", predictor.Identity.Version);
        Assert.AreEqual("network", predictor.Predict(s_dns).Label);
    }

    [TestMethod]
    public void An_unwatched_model_stays_as_loaded()
    {
        var file = TrainedModels.CopyTo(TrainedModels.TicketsV1, TrainedModels.NewFolder());
        using var watched = new ModelPredictor<Ticket>(file, new ModelPredictorOptions { WatchForChanges = true, ReloadDelay = TimeSpan.FromMilliseconds(50) });
        using var unwatched = new ModelPredictor<Ticket>(file, new ModelPredictorOptions { ReloadDelay = TimeSpan.FromMilliseconds(50) });

        TrainedModels.ReplaceAtomically(file, File.ReadAllBytes(TrainedModels.TicketsV2));

        // The watched one, over the same file, shows the change was there to be seen.
        Assert.IsTrue(WaitFor(() => watched.Predict(s_dns).Label == "net-v2", TimeSpan.FromSeconds(10)));
        Assert.AreEqual("network", unwatched.Predict(s_dns).Label);
    }

    private static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) return false;
            Thread.Sleep(20);
        }

        return true;
    }

    private static bool Same(ModelPrediction a, ModelPrediction b) =>
        a.Label == b.Label && a.Score == b.Score && a.Probability == b.Probability && a.Scores.SequenceEqual(b.Scores);
}
