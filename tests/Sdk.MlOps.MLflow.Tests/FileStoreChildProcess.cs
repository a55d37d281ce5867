using Sdk.MlOps.MLflow.Tests;

/// <summary>
/// The .NET startup hook (global namespace and this name, as the runtime requires) through which
/// <see cref="FileStoreWriter.StartChild"/> turns this test assembly into a child writer process. Outside such a
/// child it does nothing: the hook only runs when DOTNET_STARTUP_HOOKS names this assembly.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(FileStoreWriter.RootVariable) is { Length: > 0 } root)
            Environment.Exit(FileStoreWriter.RunChild(root));
    }
}
