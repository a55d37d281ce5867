using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Sdk.MlOps.Serving.Tests;

/// <summary>
/// A bundle replaced under load: clients keep sending while the model and its manifest are renamed into place
/// (manifest last, as a publish does), three times over. No request may fail, and each new version must take over.
/// Batches of many rows keep a prediction running at most moments, so that swaps land in the middle of requests.
/// </summary>
[TestClass]
public sealed class ReloadTests
{
    private static readonly string Batch = "[" + string.Join(", ", Enumerable.Repeat("""{"title": "vpn drops", "description": "packet loss"}""", 40)) + "]";

    [TestMethod]
    public async Task Replacing_the_bundle_under_load_fails_no_request_and_the_new_version_answers()
    {
        string modelFile = "";
        await using var host = await ServingHost.Start("reload", [], (services, folder) =>
            services.AddServedModel<Ticket>("triage", modelFile = TestModels.Bundle(folder, "triage", "1.0.0", TestModels.TriageV1, labelInManifest: true)));

        using var stop = new CancellationTokenSource();
        var failures = new ConcurrentQueue<string>();
        var seen = new ConcurrentQueue<(int Client, string Version)>();
        var versionSeen = new ConcurrentDictionary<string, TaskCompletionSource>();
        TaskCompletionSource Seen(string version) => versionSeen.GetOrAdd(version, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var clients = Enumerable.Range(0, 4).Select(client => Task.Run(async () =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                // Alternate the protocols and batch sizes, so that a swap catches both paths and multi-row requests.
                var (path, body) = i % 2 == 0
                    ? ("/v2/models/triage/infer", V2ProtocolTests.TriageRequest("disk full"))
                    : ("/predict/triage", Batch);
                try
                {
                    using var response = await host.PostJson(path, body);
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"{(int)response.StatusCode} {text}");
                        continue;
                    }

                    using var json = JsonDocument.Parse(text);
                    var version = json.RootElement.ValueKind == JsonValueKind.Array
                        ? json.RootElement[0].GetProperty("version").GetString()!
                        : json.RootElement.GetProperty("model_version").GetString()!;
                    seen.Enqueue((client, version));
                    Seen(version).TrySetResult();
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue(e.Message);
                }
            }
        })).ToArray();

        await Seen("1.0.0").Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Task.Delay(200);
        Assert.IsTrue(seen.All(s => s.Version == "1.0.0"), "version 1.0.0 answers before the swap");

        // As a publish replaces a bundle: each file written beside its place, then renamed over it, manifest last.
        // Bytes alternate between the two trainings, so each swap is a new model.
        var bundle = Path.GetDirectoryName(modelFile)!;
        var manifest = Path.Combine(bundle, "mlops-manifest.json");
        var missed = new List<string>();
        foreach (var (version, bytes) in new[] { ("2.0.0", TestModels.TriageV2), ("3.0.0", TestModels.TriageV1), ("4.0.0", TestModels.TriageV2) })
        {
            File.WriteAllBytes(modelFile + ".new", bytes);
            File.WriteAllText(manifest + ".new", TestModels.Manifest("triage", version, bytes, labelInManifest: true));
            File.Move(modelFile + ".new", modelFile, overwrite: true);
            File.Move(manifest + ".new", manifest, overwrite: true);
            if (await Task.WhenAny(Seen(version).Task, Task.Delay(TimeSpan.FromSeconds(15))) != Seen(version).Task) missed.Add(version);
            await Task.Delay(150);
        }

        stop.Cancel();
        await Task.WhenAll(clients);

        Assert.AreEqual(0, failures.Count, $"{failures.Count} of {failures.Count + seen.Count} requests failed:\n{string.Join("\n", failures.Take(5))}");
        Assert.AreEqual(0, missed.Count, $"versions never seen answering: {string.Join(", ", missed)}");
        var last = seen.GroupBy(s => s.Client).Select(g => g.Last().Version).ToArray();
        CollectionAssert.AreEqual(new[] { "4.0.0", "4.0.0", "4.0.0", "4.0.0" }, last, "every client ends on the newest version");
        StringAssert.Contains(host.Logs.All, "Model triage reloaded: version 1.0.0 -> 2.0.0");
        StringAssert.Contains(host.Logs.All, "Model triage reloaded: version 3.0.0 -> 4.0.0");

        var metadata = await (await host.Client.GetAsync("/v2/models/triage")).Json();
        Assert.AreEqual("4.0.0", metadata.GetProperty("versions")[0].GetString());
        Assert.AreEqual(HttpStatusCode.NotFound, (await host.Client.GetAsync("/v2/models/triage/versions/1.0.0")).StatusCode);
    }

    [TestMethod]
    public async Task A_replacement_that_does_not_match_its_manifest_is_logged_and_the_old_version_keeps_answering()
    {
        string modelFile = "";
        await using var host = await ServingHost.Start("reload-bad", [], (services, folder) =>
            services.AddServedModel<Ticket>("triage", modelFile = TestModels.Bundle(folder, "triage", "1.0.0", TestModels.TriageV1, labelInManifest: true)));

        // The model alone, its manifest left as it was: its bytes are not the ones the manifest names.
        File.WriteAllBytes(modelFile + ".new", TestModels.TriageV2);
        File.Move(modelFile + ".new", modelFile, overwrite: true);
        for (int attempt = 0; attempt < 50 && !host.Logs.All.Contains("could not be loaded", StringComparison.Ordinal); attempt++)
            await Task.Delay(100);

        StringAssert.Contains(host.Logs.All, "Model triage: the replaced model could not be loaded");
        var answer = await host.PostJson("/v2/models/triage/infer", V2ProtocolTests.TriageRequest("disk full"));
        Assert.AreEqual(HttpStatusCode.OK, answer.StatusCode);
        Assert.AreEqual("1.0.0", (await answer.Json()).GetProperty("model_version").GetString());
    }
}
