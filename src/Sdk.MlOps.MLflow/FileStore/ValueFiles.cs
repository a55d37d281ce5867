using System.Text;

namespace Sdk.MlOps.MLflow;

/// <summary>
/// The one-value-per-file folders (params/, tags/, aliases/): the file holds the value, UTF-8, with no trailing
/// newline (MLflow reads the whole file, so a newline would become part of the value). A key's '/' makes a
/// sub-folder, as in MLflow (<c>eval/rmse</c> → <c>eval/rmse</c> under the folder).
/// </summary>
internal static class ValueFiles
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The file of a key checked by <see cref="Limits.CheckKey"/> (no empty, '.' or '..' segments).</summary>
    public static string PathOf(string folder, string key) => Path.Combine(folder, key.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>
    /// Written aside and renamed over, so a failing disk leaves the old value or none, never half of one. The temp
    /// file goes to the folder above (the run's, the model's), not into this one, where a reader walking it would
    /// take it for a key; MLflow looks only at sub-folders there.
    /// </summary>
    public static void Write(string folder, string key, string value)
    {
        var path = PathOf(folder, key);
        EnsureFileSlot(folder, key, path);
        StoreFiles.Replace(path, Utf8.GetBytes(value), Path.GetDirectoryName(folder)!);
    }

    public static string? Read(string folder, string key)
    {
        var path = PathOf(folder, key);
        return File.Exists(path) ? File.ReadAllText(path, Utf8) : null;
    }

    /// <summary>Every key under the folder, nested ones included, with '/' separators.</summary>
    public static Dictionary<string, string> ReadAll(string folder)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, path) in Keys(folder))
            values[key] = File.ReadAllText(path, Utf8);
        return values;
    }

    public static IEnumerable<(string Key, string Path)> Keys(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(path => (Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/'), path))
            .OrderBy(entry => entry.Item1, StringComparer.Ordinal);
    }

    /// <summary>
    /// Creates the key's folders, failing clearly when a key and a nested key collide (<c>a</c> and <c>a/b</c>
    /// cannot both exist on disk, in MLflow either).
    /// </summary>
    public static void EnsureFileSlot(string folder, string key, string path)
    {
        if (Directory.Exists(path)) throw Collision(key);
        var parent = Path.GetDirectoryName(path)!;
        for (var dir = parent; dir.Length > folder.Length; dir = Path.GetDirectoryName(dir)!)
            if (File.Exists(dir)) throw Collision(key);
        Directory.CreateDirectory(parent);
    }

    private static MlflowException Collision(string key) => new(
        MlflowException.ErrorCodes.InvalidParameterValue,
        $"Key '{key}' collides with another key: one is a prefix folder of the other ('a' and 'a/b' cannot both exist in a file store).");
}
