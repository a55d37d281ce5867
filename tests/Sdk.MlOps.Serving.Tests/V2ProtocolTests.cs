using System.Net;
using System.Text.Json;

namespace Sdk.MlOps.Serving.Tests;

/// <summary>The Open Inference Protocol endpoints, their JSON shapes and status codes, on one host with two models.</summary>
[TestClass]
public sealed class V2ProtocolTests
{
    private static ServingHost _host = null!;

    [ClassInitialize]
    public static async Task Start(TestContext context) => _host = await ServingHost.Start();

    [ClassCleanup]
    public static async Task Stop() => await _host.DisposeAsync();

    [TestMethod]
    public async Task Live_and_ready_answer_true()
    {
        var live = await _host.Client.GetAsync("/v2/health/live");
        Assert.AreEqual(HttpStatusCode.OK, live.StatusCode);
        Assert.IsTrue((await live.Json()).GetProperty("live").GetBoolean());

        var ready = await _host.Client.GetAsync("/v2/health/ready");
        Assert.AreEqual(HttpStatusCode.OK, ready.StatusCode);
        Assert.IsTrue((await ready.Json()).GetProperty("ready").GetBoolean());
    }

    [TestMethod]
    public async Task Server_metadata_names_the_server_its_version_and_extensions()
    {
        var metadata = await (await _host.Client.GetAsync("/v2")).Json();
        Assert.AreEqual("Sdk.MlOps.Serving", metadata.GetProperty("name").GetString());
        Assert.IsFalse(string.IsNullOrEmpty(metadata.GetProperty("version").GetString()));
        Assert.AreEqual(JsonValueKind.Array, metadata.GetProperty("extensions").ValueKind);
    }

    [TestMethod]
    public async Task Multiclass_metadata_lists_the_text_inputs_without_the_label_and_the_outputs()
    {
        var metadata = await (await _host.Client.GetAsync("/v2/models/triage")).Json();
        Assert.AreEqual("triage", metadata.GetProperty("name").GetString());
        var upper = await (await _host.Client.GetAsync("/v2/models/TRIAGE")).Json();
        Assert.AreEqual("triage", upper.GetProperty("name").GetString(), "names are found without case, as Kubernetes names are lower-case");
        Assert.AreEqual("mlnet", metadata.GetProperty("platform").GetString());
        CollectionAssert.AreEqual(new[] { "1.0.0" }, Strings(metadata.GetProperty("versions")));
        Assert.AreEqual("Title:BYTES:[-1] Description:BYTES:[-1]", Tensors(metadata.GetProperty("inputs")));
        Assert.AreEqual("predicted_label:BYTES:[-1] score:FP32:[-1] scores:FP32:[-1,3] classes:BYTES:[3]", Tensors(metadata.GetProperty("outputs")));
    }

    [TestMethod]
    public async Task Binary_metadata_gives_each_column_type_its_datatype_and_a_vector_its_width()
    {
        var metadata = await (await _host.Client.GetAsync("/v2/models/failure")).Json();
        CollectionAssert.AreEqual(new[] { "2.1.0" }, Strings(metadata.GetProperty("versions")));
        Assert.AreEqual(
            "Cpu:FP32:[-1] MemoryGb:FP64:[-1] Errors:INT32:[-1] Requests:INT64:[-1] Weekend:BOOL:[-1] Load:FP32:[-1,3]",
            Tensors(metadata.GetProperty("inputs")));
        Assert.AreEqual("predicted_label:BOOL:[-1] score:FP32:[-1] probability:FP32:[-1]", Tensors(metadata.GetProperty("outputs")));
    }

    [TestMethod]
    public async Task Versioned_paths_answer_for_the_loaded_version_and_404_for_any_other()
    {
        Assert.AreEqual(HttpStatusCode.OK, (await _host.Client.GetAsync("/v2/models/triage/versions/1.0.0")).StatusCode);
        var ready = await (await _host.Client.GetAsync("/v2/models/triage/versions/1.0.0/ready")).Json();
        Assert.AreEqual("triage", ready.GetProperty("name").GetString());
        Assert.IsTrue(ready.GetProperty("ready").GetBoolean());

        StringAssert.Contains(await (await _host.Client.GetAsync("/v2/models/triage/versions/9.9.9")).Error(404), "9.9.9");
        StringAssert.Contains(await (await _host.Client.GetAsync("/v2/models/triage/versions/9.9.9/ready")).Error(404), "9.9.9");
        var infer = await _host.PostJson("/v2/models/triage/versions/9.9.9/infer", TriageRequest("vpn drops"));
        StringAssert.Contains(await infer.Error(404), "version '9.9.9'");
    }

    [TestMethod]
    public async Task Model_ready_answers_true_for_a_served_model()
    {
        var ready = await (await _host.Client.GetAsync("/v2/models/failure/ready")).Json();
        Assert.AreEqual("failure", ready.GetProperty("name").GetString());
        Assert.IsTrue(ready.GetProperty("ready").GetBoolean());
    }

