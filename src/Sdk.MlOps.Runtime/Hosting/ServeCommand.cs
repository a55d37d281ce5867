using System.Reflection;

namespace Sdk.MlOps.Hosting;

/// <summary>
/// <c>&lt;model&gt; serve [host options]</c>: the published model program as its own serving host. The host lives in
/// Sdk.MlOps.Serving, which only a project that serves references (MlOpsServe), so the engine finds it by name
/// rather than depending on ASP.NET Core; it is handed the model's input class and the model beside the program.
/// </summary>
internal static class ServeCommand
{
    public const string Name = "serve";

    public static int Run(string[] args, Assembly modelAssembly)
    {
        if (args.Skip(1).Any(a => a is "--help" or "-h" or "-?"))
        {
            Console.WriteLine($"""
                usage: dotnet {modelAssembly.GetName().Name}.dll serve [--urls http://0.0.0.0:8080] [--MlOps:Serving:<setting>=<value> ...]
                Serves the model beside this program: KServe's Open Inference Protocol V2 under /v2, POST /predict,
                /metrics, /openapi/v1.json. Environment: MLOPS_API_KEY (every endpoint but health and metrics then
                needs it), MLOPS_PREDICTION_LOG_DIR (the prediction log), ASPNETCORE_URLS / ASPNETCORE_HTTP_PORTS.
                Settings: ApiKey, MaxRequestBodyBytes, MaxBatchSize, RateLimit:PermitLimit, RateLimit:Window,
                RateLimit:PerClient, PredictionLog:Directory, PredictionLog:SampleRate, PredictionLog:MaxFileBytes,
                PredictionLog:MaxFiles, PredictionLog:QueueCapacity, DrainDelay, ShutdownTimeout.
                """);
            return 0;
        }

        Assembly serving;
        try
        {
            serving = Assembly.Load("Sdk.MlOps.Serving");
        }
        catch (FileNotFoundException)
        {
            Console.Error.WriteLine($"error {ErrorCodes.ServingNotReferenced}: {modelAssembly.GetName().Name} cannot serve: set MlOpsServe=true in its project (and, when Sdk.MlOps is a PackageReference, reference Sdk.MlOps.Serving too), then publish it again.");
            return 2;
        }

        // What the SDK wrote into the assembly (Sdk.MlOps.Serve.targets, Sdk.MlOps.References.targets).
        string? Metadata(string key) => modelAssembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
        var model = ModelLocator.Find(modelAssembly, Metadata("Sdk.MlOps.ModelClass"));
        var fileName = Metadata("Sdk.MlOps.ModelFile") ?? modelAssembly.GetName().Name + ".zip";
        var modelName = Metadata("Sdk.MlOps.ModelName") ?? Path.GetFileNameWithoutExtension(fileName);
        var run = serving.GetType("Sdk.MlOps.Serving.ModelServer", throwOnError: true)!
            .GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!
            .MakeGenericMethod(model.InputType);
        try
        {
            return (int)run.Invoke(null, [args[1..], modelName, Path.Combine(AppContext.BaseDirectory, fileName)])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
