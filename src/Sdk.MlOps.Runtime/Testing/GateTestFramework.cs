using System.Reflection;
using Microsoft.Testing.Platform.Extensions.Messages;
using Microsoft.Testing.Platform.Extensions.OutputDevice;
using Microsoft.Testing.Platform.Extensions.TestFramework;
using Microsoft.Testing.Platform.OutputDevice;
using Microsoft.Testing.Platform.Requests;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Testing;

/// <summary>
/// A Microsoft.Testing.Platform test framework whose tests are the model's gates: discovery lists them from the
/// request; a run evaluates the model once (as the <c>evaluate</c> command does, tracking included) and publishes a
/// verdict per gate (<see cref="GateNodes"/>).
/// </summary>
internal sealed class GateTestFramework(Assembly modelAssembly, IOutputDevice output) : ITestFramework, IDataProducer, IOutputDeviceDataProducer
{
    public string Uid => "Sdk.MlOps.Gates";

    public string Version => typeof(GateTestFramework).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public string DisplayName => "Sdk.MlOps gates";

    public string Description => "The metric gates of an Sdk.MlOps model, one test each.";

    public Type[] DataTypesProduced => [typeof(TestNodeUpdateMessage)];

    public Task<bool> IsEnabledAsync() => Task.FromResult(true);

    public Task<CreateTestSessionResult> CreateTestSessionAsync(CreateTestSessionContext context) =>
        Task.FromResult(new CreateTestSessionResult { IsSuccess = true });

    public Task<CloseTestSessionResult> CloseTestSessionAsync(CloseTestSessionContext context) =>
        Task.FromResult(new CloseTestSessionResult { IsSuccess = true });

    public async Task ExecuteRequestAsync(ExecuteRequestContext context)
    {
        try
        {
            if (context.Request is not TestExecutionRequest request) return;
            var nodes = request is DiscoverTestExecutionRequest ? Discover() : await RunAsync(context.CancellationToken);
            var wanted = request.Filter is TestNodeUidListFilter filter ? filter.TestNodeUids.Select(u => u.Value).ToHashSet() : null;
            foreach (var node in nodes.Where(n => wanted is null || wanted.Contains(n.Uid.Value)))
                await context.MessageBus.PublishAsync(this, new TestNodeUpdateMessage(request.Session.SessionUid, node));
        }
        finally
        {
            context.Complete();
        }
    }

    private IReadOnlyList<TestNode> Discover()
    {
        try
        {
            return GateNodes.Discovered(RequestLocator.Load(modelAssembly, AppContext.BaseDirectory));
        }
        catch (Exception)
        {
            return GateNodes.Discovered(null); // the run reports what is wrong, with its code
        }
    }

    private async Task<IReadOnlyList<TestNode>> RunAsync(CancellationToken cancel)
    {
        var events = new List<ReportedEvent>();
        var reporter = new Reporter(TextWriter.Null, events.Add);
        Request? request = null;
        EvaluationReport? report = null;
        var start = DateTimeOffset.UtcNow;
        await ModelHost.ReportFailuresAsync(reporter, () => request?.Verbose ?? false, async () =>
        {
            request = RequestLocator.Load(modelAssembly, AppContext.BaseDirectory);
            var model = ModelLocator.Find(modelAssembly, request.ModelClass);
            using var tracking = new LifecycleTracking(request, reporter);
            report = await new Evaluator(model, request, reporter).RunAsync(tracking);
        });

        // The gate table and the warnings, as the console shows them; the verdicts follow as test results.
        foreach (var e in events.Where(e => e.Kind is "info" or "warning"))
        {
            IOutputDeviceData data = e.Kind == "warning" ? new WarningMessageOutputDeviceData(e.ToString()) : new TextOutputDeviceData(e.ToString());
            await output.DisplayAsync(this, data, cancel);
        }

        var end = DateTimeOffset.UtcNow;
        return GateNodes.Ran(request, report, events, new TimingInfo(start, end, end - start));
    }
}
