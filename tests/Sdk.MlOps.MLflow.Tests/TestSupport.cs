namespace Sdk.MlOps.MLflow.Tests;

internal static class TestSupport
{
    /// <summary>Options with small delays and bounds, so retry tests take fractions of a second.</summary>
    public static MlflowClientOptions FastOptions(Uri uri) => new()
    {
        TrackingUri = uri,
        RequestTimeout = TimeSpan.FromSeconds(3),
        TotalTimeout = TimeSpan.FromSeconds(8),
        MaxRetries = 4,
        RetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    public static MlflowClient Client(FakeMlflowServer server, Action<MlflowClientOptions>? configure = null)
    {
        var options = FastOptions(server.Uri);
        configure?.Invoke(options);
        return new MlflowClient(options);
    }

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static async Task<Run> NewRunAsync(MlflowClient client, string experiment = "exp", string runName = "r1")
    {
        var id = (await client.GetExperimentByNameAsync(experiment))?.ExperimentId ?? await client.CreateExperimentAsync(experiment);
        return await client.CreateRunAsync(id, runName, Now);
    }
}

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlflow-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string relative, byte[] content)
    {
        var path = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
