using System.Reflection;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Testing;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Hosting;

/// <summary>
/// The entry point of every model project (the SDK generates a Main that calls <see cref="Run"/>).
/// <c>&lt;model&gt; train|evaluate|publish|sync &lt;request.json&gt; [--publish DIR]</c>: a lifecycle command of the
/// MSBuild targets; exit code 0 on success, 1 on a reported error, 2 on bad usage. <c>&lt;model&gt; serve</c> runs the
/// serving host (a project with MlOpsServe=true). Started with anything else (as
/// dotnet test starts it: <c>--server ...</c>, <c>--list-tests</c>, <c>--report-trx</c>, no arguments) it is a
/// Microsoft.Testing.Platform test application whose tests are the gates, with the platform's exit codes.
/// </summary>
public static class ModelHost
{
    private static readonly string[] Commands = ["train", "evaluate", "publish", "sync", "monitor"];

    /// <summary>Runs the command in <paramref name="args"/> for the one model class of <paramref name="modelAssembly"/>.</summary>
    /// <param name="args">The command line, as the SDK's targets or dotnet test pass it.</param>
    /// <param name="modelAssembly">The model project's assembly, holding its model class.</param>
    /// <returns>The process exit code: 0, 1 or 2 for a lifecycle command, the platform's for a test run.</returns>
    public static int Run(string[] args, Assembly modelAssembly) =>
        args.Length > 0 && args[0] == ServeCommand.Name ? ServeCommand.Run(args, modelAssembly) :
        (args.Length > 0 && Commands.Contains(args[0])
            ? RunCommandAsync(args, modelAssembly)
            : GateTestApplication.RunAsync(args, modelAssembly)).GetAwaiter().GetResult();

    private static async Task<int> RunCommandAsync(string[] args, Assembly modelAssembly)
    {
        var reporter = Reporter.Console;
        if (args.Length < 2 || args.Length % 2 != 0)
        {
            Console.Error.WriteLine("usage: <model> train|evaluate|publish|sync|monitor <request.json> [--publish DIR]  (run by the Sdk.MlOps MSBuild targets)");
            return 2;
        }

        bool verbose = false;
        ParentWatch.Start();
        await ReportFailuresAsync(reporter, () => verbose, async () =>
        {
            var request = Request.Load(args[1]);
            verbose = request.Verbose;
            request.Command = args[0];
            for (int i = 2; i < args.Length; i += 2)
            {
                if (args[i] == "--publish") request.PublishDirectory = args[i + 1];
            }

            if (request.Command == "sync")
            {
                await new StoreSync(request.Tracking, reporter).RunAsync();
                return;
            }

            var model = ModelLocator.Find(modelAssembly, request.ModelClass);
            using var tracking = new LifecycleTracking(request, reporter);
            switch (request.Command)
            {
                case "train": await new Trainer(model, request, reporter).RunAsync(tracking); break;
                case "evaluate": await new Evaluator(model, request, reporter).RunAsync(tracking); break;
                case "monitor": await new Monitoring.Monitor(model, request, reporter).RunAsync(tracking); break;
                default: await new Publisher(model, request, reporter).RunAsync(tracking); break;
            }
        });

        return reporter.HasErrors ? 1 : 0;
    }

    /// <summary>Runs <paramref name="action"/>, turning what it throws into reported errors.</summary>
    internal static async Task ReportFailuresAsync(Reporter reporter, Func<bool> verbose, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (MlOpsException e)
        {
            reporter.Error(e);
            if (verbose() && e.InnerException is { } inner) reporter.Detail(inner.ToString());
        }
        catch (Exception e)
        {
            // Not a failure the user can cause: keep the stack, it is what a bug report needs.
            reporter.Error(ErrorCodes.Internal, $"Sdk.MlOps failed unexpectedly: {e}");
        }
    }
}
