using System.Reflection;
using Sdk.MlOps.Diagnostics;

namespace Sdk.MlOps.Hosting;

/// <summary>
/// The entry point of every model project (the SDK generates a Main that calls <see cref="Run"/>).
/// Usage: <c>&lt;model&gt; train|evaluate|publish &lt;request.json&gt;</c>. Exit code 0 on success, 1 on a
/// reported error, 2 on bad usage.
/// </summary>
public static class ModelHost
{
    public static int Run(string[] args, Assembly modelAssembly)
    {
        var reporter = Reporter.Console;
        if (args.Length != 2 || args[0] is not ("train" or "evaluate" or "publish"))
        {
            Console.Error.WriteLine("usage: <model> train|evaluate|publish <request.json>  (run by the Sdk.MlOps MSBuild targets)");
            return 2;
        }

        bool verbose = false;
        try
        {
            var request = Request.Load(args[1]);
            verbose = request.Verbose;
            request.Command = args[0];
            var model = ModelLocator.Find(modelAssembly, request.ModelClass);
            switch (request.Command)
            {
                case "train": new Trainer(model, request, reporter).Run(); break;
                case "evaluate": new Evaluator(model, request, reporter).Run(); break;
                default: new Publisher(model, request, reporter).Run(); break;
            }
        }
        catch (MlOpsException e)
        {
            reporter.Error(e);
            if (verbose && e.InnerException is { } inner) reporter.Detail(inner.ToString());
        }
        catch (Exception e)
        {
            // Not a failure the user can cause: keep the stack, it is what a bug report needs.
            reporter.Error(ErrorCodes.Internal, $"Sdk.MlOps failed unexpectedly: {e}");
        }

        return reporter.HasErrors ? 1 : 0;
    }
}
