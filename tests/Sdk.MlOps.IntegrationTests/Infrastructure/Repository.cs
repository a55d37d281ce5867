namespace Sdk.MlOps.IntegrationTests.Infrastructure;

/// <summary>Paths in this repository, found from the test assembly by walking up to the solution.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Sdk.MlOps.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Sdk.MlOps.sln not found above " + AppContext.BaseDirectory);
    }
}
