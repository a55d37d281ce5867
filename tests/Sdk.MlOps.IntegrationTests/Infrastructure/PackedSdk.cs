namespace Sdk.MlOps.IntegrationTests.Infrastructure;

/// <summary>
/// The SDK packed from this repository's source once per test run, into a feed of its own with a version of its
/// own, so a package NuGet cached in an earlier run can never stand in for the code under test.
/// </summary>
[TestClass]
public static class PackedSdk
{
    public static string Version { get; private set; } = "";

    public static string Feed { get; private set; } = "";

    public static string WorkRoot { get; private set; } = "";

    private static string BuildDir { get; set; } = "";

    [AssemblyInitialize]
    public static void Pack(TestContext _)
    {
        // Before any Microsoft.Build type loads: the in-process scenarios use the .NET SDK's MSBuild.
        Sdk.MlOps.Testing.InProcessBuild.Register();
        var run = $"{DateTime.UtcNow:yyyyMMddHHmmss}{Environment.ProcessId % 1000:000}";
        Version = $"0.1.0-it.{run}";
        WorkRoot = Path.Combine(Path.GetTempPath(), "sdk-mlops-it", run);
        Feed = Path.Combine(WorkRoot, "feed");
        BuildDir = Repository.Path("artifacts", "it-pack", run);
        Directory.CreateDirectory(Feed);
        Dotnet.Run(Repository.Root,
            "msbuild", Repository.Path("build", "LocalFeed.targets"), "-t:MlOpsPackLocalFeed", "-nologo",
            $"-p:MlOpsLocalFeed={Feed}/", $"-p:MlOpsLocalVersion={Version}",
            // Built inside the repository, as a user's dotnet pack builds, so the packages map their paths the same way.
            $"-p:MlOpsLocalBuildDir={BuildDir}/",
            // The compiler server the scenarios use anyway (Dotnet.Run), warm from here on; the cleanup ends it.
            "-p:MlOpsPackWithBuildServers=true").ShouldSucceed();
    }

    [AssemblyCleanup]
    public static void Cleanup()
    {
        Sdk.MlOps.Testing.InProcessBuild.ShutDown();
        Dotnet.Run(Repository.Root, "build-server", "shutdown", "--vbcscompiler");
        foreach (var folder in new[] { WorkRoot, BuildDir })
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A test process still holding a file must not fail the run; the temp folder is cleaned by the OS.
            }
        }
    }
}
