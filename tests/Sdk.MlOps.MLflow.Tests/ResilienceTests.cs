using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sdk.MlOps.MLflow.Tests;

[TestClass]
public sealed class ResilienceTests
{
    private FakeMlflowServer _server = null!;

    [TestInitialize]
    public async Task StartAsync() => _server = await FakeMlflowServer.StartAsync();

    [TestCleanup]
    public async Task StopAsync() => await _server.DisposeAsync();

    [TestMethod]
    public async Task ABurstOf503IsRetriedAway()
    {
        using var client = TestSupport.Client(_server);
        _server.Faults.Add("GET", "experiments/get-by-name", new Fault.Status(503), times: 3);

        Assert.IsNull(await client.GetExperimentByNameAsync("x"));

        Assert.HasCount(4, _server.RequestsTo("GET", "experiments/get-by-name"));
    }

    [TestMethod]
    public async Task A429WaitsForItsRetryAfter()
    {
        using var client = TestSupport.Client(_server);
        _server.Faults.Add("POST", "experiments/search", new Fault.Status(429, "REQUEST_LIMIT_EXCEEDED", RetryAfter: "1"));
        var clock = Stopwatch.StartNew();

        await client.SearchExperimentsAsync();

        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900), clock.Elapsed);
        Assert.HasCount(2, _server.RequestsTo("POST", "experiments/search"));
    }

    [TestMethod]
    public async Task ASlowAnswerTimesOutPerAttemptAndIsRetried()
    {
        using var client = TestSupport.Client(_server, o => o.RequestTimeout = TimeSpan.FromSeconds(1));
        _server.Faults.Add("POST", "experiments/search", new Fault.Delay(TimeSpan.FromSeconds(20)));
        var clock = Stopwatch.StartNew();

        await client.SearchExperimentsAsync();

        Assert.IsLessThan(TimeSpan.FromSeconds(6), clock.Elapsed);
        Assert.HasCount(2, _server.RequestsTo("POST", "experiments/search"));
    }

    [TestMethod]
    public async Task Exhausted503RetriesAreTemporarilyUnavailable()
    {
        using var client = TestSupport.Client(_server, o => o.MaxRetries = 3);
        _server.Faults.Always("POST", "experiments/search", new Fault.Status(503));

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => client.SearchExperimentsAsync());

        Assert.AreEqual(MlflowException.ErrorCodes.Unavailable, error.ErrorCode);
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        StringAssert.Contains(error.Message, "POST /api/2.0/mlflow/experiments/search");
        Assert.HasCount(4, _server.RequestsTo("POST", "experiments/search"));
    }

    [TestMethod]
    public async Task TheTotalBoundEndsAServerThatNeverAnswers()
    {
        using var client = TestSupport.Client(_server, o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(400);
            o.TotalTimeout = TimeSpan.FromSeconds(1.5);
            o.MaxRetries = 50;
        });
        _server.Faults.Always("POST", "experiments/search", new Fault.Delay(TimeSpan.FromSeconds(30)));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => client.SearchExperimentsAsync());

        Assert.AreEqual(MlflowException.ErrorCodes.Unavailable, error.ErrorCode);
        Assert.IsLessThan(TimeSpan.FromSeconds(3), clock.Elapsed);
        Assert.IsGreaterThanOrEqualTo(2, _server.RequestsTo("POST", "experiments/search").Count);
    }

    [TestMethod]
    public async Task ARefusedConnectionIsTemporarilyUnavailable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new MlflowClient(TestSupport.FastOptions(new Uri($"http://127.0.0.1:{port}")));

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => client.GetExperimentByNameAsync("x"));

        Assert.AreEqual(MlflowException.ErrorCodes.Unavailable, error.ErrorCode);
        Assert.IsNull(error.StatusCode);
    }

    [TestMethod]
    public async Task ARunCreatedButUnansweredIsNotCreatedTwice()
    {
        using var client = TestSupport.Client(_server);
        var experimentId = await client.CreateExperimentAsync("exp");
        _server.Faults.Add("POST", "runs/create", new Fault.DropAfterProcessing());

        var run = await client.CreateRunAsync(experimentId, "once", TestSupport.Now);

        Assert.AreEqual(1, _server.State.RunCount);
        Assert.HasCount(1, _server.RequestsTo("POST", "runs/create"));
        Assert.AreEqual(run.Info.RunId, (await client.SearchRunsAsync([experimentId])).Items.Single().Info.RunId);
        Assert.AreEqual("once", run.Info.RunName);
    }

    [TestMethod]
    public async Task ARunWhoseCreateNeverArrivedIsCreatedOnRetry()
    {
        using var client = TestSupport.Client(_server);
        var experimentId = await client.CreateExperimentAsync("exp");
        _server.Faults.Add("POST", "runs/create", new Fault.DropBeforeProcessing());

        var run = await client.CreateRunAsync(experimentId, "once", TestSupport.Now);

        Assert.AreEqual(1, _server.State.RunCount);
        Assert.HasCount(2, _server.RequestsTo("POST", "runs/create"));
        Assert.AreEqual(run.Info.RunId, (await client.GetRunAsync(run.Info.RunId)).Info.RunId);
    }

    [TestMethod]
    public async Task AFailedLookupIsRetriedAndStillCreatesNothingTwice()
    {
        using var client = TestSupport.Client(_server);
        var experimentId = await client.CreateExperimentAsync("exp");
        _server.Faults.Add("POST", "runs/create", new Fault.DropAfterProcessing());
        _server.Faults.Add("POST", "runs/search", new Fault.Status(503), times: 2);

        await client.CreateRunAsync(experimentId, "once", TestSupport.Now);

        Assert.AreEqual(1, _server.State.RunCount);
        Assert.HasCount(1, _server.RequestsTo("POST", "runs/create"));
    }

    [TestMethod]
    public async Task AModelVersionCreatedButUnansweredIsNotCreatedTwice()
    {
        using var client = TestSupport.Client(_server);
        var run = await TestSupport.NewRunAsync(client);
        await client.CreateRegisteredModelAsync("m");
        _server.Faults.Add("POST", "model-versions/create", new Fault.DropAfterProcessing());

        var version = await client.CreateModelVersionAsync("m", $"runs:/{run.Info.RunId}/model", run.Info.RunId);

        Assert.AreEqual("1", version.Version);
        Assert.AreEqual(1, _server.State.VersionCount("m"));
        Assert.HasCount(1, _server.RequestsTo("POST", "model-versions/create"));
    }

    [TestMethod]
    public async Task ARegisteredModelCreatedButUnansweredIsReturned()
    {
        using var client = TestSupport.Client(_server);
        _server.Faults.Add("POST", "registered-models/create", new Fault.DropAfterProcessing());

        var model = await client.CreateRegisteredModelAsync("m", "desc");

        Assert.AreEqual("m", model.Name);
        Assert.AreEqual("desc", model.Description);
    }

    [TestMethod]
    public async Task ACallerHttpClientOverTheMlflowHandlersKeepsCreatesSingle()
    {
        var options = TestSupport.FastOptions(_server.Uri);
        using var http = new HttpClient(MlflowClient.CreateHandlers(options, new SocketsHttpHandler())) { Timeout = Timeout.InfiniteTimeSpan };
        using var client = new MlflowClient(http, options);
        var experimentId = await client.CreateExperimentAsync("exp");
        _server.Faults.Add("POST", "runs/create", new Fault.DropAfterProcessing());
        _server.Faults.Add("GET", "runs/get", new Fault.Status(502));

        var run = await client.CreateRunAsync(experimentId, "once", TestSupport.Now);
        await client.GetRunAsync(run.Info.RunId);

        Assert.AreEqual(1, _server.State.RunCount);
    }

    [TestMethod]
    public async Task APlainCallerHttpClientIsUsedWithItsBaseAddress()
    {
        using var http = new HttpClient { BaseAddress = _server.Uri };
        using var client = new MlflowClient(http);

        var id = await client.CreateExperimentAsync("plain");

        Assert.AreEqual(id, (await client.GetExperimentByNameAsync("plain"))!.ExperimentId);
    }

    [TestMethod]
    public async Task CancellationStopsAWaitingCallPromptly()
    {
        using var client = TestSupport.Client(_server);
        _server.Faults.Add("POST", "experiments/search", new Fault.Delay(TimeSpan.FromSeconds(10)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<OperationCanceledException>(() => client.SearchExperimentsAsync(cancellationToken: cancel.Token));

        Assert.IsLessThan(TimeSpan.FromSeconds(2), clock.Elapsed);
        Assert.HasCount(1, _server.RequestsTo("POST", "experiments/search"));
    }

    [TestMethod]
    public async Task CancellationStopsTheBackoffBetweenRetries()
    {
        using var client = TestSupport.Client(_server, o => o.RetryDelay = o.MaxRetryDelay = TimeSpan.FromSeconds(5));
        _server.Faults.Always("POST", "experiments/search", new Fault.Status(503));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<OperationCanceledException>(() => client.SearchExperimentsAsync(cancellationToken: cancel.Token));

        Assert.IsLessThan(TimeSpan.FromSeconds(2), clock.Elapsed);
    }

    [TestMethod]
    public async Task ABatchIsCancelledBetweenCalls()
    {
        using var client = TestSupport.Client(_server);
        var run = await TestSupport.NewRunAsync(client);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            client.LogBatchAsync(run.Info.RunId, [new Metric("m", 1, 1)], cancellationToken: cancel.Token));

        Assert.IsEmpty(_server.RequestsTo("POST", "runs/log-batch"));
    }

    [TestMethod]
    public async Task A404WithoutMlflowsJsonIsAWrongUrlNotAnAbsentEntity()
    {
        using var client = new MlflowClient(TestSupport.FastOptions(new Uri(_server.Uri, "/not-mlflow/")));

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => client.GetExperimentByNameAsync("x"));

        Assert.AreEqual("ENDPOINT_NOT_FOUND", error.ErrorCode);
        Assert.AreEqual("/not-mlflow/api/2.0/mlflow/experiments/get-by-name", _server.Requests.Single().Path);
    }

    [TestMethod]
    public async Task ANonJsonSuccessIsReportedNotSwallowed()
    {
        using var client = TestSupport.Client(_server);
        _server.Faults.Add("POST", "experiments/search", new Fault.Raw(200, "<html>proxy login</html>", "text/html"));

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => client.SearchExperimentsAsync());

        Assert.AreEqual(MlflowException.ErrorCodes.InternalError, error.ErrorCode);
    }
}
