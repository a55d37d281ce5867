using System.Net;

namespace Sdk.MlOps.Serving.Tests;

/// <summary>The rate limiter: 429 with Retry-After past the permits of a window; health exempt.</summary>
[TestClass]
public sealed class RateLimitTests
{
    [TestMethod]
    public async Task Past_the_permits_of_a_window_requests_get_429_with_retry_after_and_health_stays_open()
    {
        await using var host = await ServingHost.Start(new()
        {
            ["MlOps:Serving:RateLimit:PermitLimit"] = "3",
            ["MlOps:Serving:RateLimit:Window"] = "00:00:30",
        }, failureModel: false);

        for (int i = 0; i < 3; i++)
            Assert.AreEqual(HttpStatusCode.OK, (await host.Client.GetAsync("/v2/models/triage")).StatusCode, $"request {i + 1} is within the limit");

        var refused = await host.PostJson("/predict/triage", """{"title": "x", "description": "y"}""");
        StringAssert.Contains(await refused.Error(429), "rate limit");
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.IsNotNull(retryAfter);
        Assert.IsTrue(retryAfter > TimeSpan.Zero && retryAfter <= TimeSpan.FromSeconds(30), retryAfter.ToString());

        for (int i = 0; i < 5; i++)
            Assert.AreEqual(HttpStatusCode.OK, (await host.Client.GetAsync("/v2/health/ready")).StatusCode, "health is not limited");
    }

    [TestMethod]
    public async Task The_limit_comes_before_the_key_so_a_flood_of_wrong_keys_is_limited_too()
    {
        await using var host = await ServingHost.Start(new()
        {
            ["MLOPS_API_KEY"] = "right-key",
            ["MlOps:Serving:RateLimit:PermitLimit"] = "2",
            ["MlOps:Serving:RateLimit:Window"] = "00:00:30",
        }, failureModel: false);

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 4; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/v2/models/triage");
            request.Headers.Add("X-API-Key", "wrong-key-" + i);
            statuses.Add((await host.Client.SendAsync(request)).StatusCode);
        }

        CollectionAssert.AreEqual(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests }, statuses);
    }
}
