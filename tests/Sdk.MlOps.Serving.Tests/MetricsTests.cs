using System.Net;

namespace Sdk.MlOps.Serving.Tests;

/// <summary><c>/metrics</c>: Prometheus text with the request counter, the latency histogram and the prediction distribution.</summary>
[TestClass]
public sealed class MetricsTests
{
    [TestMethod]
    public async Task Metrics_has_requests_latency_and_the_predictions_by_label()
    {
        await using var host = await ServingHost.Start(failureModel: false);
        Assert.AreEqual(HttpStatusCode.OK, (await host.PostJson("/predict/triage", """{"title": "disk full", "description": "volume out of space"}""")).StatusCode);
        Assert.AreEqual(HttpStatusCode.BadRequest, (await host.PostJson("/predict/triage", """{"title": 1}""")).StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, (await host.PostJson("/predict/made-up-name", """{"title": "x"}""")).StatusCode);

        string text = "";
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var response = await host.Client.GetAsync("/metrics");
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
            if (text.Contains("mlops_serving_predictions_total", StringComparison.Ordinal)) break;
            await Task.Delay(200);
        }

        StringAssert.Contains(text, "mlops_serving_requests_total{");
        StringAssert.Contains(text, "mlops_serving_request_duration_seconds_bucket{");
        StringAssert.Contains(text, "mlops_serving_prediction_score_bucket{");
        var predictions = text.Split('\n').Where(l => l.StartsWith("mlops_serving_predictions_total{", StringComparison.Ordinal)).ToArray();
        Assert.IsTrue(predictions.Any(l => l.Contains("label=\"disk\"") && l.Contains("model=\"triage\"") && l.Contains("version=\"1.0.0\"")), string.Join("\n", predictions));
        var requests = text.Split('\n').Where(l => l.StartsWith("mlops_serving_requests_total{", StringComparison.Ordinal)).ToArray();
        Assert.IsTrue(requests.Any(l => l.Contains("endpoint=\"predict\"") && l.Contains("status_code=\"400\"")), string.Join("\n", requests));
        Assert.IsFalse(text.Contains("made-up-name", StringComparison.Ordinal), "a model name a client made up never becomes a label");
        Assert.IsTrue(requests.Any(l => l.Contains("endpoint=\"predict\"") && l.Contains("model=\"\"") && l.Contains("status_code=\"404\"")), string.Join("\n", requests));
        StringAssert.Contains(text, "mlops_serving_request_duration_seconds_bucket{", "the latency histogram");
    }
}
