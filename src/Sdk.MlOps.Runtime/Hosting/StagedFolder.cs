namespace Sdk.MlOps.Hosting;

/// <summary>
/// A folder built beside its final place and then swapped in, so a reader finds the old folder or the new one,
/// never a mix: a crash, Ctrl+C or a full disk while it is written leaves only a stray <c>.staging</c> folder.
/// </summary>
internal sealed class StagedFolder
{
    private readonly string _final;

    public StagedFolder(string final)
    {
        _final = System.IO.Path.GetFullPath(final).TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar);
        Path = $"{_final}.{Environment.ProcessId}.staging";
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        Directory.CreateDirectory(Path);
    }

    /// <summary>Where the new content is written.</summary>
    public string Path { get; }

    public void Commit()
    {
        var old = $"{_final}.{Environment.ProcessId}.old";
        if (Directory.Exists(_final)) Directory.Move(_final, old);
        Directory.Move(Path, _final);
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
    }
}
