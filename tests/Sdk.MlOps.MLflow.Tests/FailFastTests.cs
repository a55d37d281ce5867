using System.Diagnostics;

namespace Sdk.MlOps.MLflow.Tests;

/// <summary><see cref="MlflowClientOptions.FailFastAfterOutage"/>: one outage, then no more waiting on that server.</summary>
[TestClass]
public sealed class FailFastTests
{
    private static MlflowClient Client(Uri uri, bool failFast, Action<MlflowClientOptions>? configure = null)
    {
        var options = TestSupport.FastOptions(uri);
        options.FailFastAfterOutage = failFast;
        configure?.Invoke(options);
        return new MlflowClient(options);
    }

    [TestMethod]
    public async Task AClosedConnectionIsTriedOnceAndLaterRequestsAreNotSent()
    {
        using var port = SilentServer.Closing();
        using var client = Client(port.Uri, failFast: true);

        var first = await Assert.ThrowsExactlyAsync<MlflowException>(() => client.GetExperimentByNameAsync("x"));
        var second = await Assert.ThrowsExactlyAsync<MlflowException>(() => client.SearchExperimentsAsync());

        Assert.AreEqual(MlflowException.ErrorCodes.Unavailable, first.ErrorCode);
        Assert.AreEqual(MlflowException.ErrorCodes.Unavailable, second.ErrorCode);
        Assert.Contains("was not sent", second.Message);
        Assert.AreEqual(1, port.Connections);
    }

    [TestMethod]
    public async Task WithoutTheOptionEveryRetryConnectsAgain()
    {
        using var port = SilentServer.Closing();
        using var client = Client(port.Uri, failFast: false);

        await Assert.ThrowsExactlyAsync<MlflowException>(() => client.GetExperimentByNameAsync("x"));

        Assert.AreEqual(1 + TestSupport.FastOptions(port.Uri).MaxRetries, port.Connections);
    }

    [TestMethod]
    public async Task AServerThatNeverAnswersCostsOneAttemptTimeout()
    {
        using var port = SilentServer.Hanging();
        using var client = Client(port.Uri, failFast: true, o => o.RequestTimeout = TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsExactlyAsync<MlflowException>(() => client.GetExperimentByNameAsync("x"));
        await Assert.ThrowsExactlyAsync<MlflowException>(() => client.CreateExperimentAsync("x"));

        Assert.AreEqual(1, port.Connections);
        Assert.IsLessThan(TimeSpan.FromSeconds(3), clock.Elapsed); // without the option: 5 attempts of 0.5 s plus backoff
    }

    [TestMethod]
    public async Task TheTotalBoundAlsoOpensIt()
    {
        await using var server = await FakeMlflowServer.StartAsync();
        using var client = Client(server.Uri, failFast: true, o =>
        {
            o.MaxRetries = 0;
            o.TotalTimeout = TimeSpan.FromMilliseconds(300);
        });
        server.Faults.Add("POST", "experiments/search", new Fault.Delay(TimeSpan.FromSeconds(10)));

        await Assert.ThrowsExactlyAsync<MlflowException>(() => client.SearchExperimentsAsync());
        await Assert.ThrowsExactlyAsync<MlflowException>(() => client.GetExperimentByNameAsync("x"));

        Assert.HasCount(1, server.Requests);
    }

    [TestMethod]
    public async Task Answers503AreStillRetriedAndDoNotOpenIt()
    {
        await using var server = await FakeMlflowServer.StartAsync();
        using var client = Client(server.Uri, failFast: true);
        server.Faults.Add("GET", "experiments/get-by-name", new Fault.Status(503), times: 2);

        Assert.IsNull(await client.GetExperimentByNameAsync("x"));
        Assert.IsNull(await client.GetExperimentByNameAsync("y"));

        Assert.HasCount(4, server.RequestsTo("GET", "experiments/get-by-name"));
    }

    [TestMethod]
    public async Task ARefusalIsNoOutage()
    {
        await using var server = await FakeMlflowServer.StartAsync();
        using var client = Client(server.Uri, failFast: true);
        server.Faults.Add("POST", "experiments/search", new Fault.Status(403, "PERMISSION_DENIED"));

        await Assert.ThrowsExactlyAsync<MlflowException>(() => client.SearchExperimentsAsync());
        Assert.IsNull(await client.GetExperimentByNameAsync("x"));
    }
}
