namespace Sdk.MlOps.Hosting;

/// <summary>
/// Writes a file so that readers see the old content or the new, never a half: write beside it, then rename.
/// A crash or Ctrl+C leaves at most a stray temp file, and the previous file intact.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<string> writeTo)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            writeTo(temp);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static void WriteText(string path, string text) => Write(path, temp => File.WriteAllText(temp, text));
}