    [TestMethod]
    public async Task An_unknown_model_is_404_on_every_path()
    {
        StringAssert.Contains(await (await _host.Client.GetAsync("/v2/models/nope")).Error(404), "'nope'");
        StringAssert.Contains(await (await _host.Client.GetAsync("/v2/models/nope/ready")).Error(404), "'nope'");
        StringAssert.Contains(await (await _host.PostJson("/v2/models/nope/infer", TriageRequest("x"))).Error(404), "'nope'");
        StringAssert.Contains(await (await _host.PostJson("/predict/nope", """{"title":"x","description":"y"}""")).Error(404), "'nope'");
    }

    [TestMethod]
    public async Task Multiclass_inference_answers_labels_scores_and_the_class_of_each_score_column()
    {
        var body = """
            {"id": "req-7", "inputs": [
              {"name": "Title", "shape": [2], "datatype": "BYTES", "data": ["dns resolution fails", "disk full on server"]},
              {"name": "Description", "shape": [2, 1], "datatype": "BYTES", "data": [["packet loss and vpn tunnel dropping"], ["volume out of space, write errors"]]}
            ]}
            """;
        var response = await _host.PostJson("/v2/models/triage/infer", body);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        var answer = await response.Json();
        Assert.AreEqual("triage", answer.GetProperty("model_name").GetString());
        Assert.AreEqual("1.0.0", answer.GetProperty("model_version").GetString());
        Assert.AreEqual("req-7", answer.GetProperty("id").GetString());

        var outputs = answer.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        CollectionAssert.AreEqual(new[] { "predicted_label", "score", "scores", "classes" }, outputs.Keys.ToArray());
        Assert.AreEqual("BYTES", outputs["predicted_label"].GetProperty("datatype").GetString());
        CollectionAssert.AreEqual(new[] { "network", "disk" }, Strings(outputs["predicted_label"].GetProperty("data")));
        Assert.AreEqual("[2,3]", Shape(outputs["scores"]));
        CollectionAssert.AreEqual(TestModels.Areas, Strings(outputs["classes"].GetProperty("data")));

        // Row 0's scores are a distribution whose largest column is its label's, and its score is that column's.
        var scores = outputs["scores"].GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.AreEqual(1.0, scores[..3].Sum(), 1e-3);
        Assert.AreEqual(Array.IndexOf(TestModels.Areas, "network"), Array.IndexOf(scores[..3], scores[..3].Max()));
        Assert.AreEqual(scores[..3].Max(), outputs["score"].GetProperty("data")[0].GetSingle(), 1e-6);
    }

    [TestMethod]
    public async Task Binary_inference_takes_every_datatype_and_a_nested_vector()
    {
        var response = await _host.PostJson("/v2/models/failure/infer", ReadingRequest());
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        var answer = await response.Json();
        Assert.IsTrue(answer.TryGetProperty("id", out var id) && id.GetString()!.Length > 0, "an id is made up when the request has none");
        var outputs = answer.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        Assert.AreEqual("BOOL", outputs["predicted_label"].GetProperty("datatype").GetString());
        var labels = outputs["predicted_label"].GetProperty("data").EnumerateArray().Select(v => v.GetBoolean()).ToArray();
        CollectionAssert.AreEqual(new[] { true, false }, labels, "a hot machine with many errors fails, an idle one does not");
        var probability = outputs["probability"].GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.IsTrue(probability[0] > 0.5 && probability[1] < 0.5, string.Join(", ", probability));
    }

    [TestMethod]
    public async Task Requested_outputs_are_the_only_ones_answered()
    {
        var request = TriageRequest("disk full", """, "outputs": [{"name": "classes"}, {"name": "predicted_label"}]""");
        var answer = await (await _host.PostJson("/v2/models/triage/infer", request)).Json();
        var names = answer.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()).ToArray();
        CollectionAssert.AreEquivalent(new[] { "predicted_label", "classes" }, names);
    }

    public static string TriageRequest(string title, string extra = "") => $$"""
        {"inputs": [
          {"name": "Title", "shape": [1], "datatype": "BYTES", "data": ["{{title}}"]},
          {"name": "Description", "shape": [1], "datatype": "BYTES", "data": ["{{title}}"]}
        ]{{extra}}}
        """;

    public static string ReadingRequest(float cpu = 95) => $$"""
        {"inputs": [
          {"name": "Cpu", "shape": [2], "datatype": "FP32", "data": [{{cpu.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, 5]},
          {"name": "MemoryGb", "shape": [2], "datatype": "FP64", "data": [30.5, 8]},
          {"name": "Errors", "shape": [2], "datatype": "INT32", "data": [19, 0]},
          {"name": "Requests", "shape": [2], "datatype": "INT64", "data": [90000, 200]},
          {"name": "Weekend", "shape": [2], "datatype": "BOOL", "data": [false, true]},
          {"name": "Load", "shape": [2, 3], "datatype": "FP32", "data": [[0.95, 0.5, 0.5], [0.05, 0.5, 0.5]]}
        ]}
        """;

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(v => v.GetString()!).ToArray();

    private static string Shape(JsonElement tensor) => "[" + string.Join(",", tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())) + "]";

    private static string Tensors(JsonElement list) => string.Join(" ", list.EnumerateArray()
        .Select(t => $"{t.GetProperty("name").GetString()}:{t.GetProperty("datatype").GetString()}:{Shape(t)}"));
}
