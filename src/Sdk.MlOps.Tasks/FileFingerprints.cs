using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// Content fingerprints of data files: a streaming XxHash128 (fast, non-cryptographic, 128 bits), remembered per
/// file by path, size and last-write time in a record under obj/, so an unchanged multi-gigabyte file is not read
/// again on the next build. A file written moments before it was hashed could change again within the timestamp's
/// resolution, so such a record is not trusted (git's "racily clean" rule).
/// </summary>
internal sealed class FileFingerprints
{
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(2);
    private readonly string? _recordFile;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private bool _changed;

    public FileFingerprints(string? recordFile)
    {
        _recordFile = recordFile;
        if (recordFile is null || !File.Exists(recordFile)) return;
        string[] lines;
        try
        {
            lines = File.ReadAllLines(recordFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // the record only saves time: without it every file is read
        }

        foreach (var line in lines)
        {
            var f = line.Split('\t');
            if (f.Length == 5 && long.TryParse(f[1], out var length) && long.TryParse(f[2], out var written) && long.TryParse(f[3], out var hashedAt)
                && IsFingerprint(f[4]))
                _entries[f[0]] = new Entry(length, written, hashedAt, f[4]);
        }
    }

    /// <summary>"xxh128:" and 32 hex digits.</summary>
    public string Of(string path)
    {
        var info = new FileInfo(path);
        long written = info.LastWriteTimeUtc.Ticks;
        _used.Add(info.FullName);
        if (_entries.TryGetValue(info.FullName, out var e) && e.Length == info.Length && e.Written == written && e.HashedAt - written > Settled.Ticks)
            return e.Hash;

        var hashedAt = DateTime.UtcNow.Ticks;
        var hash = Compute(path);
        _entries[info.FullName] = new Entry(info.Length, written, hashedAt, hash);
        _changed = true;
        return hash;
    }

    /// <summary>Writes the record, keeping only the files this build looked at (renamed data leaves no trace).</summary>
    public void Save()
    {
        if (_recordFile is null || (!_changed && _used.Count == _entries.Count)) return;
        var text = new StringBuilder();
        foreach (var pair in _entries.Where(p => _used.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
            text.Append(pair.Key).Append('\t').Append(pair.Value.Length.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(pair.Value.Written.ToString(CultureInfo.InvariantCulture))
                .Append('\t').Append(pair.Value.HashedAt.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(pair.Value.Hash).Append('\n');
        // Replaced by rename, so a build killed mid-write leaves the old record, never a cut one.
        var temp = $"{_recordFile}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_recordFile))!);
            File.WriteAllText(temp, text.ToString());
            if (File.Exists(_recordFile)) File.Replace(temp, _recordFile, null);
            else File.Move(temp, _recordFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another build of the project wrote it at the same moment, or it is locked: next build reads again.
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static bool IsFingerprint(string text) =>
        text.Length == 7 + 32 && text.StartsWith("xxh128:", StringComparison.Ordinal)
        && text.Skip(7).All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    public static string Compute(string path)
    {
        var hash = new XxHash128();
        var buffer = new byte[1 << 20];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) hash.Append(new ReadOnlySpan<byte>(buffer, 0, read));
        var digest = hash.GetCurrentHash();
        var hex = new StringBuilder("xxh128:", 7 + digest.Length * 2);
        foreach (var b in digest) hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        return hex.ToString();
    }

    private sealed class Entry(long length, long written, long hashedAt, string hash)
    {
        public long Length { get; } = length;
        public long Written { get; } = written;
        public long HashedAt { get; } = hashedAt;
        public string Hash { get; } = hash;
    }
}
