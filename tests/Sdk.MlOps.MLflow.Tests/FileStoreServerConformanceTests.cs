using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Sdk.MlOps.MLflow;

namespace Sdk.MlOps.MLflow.Tests;

/// <summary>
/// A real MLflow server (2.12.2, from source) serving a store this library wrote: the proof that MLflow reads our
/// layout. Needs <c>MLOPS_TEST_MLFLOW_SRC</c> (an extracted MLflow source tree, see the MLflow reference) and
/// Debian's python3 with MLflow's dependencies; optional <c>MLOPS_TEST_QSP_SRC</c> (querystring-parser, default: a
/// querystring-parser folder beside the MLflow source) and <c>MLOPS_TEST_PYTHON</c> (default: Debian's python3).
/// Inconclusive without them.
/// </summary>
[TestClass]
public sealed class FileStoreServerConformanceTests
{
    private readonly TempMlruns _mlruns = new();
    private Process? _server;

    [TestCleanup]
    public void Cleanup()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(10_000);
        }
        _server?.Dispose();
        _mlruns.Dispose();
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task MlflowServesWhatWeWrote()
    {
        var source = Environment.GetEnvironmentVariable("MLOPS_TEST_MLFLOW_SRC");
        if (string.IsNullOrEmpty(source) || !File.Exists(Path.Combine(source, "mlflow", "version.py")))
        {
            Assert.Inconclusive("Set MLOPS_TEST_MLFLOW_SRC to an extracted MLflow 2.12.2 source tree to run this test.");
            return;
        }

        // Written by one store, as a build would: experiment, run with params, metrics, tags, an artifact, and the registry.
        var store = new FileStore(_mlruns.Root);
        var exp = await store.CreateExperimentAsync("conformance", new Dictionary<string, string> { ["team"] = "mlops" });
        var run = (await store.CreateRunAsync(exp, "conformance-run", 1795761867462, new Dictionary<string, string> { ["mlops.input_hash"] = "abc" })).Info.RunId;
        await store.LogBatchAsync(run,
            [new Metric("rmse", 0.9, 1795761867500, 0), new Metric("rmse", 0.45, 1795761867600, 1), new Metric("eval/auc", double.NaN, 1795761867700, 0)],
            new Dictionary<string, string> { ["lr"] = "0.01", ["opt/momentum"] = "0.9" },
            new Dictionary<string, string> { ["mlflow.note.content"] = "hello" });
        await store.LogArtifactAsync(run, _mlruns.Local("report.txt", "hello artifacts"));
        await store.LogArtifactAsync(run, _mlruns.Local("model/model.json", "{}"), "model");
        await store.UpdateRunAsync(run, RunStatus.Finished, 1795761869000);
        await store.CreateRegisteredModelAsync("demo-model", "written by C#", new Dictionary<string, string> { ["k"] = "v" });
        await store.CreateModelVersionAsync("demo-model", $"runs:/{run}/model", run);
        await store.CreateModelVersionAsync("demo-model", $"runs:/{run}/model", run, new Dictionary<string, string> { ["validated"] = "yes" });
        await store.SetAliasAsync("demo-model", "champion", "2");
        var issues = new MlflowDataset("issues", "12345678", "local", """{"uri": "data/issues.tsv"}""", """{"mlflow_colspec": [{"type": "string", "name": "Title"}]}""");
        var oddTags = new Dictionary<string, string> { ["a:b"] = "c: d", ["it's"] = "yes", [new string('k', 200)] = "long key", ["empty"] = "" };
        var inputsRun = (await store.CreateRunAsync(exp, "inputs-run", 1795761867462)).Info.RunId;
        await store.LogInputsAsync(inputsRun, [DatasetInput.WithContext(issues, "training"), new DatasetInput(issues with { Name = "other", Profile = "{}" }, oddTags)]);
        await store.LogInputsAsync(inputsRun, [DatasetInput.WithContext(issues with { Source = "changed" }, "evaluation")]);

        using var http = new HttpClient { BaseAddress = await StartServer(source), Timeout = TimeSpan.FromSeconds(30) };

        var experiments = await Post(http, "experiments/search", """{"max_results": 10}""");
        var experiment = experiments.GetProperty("experiments").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "conformance");
        Assert.AreEqual(exp, experiment.GetProperty("experiment_id").GetString());
        Assert.AreEqual("mlops", Tag(experiment.GetProperty("tags"), "team"));
        Assert.AreEqual(2, experiments.GetProperty("experiments").GetArrayLength(), "ours and Default");

        var runs = await Post(http, "runs/search", $$"""{"experiment_ids": ["{{exp}}"], "filter": "tags.`mlops.input_hash` = 'abc' and params.lr = '0.01' and metrics.rmse < 0.5", "order_by": ["attributes.start_time DESC"]}""");
        Assert.AreEqual(run, runs.GetProperty("runs")[0].GetProperty("info").GetProperty("run_id").GetString());

        var got = (await Get(http, $"runs/get?run_id={run}")).GetProperty("run");
        var info = got.GetProperty("info");
        Assert.AreEqual("FINISHED", info.GetProperty("status").GetString());
        Assert.AreEqual("conformance-run", info.GetProperty("run_name").GetString());
        Assert.AreEqual(1795761869000, info.GetProperty("end_time").GetInt64());
        var data = got.GetProperty("data");
        var rmse = data.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("key").GetString() == "rmse");
        Assert.AreEqual(0.45, rmse.GetProperty("value").GetDouble());
        Assert.AreEqual(1, rmse.GetProperty("step").GetInt64());
        Assert.IsTrue(data.GetProperty("metrics").EnumerateArray().Any(m => m.GetProperty("key").GetString() == "eval/auc"));
        Assert.AreEqual("0.01", Tag(data.GetProperty("params"), "lr"));
        Assert.AreEqual("0.9", Tag(data.GetProperty("params"), "opt/momentum"));
        Assert.AreEqual("hello", Tag(data.GetProperty("tags"), "mlflow.note.content"));

        Assert.AreEqual(0, got.GetProperty("inputs").EnumerateObject().Count(), "a run without inputs has none");
        var inputs = (await Get(http, $"runs/get?run_id={inputsRun}")).GetProperty("run").GetProperty("inputs").GetProperty("dataset_inputs");
        Assert.AreEqual(2, inputs.GetArrayLength());
        var training = inputs.EnumerateArray().Single(i => i.GetProperty("dataset").GetProperty("name").GetString() == "issues");
        Assert.AreEqual("training", Tag(training.GetProperty("tags"), DatasetInput.ContextTag));
        var dataset = training.GetProperty("dataset");
        Assert.AreEqual("12345678", dataset.GetProperty("digest").GetString());
        Assert.AreEqual("local", dataset.GetProperty("source_type").GetString());
        Assert.AreEqual(issues.Source, dataset.GetProperty("source").GetString());
        Assert.AreEqual(issues.Schema, dataset.GetProperty("schema").GetString());
        Assert.IsFalse(dataset.TryGetProperty("profile", out _), "a null profile is left out");
        var other = inputs.EnumerateArray().Single(i => i.GetProperty("dataset").GetProperty("name").GetString() == "other");
        Assert.AreEqual("{}", other.GetProperty("dataset").GetProperty("profile").GetString());
        foreach (var (key, value) in oddTags) Assert.AreEqual(value, Tag(other.GetProperty("tags"), key), key);

        // And the other way: what MLflow's own file store writes for runs/log-inputs, this store reads.
        var mlflowRun = (await Post(http, "runs/create", $$"""{"experiment_id": "{{exp}}", "run_name": "by-mlflow", "start_time": 1795761867462}"""))
            .GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
        await Post(http, "runs/log-inputs", $$$"""
            {"run_id": "{{{mlflowRun}}}", "datasets": [
              {"tags": [{"key": "mlflow.data.context", "value": "training"}, {"key": "{{{new string('k', 200)}}}", "value": "v"}],
               "dataset": {"name": "issues", "digest": "12345678", "source_type": "local", "source": "ignored: logged before"}},
              {"dataset": {"name": "by-mlflow", "digest": "d9", "source_type": "local", "source": "s",
                           "schema": "{{{new string('s', 100)}}} {{{new string('t', 100)}}}"}}]}
            """);
        var readBack = (await new FileStore(_mlruns.Root).GetRunAsync(mlflowRun)).Inputs.DatasetInputs;
        Assert.HasCount(2, readBack);
        var shared = readBack.Single(i => i.Dataset.Name == "issues");
        Assert.AreEqual(issues, shared.Dataset, "MLflow reused the dataset we wrote");
        Assert.AreEqual("training", shared.Tags[DatasetInput.ContextTag]);
        Assert.AreEqual("v", shared.Tags[new string('k', 200)]);
        Assert.AreEqual(new MlflowDataset("by-mlflow", "d9", "local", "s", new string('s', 100) + " " + new string('t', 100)), readBack.Single(i => i.Dataset.Name == "by-mlflow").Dataset);

        var history = (await Get(http, $"metrics/get-history?run_id={run}&metric_key=rmse")).GetProperty("metrics");
        CollectionAssert.AreEqual(new[] { 0.9, 0.45 }, history.EnumerateArray().Select(m => m.GetProperty("value").GetDouble()).ToArray());

        var files = (await Get(http, $"artifacts/list?run_id={run}")).GetProperty("files");
        CollectionAssert.AreEqual(new[] { "model", "report.txt" }, files.EnumerateArray().Select(f => f.GetProperty("path").GetString()).ToArray());
        Assert.AreEqual(15, files[1].GetProperty("file_size").GetInt64());
        var nested = (await Get(http, $"artifacts/list?run_id={run}&path=model")).GetProperty("files");
        Assert.AreEqual("model/model.json", nested[0].GetProperty("path").GetString());

        var model = (await Get(http, "registered-models/get?name=demo-model")).GetProperty("registered_model");
        Assert.AreEqual("written by C#", model.GetProperty("description").GetString());
        Assert.AreEqual("2", model.GetProperty("latest_versions")[0].GetProperty("version").GetString());
        var alias = model.GetProperty("aliases")[0];
        Assert.AreEqual("champion", alias.GetProperty("alias").GetString());
        Assert.AreEqual("2", alias.GetProperty("version").GetString());
        Assert.AreEqual("v", Tag(model.GetProperty("tags"), "k"));

        var version = (await Get(http, "model-versions/get?name=demo-model&version=2")).GetProperty("model_version");
        Assert.AreEqual($"runs:/{run}/model", version.GetProperty("source").GetString());
        Assert.AreEqual(run, version.GetProperty("run_id").GetString());
        Assert.AreEqual("READY", version.GetProperty("status").GetString());
        Assert.AreEqual("yes", Tag(version.GetProperty("tags"), "validated"));

        var byAlias = (await Get(http, "registered-models/alias?name=demo-model&alias=champion")).GetProperty("model_version");
        Assert.AreEqual("2", byAlias.GetProperty("version").GetString());
        CollectionAssert.AreEqual(new[] { "champion" }, byAlias.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()).ToArray());

        var search = (await Get(http, "model-versions/search?filter=" + Uri.EscapeDataString("name='demo-model'"))).GetProperty("model_versions");
        Assert.AreEqual(2, search.GetArrayLength());
    }

    private async Task<Uri> StartServer(string source)
    {
        var python = Environment.GetEnvironmentVariable("MLOPS_TEST_PYTHON") ?? "/usr/bin/python3";
        var qsp = Environment.GetEnvironmentVariable("MLOPS_TEST_QSP_SRC")
            ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source).TrimEnd('/'))!, "querystring-parser");
        var port = FreePort();
        var start = new ProcessStartInfo(python) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _mlruns.Parent };
        foreach (var arg in new[] { "-m", "mlflow", "server", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--workers", "1",
                     "--backend-store-uri", new Uri(_mlruns.Root).AbsoluteUri })
            start.ArgumentList.Add(arg);
        start.Environment["PYTHONPATH"] = Directory.Exists(qsp) ? source + Path.PathSeparator + qsp : source;
        // The image's pyenv python must not leak in; Debian's python3 finds its own packages.
        start.Environment.Remove("PYTHONHOME");
        _server = Process.Start(start)!;
        var log = new StringBuilder();
        _server.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        _server.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var url = new Uri($"http://127.0.0.1:{port}/");
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_server.HasExited) break;
            try
            {
                if ((await probe.GetAsync(new Uri(url, "health"))).IsSuccessStatusCode) return url;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        lock (log) Assert.Fail($"The MLflow server did not come up:\n{log}");
        return url;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<JsonElement> Get(HttpClient http, string path) => await Read(await http.GetAsync("api/2.0/mlflow/" + path));

    private static async Task<JsonElement> Post(HttpClient http, string path, string json) =>
        await Read(await http.PostAsync("api/2.0/mlflow/" + path, new StringContent(json, Encoding.UTF8, "application/json")));

    private static async Task<JsonElement> Read(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.IsTrue(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string? Tag(JsonElement pairs, string key) =>
        pairs.EnumerateArray().Where(p => p.GetProperty("key").GetString() == key).Select(p => p.GetProperty("value").GetString()).FirstOrDefault();
}
