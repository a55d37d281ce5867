using System.Net;
using System.Text.Json;

namespace Sdk.MlOps.Serving.Tests;

/// <summary><c>POST /predict</c>: the input class as JSON, one object or a batch, with top-k; and the OpenAPI document.</summary>
[TestClass]
public sealed class PredictTests
{
    private static ServingHost _host = null!;

    [ClassInitialize]
    public static async Task Start(TestContext context) => _host = await ServingHost.Start();

    [ClassCleanup]
    public static async Task Stop() => await _host.DisposeAsync();

    [TestMethod]
    public async Task One_object_gets_one_prediction_and_the_classes_asked_for()
    {
        var plain = await (await _host.PostJson("/predict/triage", """{"title": "dns resolution fails", "Description": "packet loss on the vpn tunnel"}""")).Json();
        Assert.AreEqual("network", plain.GetProperty("label").GetString());
        Assert.IsFalse(plain.TryGetProperty("top", out _), "no class list unless asked for");

        var response = await _host.PostJson("/predict/triage?top=3", """{"title": "dns resolution fails", "Description": "packet loss on the vpn tunnel"}""");
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        var answer = await response.Json();
        Assert.AreEqual("triage", answer.GetProperty("model").GetString());
        Assert.AreEqual("1.0.0", answer.GetProperty("version").GetString());
        Assert.AreEqual("network", answer.GetProperty("label").GetString());
        var top = answer.GetProperty("top").EnumerateArray().ToArray();
        Assert.AreEqual(3, top.Length);
        Assert.AreEqual("network", top[0].GetProperty("label").GetString());
        Assert.AreEqual(answer.GetProperty("score").GetSingle(), top[0].GetProperty("score").GetSingle(), 1e-6);
        Assert.IsTrue(top[0].GetProperty("score").GetSingle() >= top[1].GetProperty("score").GetSingle());
        Assert.IsFalse(answer.TryGetProperty("probability", out _), "a multiclass model has no probability field");
    }

    [TestMethod]
    public async Task Input_values_never_reach_the_log()
    {
        var response = await _host.PostJson("/predict/triage", """{"title": "zebra-unique-title-47", "description": "okapi-unique-description-91"}""");
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.IsTrue(_host.Logs.Lines.Any(l => l.Contains("Predicted 1 rows with triage", StringComparison.Ordinal)), "the request is logged");
        Assert.IsFalse(_host.Logs.All.Contains("zebra-unique", StringComparison.Ordinal));
        Assert.IsFalse(_host.Logs.All.Contains("okapi-unique", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task A_batch_gets_an_array_in_order_and_top_k_cuts_the_classes()
    {
        var body = """
            [{"title": "disk full on database server", "description": "volume running out of space"},
             {"title": "login fails", "description": "password rejected, user locked out", "area": "ignored label"}]
            """;
        var response = await _host.PostJson("/predict/triage?top=1", body);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        var answers = (await response.Json()).EnumerateArray().ToArray();
        CollectionAssert.AreEqual(new[] { "disk", "auth" }, answers.Select(a => a.GetProperty("label").GetString()).ToArray());
        Assert.IsTrue(answers.All(a => a.GetProperty("top").GetArrayLength() == 1));
    }

    [TestMethod]
    public async Task A_binary_model_answers_true_or_false_with_its_probability_and_no_classes()
    {
        var body = """{"cpu": 97, "memoryGb": 31.0, "errors": 18, "requests": 95000, "weekend": false, "load": [0.97, 0.4, 0.6]}""";
        var answer = await (await _host.PostJson("/predict/failure", body)).Json();
        Assert.AreEqual("true", answer.GetProperty("label").GetString());
        Assert.AreEqual("2.1.0", answer.GetProperty("version").GetString());
        Assert.IsTrue(answer.GetProperty("probability").GetSingle() > 0.5);
        Assert.IsFalse(answer.TryGetProperty("top", out _));
    }

    [TestMethod]
    public async Task Predict_without_a_name_is_404_when_two_models_are_served()
    {
        var error = await (await _host.PostJson("/predict", """{"title": "x", "description": "y"}""")).Error(404);
        StringAssert.Contains(error, "/predict/{name}");
    }

    [TestMethod]
    public async Task An_unexpected_failure_is_a_500_with_a_trace_id_and_the_details_only_in_the_log()
    {
        var body = """{"cpu": 12345, "memoryGb": 1, "errors": 1, "requests": 1, "weekend": false, "load": [0, 0, 0]}""";
        var response = await _host.PostJson("/predict/failure", body);
        var error = await response.Error(500);
        Assert.IsFalse(error.Contains("simulated", StringComparison.Ordinal));
        var traceId = (await response.Json()).GetProperty("trace_id").GetString();
        Assert.IsFalse(string.IsNullOrEmpty(traceId));
        Assert.IsTrue(_host.Logs.Lines.Any(l => l.Contains(traceId!, StringComparison.Ordinal) && l.Contains("simulated fault", StringComparison.Ordinal)),
            "the log has the exception under the trace id");
    }

    [TestMethod]
    public async Task The_OpenAPI_document_describes_each_models_route_and_input_class_and_the_v2_paths()
    {
        var response = await _host.Client.GetAsync("/openapi/v1.json");
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Json();
        var paths = document.GetProperty("paths");
        Assert.IsTrue(paths.TryGetProperty("/predict/triage", out var triage));
        Assert.IsTrue(paths.TryGetProperty("/predict/failure", out _));
        Assert.IsTrue(paths.TryGetProperty("/v2/models/{name}/infer", out _));
        Assert.IsTrue(paths.TryGetProperty("/v2/health/ready", out _));
        Assert.IsFalse(paths.TryGetProperty("/predict/{name}", out _), "the catch-all route is not an operation of its own");
        var text = document.GetRawText();
        StringAssert.Contains(text, "\"title\"");
        StringAssert.Contains(text, "\"load\"");
        Assert.AreEqual(JsonValueKind.Object, triage.GetProperty("post").GetProperty("requestBody").ValueKind);
    }
}
