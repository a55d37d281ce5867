namespace Sdk.MlOps.MLflow;

/// <summary>
/// How the file store writes, so that a failure half-way (disk full, a killed process, a read-only folder) leaves
/// the store as it was: a file is written aside and renamed over its target; a new entity's folder is filled aside
/// and renamed into place whole; a metric append that fails is cut back. Scratch names start with '.', which
/// neither the store's readers nor MLflow's take for an entity (MLflow lists only sub-folders, and ids never
/// start with '.').
/// </summary>
internal static class StoreFiles
{
    /// <summary>For tests: called with each path before it is written; what it throws stands for a failing disk.</summary>
    internal static readonly AsyncLocal<Action<string>?> WriteFault = new();

    public static bool IsScratch(string name) => name.StartsWith('.');

    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/>, the temp file in <paramref name="scratchDir"/> (same file system).</summary>
    public static void Replace(string path, ReadOnlySpan<byte> bytes, string scratchDir)
    {
        var temp = Path.Combine(scratchDir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            WriteFault.Value?.Invoke(path);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            MoveWithRetry(temp, path);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Appends, or leaves the file as it was: a half-written metric line would make the rest of the history unreadable.</summary>
    public static void Append(string path, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        var length = stream.Seek(0, SeekOrigin.End);
        try
        {
            WriteFault.Value?.Invoke(path);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            try { stream.SetLength(length); } catch (IOException) { /* the disk is failing already; the reader skips a torn last line */ }
            throw;
        }
    }

    /// <summary>Copies a file in under a temp name and renames it into place: a model artifact is whole or absent.</summary>
    public static void CopyIn(string source, string destination)
    {
        var temp = Path.Combine(Path.GetDirectoryName(destination)!, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.tmp");
        try
        {
            WriteFault.Value?.Invoke(destination);
            File.Copy(source, temp);
            MoveWithRetry(temp, destination);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Creates <paramref name="finalDir"/> whole: <paramref name="fill"/> writes into a scratch folder beside it (or in
    /// <paramref name="scratchParent"/>, on the same file system, where a reader lists every entry of the folder),
    /// which is then renamed into place. On failure the scratch folder is removed and nothing appears.
    /// </summary>
    public static void CreateFolder(string finalDir, Action<string> fill, string? scratchParent = null)
    {
        var parent = scratchParent ?? Path.GetDirectoryName(finalDir)!;
        var scratch = Path.Combine(parent, $".{Path.GetFileName(finalDir)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(scratch);
        try
        {
            fill(scratch);
            WriteFault.Value?.Invoke(finalDir);
            Directory.Move(scratch, finalDir);
        }
        catch
        {
            try { Directory.Delete(scratch, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* left as scratch, which readers skip */ }
            throw;
        }
    }

    public static void MoveWithRetry(string from, string to)
    {
        // Windows refuses to replace a file another process is reading; the reader lets go within milliseconds.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                File.Move(from, to, overwrite: true);
                return;
            }
            catch (Exception e) when (attempt < 20 && (e is IOException or UnauthorizedAccessException))
            {
                Thread.Sleep(10 * attempt);
            }
        }
    }
}
