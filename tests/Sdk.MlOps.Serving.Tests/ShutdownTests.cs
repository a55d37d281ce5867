using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Sdk.MlOps.Serving.Tests;

/// <summary>Graceful shutdown: readiness turns false while the host drains; a request in flight completes.</summary>
[TestClass]
public sealed class ShutdownTests
{
    [TestMethod]
    public async Task While_draining_readiness_is_503_and_predictions_are_still_served()
    {
        var host = await ServingHost.Start(new() { ["MlOps:Serving:DrainDelay"] = "00:00:01.500" }, failureModel: false);
        Assert.AreEqual(HttpStatusCode.OK, (await host.Client.GetAsync("/v2/health/ready")).StatusCode);

        var stopping = host.App.StopAsync();
        await Task.Delay(200);
        var ready = await host.Client.GetAsync("/v2/health/ready");
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.IsFalse((await ready.Json()).GetProperty("ready").GetBoolean());
        Assert.AreEqual(HttpStatusCode.OK, (await host.Client.GetAsync("/v2/health/live")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await host.PostJson("/predict/triage", """{"title": "disk full", "description": "no space"}""")).StatusCode);
        Assert.IsFalse(stopping.IsCompleted, "the host is still draining");

        await stopping;
        await host.DisposeAsync();
    }

    [TestMethod]
    public async Task A_request_in_flight_when_the_host_stops_completes()
    {
        var host = await ServingHost.Start(failureModel: false);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var body = Encoding.UTF8.GetBytes("""{"title": "disk full on the database server", "description": "volume out of space"}""");
        var content = new GatedContent(body[..20], body[20..], gate.Task);
        var inFlight = host.Client.PostAsync("/predict/triage", content);
        await content.FirstPartSent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(200);

        var stopping = host.App.StopAsync();
        await Task.Delay(300);
        Assert.IsFalse(stopping.IsCompleted, "the host waits for the request");
        using (var other = new HttpClient { BaseAddress = host.BaseAddress })
            await Assert.ThrowsExactlyAsync<HttpRequestException>(() => other.GetAsync("/v2/health/live"), "the listener is closed to new connections");

        gate.SetResult();
        var response = await inFlight.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("disk", (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("label").GetString());
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        await host.DisposeAsync();
    }

    /// <summary>A body sent in two parts, the second once the gate opens: the request is in flight in between.</summary>
    private sealed class GatedContent(byte[] first, byte[] rest, Task gate) : HttpContent
    {
        public TaskCompletionSource FirstPartSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(first);
            await stream.FlushAsync();
            FirstPartSent.TrySetResult();
            await gate;
            await stream.WriteAsync(rest);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = first.Length + rest.Length;
            return true;
        }
    }
}
