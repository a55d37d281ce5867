using System.Net;
using System.Net.Http.Headers;

namespace Sdk.MlOps.Serving.Tests;

/// <summary>The API key: required everywhere but health, taken in both header forms, never logged.</summary>
[TestClass]
public sealed class SecurityTests
{
    private const string Key = "k3y-0f-the-serving-tests";
    private static ServingHost _host = null!;

    [ClassInitialize]
    public static async Task Start(TestContext context) =>
        // As the environment variable: configuration is where the host's environment provider puts it.
        _host = await ServingHost.Start(new() { ["MLOPS_API_KEY"] = Key }, failureModel: false);

    [ClassCleanup]
    public static async Task Stop() => await _host.DisposeAsync();

    [TestMethod]
    [DataRow("/v2")]
    [DataRow("/v2/models/triage")]
    [DataRow("/v2/models/triage/ready")]
    [DataRow("/openapi/v1.json")]
    public async Task Without_the_key_every_endpoint_but_health_is_401(string path)
    {
        var response = await _host.Client.GetAsync(path);
        StringAssert.Contains(await response.Error(401), "API key is required");
        Assert.AreEqual("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [TestMethod]
    public async Task A_prediction_without_the_key_or_with_a_wrong_one_is_401()
    {
        var body = """{"title": "disk full", "description": "no space"}""";
        StringAssert.Contains(await (await _host.PostJson("/predict/triage", body)).Error(401), "required");
        StringAssert.Contains(await (await Send("/predict/triage", body, r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key + "x"))).Error(401), "not valid");
        StringAssert.Contains(await (await Send("/predict/triage", body, r => r.Headers.Add("X-API-Key", Key[..^1]))).Error(401), "not valid");
        StringAssert.Contains(await (await Send("/predict/triage", body, r => r.Headers.Authorization = new AuthenticationHeaderValue("Basic", Key))).Error(401), "required");
    }

    [TestMethod]
    public async Task The_key_as_a_bearer_token_or_in_X_API_Key_is_let_through()
    {
        var body = """{"title": "disk full", "description": "no space"}""";
        var bearer = await Send("/predict/triage", body, r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key));
        Assert.AreEqual(HttpStatusCode.OK, bearer.StatusCode);
        var header = await Send("/predict", body, r => r.Headers.Add("X-API-Key", Key));
        Assert.AreEqual(HttpStatusCode.OK, header.StatusCode, "one model served: /predict needs no name");
        Assert.AreEqual("disk", (await header.Json()).GetProperty("label").GetString());
    }

    [TestMethod]
    public async Task Health_and_metrics_are_open()
    {
        Assert.AreEqual(HttpStatusCode.OK, (await _host.Client.GetAsync("/v2/health/live")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await _host.Client.GetAsync("/v2/health/ready")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await _host.Client.GetAsync("/metrics")).StatusCode, "Prometheus scrapes without a key");
    }

    [TestMethod]
    public async Task The_key_never_reaches_the_log()
    {
        await Send("/predict/triage", """{"title": "x", "description": "y"}""", r => r.Headers.Add("X-API-Key", Key));
        await Send("/predict/triage", """{"title": "x", "description": "y"}""", r => r.Headers.Add("X-API-Key", Key + "-wrong"));
        Assert.IsTrue(_host.Logs.Lines.Count > 0);
        Assert.IsFalse(_host.Logs.All.Contains(Key[..10], StringComparison.Ordinal), "no part of the key is logged");
        StringAssert.Contains(_host.Logs.All, "API key authentication is on");
    }

    [TestMethod]
    public async Task Refused_requests_are_counted_with_their_status()
    {
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await _host.Client.GetAsync("/v2/models/triage")).StatusCode);
        string text = "";
        for (int attempt = 0; attempt < 20 && !text.Contains("status_code=\"401\"", StringComparison.Ordinal); attempt++)
        {
            if (attempt > 0) await Task.Delay(200);
            var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Add("X-API-Key", Key);
            text = await (await _host.Client.SendAsync(request)).Content.ReadAsStringAsync();
        }

        Assert.IsTrue(text.Split('\n').Any(l => l.StartsWith("mlops_serving_requests_total{", StringComparison.Ordinal) && l.Contains("status_code=\"401\"")), text);
    }

    private static Task<HttpResponseMessage> Send(string path, string json, Action<HttpRequestMessage> authorize)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        authorize(request);
        return _host.Client.SendAsync(request);
    }
}
