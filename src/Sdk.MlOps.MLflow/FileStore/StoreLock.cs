using System.Globalization;

namespace Sdk.MlOps.MLflow;

/// <summary>
/// An exclusive lock on one store shared by every process and thread: an open handle with
/// <see cref="FileShare.None"/> on a file in the store root (flock on Unix, a sharing lock on Windows). The OS
/// drops it when the handle closes or the process dies, so a crash never leaves the store locked.
/// </summary>
/// <remarks>
/// The file is never deleted: deleting it would let a newcomer lock a fresh file while a waiter still locks the
/// old one. Locks are advisory on Unix and may not hold on network file systems, and setting
/// <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> turns them off.
/// </remarks>
internal sealed class StoreLock : IDisposable
{
    public const string FileName = ".mlops.lock";

    private readonly FileStream _handle;

    private StoreLock(FileStream handle) => _handle = handle;

    public static async Task<StoreLock> AcquireAsync(string root, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, FileName);
        var deadline = DateTime.UtcNow + timeout;
        for (var attempt = 0; ; attempt++)
        {
            if (TryOpen(path) is { } handle) return new StoreLock(handle);
            if (DateTime.UtcNow >= deadline) throw Timeout(path, timeout);
            await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The blocking form, for the constructor (which cannot await).</summary>
    public static StoreLock Acquire(string root, TimeSpan timeout)
    {
        var path = Path.Combine(root, FileName);
        var deadline = DateTime.UtcNow + timeout;
        for (var attempt = 0; ; attempt++)
        {
            if (TryOpen(path) is { } handle) return new StoreLock(handle);
            if (DateTime.UtcNow >= deadline) throw Timeout(path, timeout);
            Thread.Sleep(Backoff(attempt));
        }
    }

    public void Dispose() => _handle.Dispose();

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException) when (OperatingSystem.IsWindows())
        {
            // Windows may report a file that another process is creating this very moment as access denied.
            return null;
        }
    }

    /// <summary>Short and jittered: the critical sections take milliseconds, and waiters should not wake in step.</summary>
    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(5 << Math.Min(attempt, 4), 80) + Random.Shared.Next(0, 10));

    private static MlflowException Timeout(string path, TimeSpan timeout) => new(
        MlflowException.ErrorCodes.Unavailable,
        string.Create(CultureInfo.InvariantCulture, $"Could not lock the MLflow file store within {timeout.TotalSeconds:0.#} s: another process holds '{path}'."));
}
