using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.Testing;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>
/// A server that is down costs a command one budget: after the first outage the engine sends nothing more to it,
/// and the run lands in the local store with MLOPS5001.
/// </summary>
[TestClass]
public sealed class TrackingOutageTests
{
    private static (Request Request, string ModelDir) Setup(TempDirectory dir, Uri server, double budgetSeconds = 0.5)
    {
        var request = TestData.Request(dir.Path, TestData.Csv(dir.File("train.csv", "a,b\n1,2\n")));
        request.ProjectFile = Path.Combine(dir.Path, "TestModel.csproj");
        request.Tracking.Uri = server.ToString();
        request.Tracking.BudgetSeconds = budgetSeconds;
        File.WriteAllText(request.ModelPath, "model");
        return (request, dir.Path);
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public async Task AfterTheFirstOutageNothingMoreIsSentAndTheRunIsKeptLocally(bool hanging)
    {
        using var dir = new TempDirectory();
        using var port = hanging ? SilentServer.Hanging() : SilentServer.Closing();
        var (request, _) = Setup(dir, port.Uri);
        var reporter = new CapturedReporter();
        using var tracking = new LifecycleTracking(request, reporter.Reporter);

        Assert.IsNull(await tracking.TryRestoreFromServer());
        var run = await tracking.RecordTraining(TestData.Report());
        Assert.IsNotNull(run);
        await tracking.AttachFile(run, request.ModelPath);

        Assert.AreEqual(1, port.Connections);
        Assert.IsTrue(run.IsLocal);
        CollectionAssert.AreEqual(new[] { ErrorCodes.TrackingUnavailable, ErrorCodes.TrackingUnavailable }, reporter.WarningCodes);
        Assert.IsNotNull(await new MLflow.FileStore(request.Tracking.LocalStore!).GetRunAsync(run.RunId));
    }

    [TestMethod]
    public async Task AServerThatAnswersIsUsedThroughout()
    {
        using var dir = new TempDirectory();
        await using var server = await FakeMlflowServer.StartAsync();
        var (request, _) = Setup(dir, server.Uri);
        var reporter = new CapturedReporter();
        using var tracking = new LifecycleTracking(request, reporter.Reporter);

        Assert.IsNull(await tracking.TryRestoreFromServer());
        var run = await tracking.RecordTraining(TestData.Report());

        Assert.IsFalse(run!.IsLocal);
        Assert.IsEmpty(reporter.WarningCodes);
    }

    [TestMethod]
    public async Task WithTrackingRequiredAnOutageStillFails()
    {
        using var dir = new TempDirectory();
        using var port = SilentServer.Closing();
        var (request, _) = Setup(dir, port.Uri);
        request.Tracking.Required = true;
        using var tracking = new LifecycleTracking(request, new CapturedReporter().Reporter);

        var e = await Assert.ThrowsExactlyAsync<MlOpsException>(() => tracking.RecordTraining(TestData.Report()));

        Assert.AreEqual(ErrorCodes.TrackingUnavailable, e.Code);
    }

    [TestMethod]
    public void TheBudgetComesFromTheRequestThenTheEnvironmentThenTheDefault()
    {
        string? Env(string name) => name == TrackingBudget.Variable ? "12.5" : null;
        Assert.AreEqual(TimeSpan.FromSeconds(2), TrackingBudget.Resolve(new TrackingSettings { BudgetSeconds = 2 }, Env));
        Assert.AreEqual(TimeSpan.FromSeconds(12.5), TrackingBudget.Resolve(new TrackingSettings(), Env));
        Assert.AreEqual(TrackingBudget.Default, TrackingBudget.Resolve(new TrackingSettings(), _ => null));
    }

    [TestMethod]
    [DataRow("5s")]
    [DataRow("0")]
    [DataRow("-1")]
    [DataRow("NaN")]
    public void ABudgetThatIsNoPositiveNumberIsACodedError(string value)
    {
        var e = Assert.ThrowsExactly<MlOpsException>(() => TrackingBudget.Resolve(new TrackingSettings(), _ => value));
        Assert.AreEqual(ErrorCodes.TrackingFailed, e.Code);
    }

    [TestMethod]
    public void TheBudgetBoundsEachRequestAndOpensTheBreaker()
    {
        var options = TrackingBudget.Apply(new MLflow.MlflowClientOptions(), TimeSpan.FromSeconds(5));

        Assert.IsTrue(options.FailFastAfterOutage);
        Assert.AreEqual(TimeSpan.FromSeconds(5), options.RequestTimeout);
        Assert.AreEqual(TimeSpan.FromSeconds(5), options.TotalTimeout);
        Assert.AreEqual(TimeSpan.FromSeconds(1), TrackingBudget.Apply(new MLflow.MlflowClientOptions { RequestTimeout = TimeSpan.FromSeconds(1) }, TimeSpan.FromSeconds(5)).RequestTimeout);
    }
}
