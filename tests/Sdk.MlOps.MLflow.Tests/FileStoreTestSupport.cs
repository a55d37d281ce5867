using System.Text;
using Sdk.MlOps.MLflow;

namespace Sdk.MlOps.MLflow.Tests;

/// <summary>A fresh <c>mlruns</c> folder under the system temp folder (not created: the store creates it), deleted on dispose.</summary>
internal sealed class TempMlruns : IDisposable
{
    public TempMlruns() => Directory.CreateDirectory(Parent);

    public string Parent { get; } = Path.Combine(Path.GetTempPath(), "mlops-filestore-" + Guid.NewGuid().ToString("N"));

    public string Root => Path.Combine(Parent, "mlruns");

    /// <summary>A store on the folder, with a fixed clock so golden files can name exact times.</summary>
    public FileStore Open(long now = FixedTime.Start) => new(Root, new FixedTime(now));

    public string Read(params string[] parts) => File.ReadAllText(Path.Combine([Root, .. parts]), Encoding.UTF8);

    public string Local(string name, string content)
    {
        var path = Path.Combine(Parent, "local", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Parent)) Directory.Delete(Parent, recursive: true);
    }
}

/// <summary>A clock that reads one instant (Unix ms), so meta.yaml times are known in advance.</summary>
internal sealed class FixedTime(long unixMilliseconds) : TimeProvider
{
    /// <summary>2026-11-27, like this machine's clock; any value works.</summary>
    public const long Start = 1795761984213;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);
}

internal static class MlflowAssert
{
    public static async Task<MlflowException> FailsWith(string errorCode, Func<Task> action)
    {
        var error = await Assert.ThrowsExactlyAsync<MlflowException>(action);
        Assert.AreEqual(errorCode, error.ErrorCode, error.Message);
        return error;
    }
}
