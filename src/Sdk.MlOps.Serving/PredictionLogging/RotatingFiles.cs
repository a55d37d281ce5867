namespace Sdk.MlOps.Serving.PredictionLogging;

/// <summary>
/// Log files in one folder, <c>predictions-&lt;UTC time&gt;-&lt;n&gt;.jsonl</c>: a new one when the current one would
/// pass the size limit, the oldest deleted past the count. Names sort in the order the files were started.
/// Each run of the host starts a file of its own.
/// </summary>
internal sealed class RotatingFiles(string directory, long maxBytes, int maxFiles) : IDisposable
{
    public const string Prefix = "predictions-";
    public const string Extension = ".jsonl";

    private FileStream? _current;
    private long _length;
    private int _sequence;

    public void Write(ReadOnlySpan<byte> line)
    {
        if (_current is null || (_length > 0 && _length + line.Length > maxBytes)) Rotate();
        _current!.Write(line);
        _length += line.Length;
    }

    public void Flush() => _current?.Flush();

    /// <summary>Forgets the current file after a failed write, so the next record starts a new one.</summary>
    public void Abandon()
    {
        try
        {
            _current?.Dispose();
        }
        catch (IOException)
        {
        }

        _current = null;
    }

    private void Rotate()
    {
        _current?.Dispose();
        _current = null;
        Directory.CreateDirectory(directory);
        var name = $"{Prefix}{DateTime.UtcNow:yyyyMMdd'T'HHmmssfff'Z'}-{++_sequence:D4}{Extension}";
        _current = new FileStream(Path.Combine(directory, name), FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024);
        _length = _current.Length;
        Prune();
    }

    private void Prune()
    {
        var files = Directory.GetFiles(directory, Prefix + "*" + Extension).Order(StringComparer.Ordinal).ToList();
        for (int i = 0; i < files.Count - maxFiles; i++) File.Delete(files[i]);
    }

    public void Dispose() => _current?.Dispose();
}
