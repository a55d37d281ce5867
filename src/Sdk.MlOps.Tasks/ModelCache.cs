using System.Globalization;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// A content-addressed store of trained models, keyed by the input hash: <c>&lt;root&gt;/&lt;k0k1&gt;/&lt;key&gt;/</c> holds
/// the files and an index (<c>entry.tsv</c>: name, size, fingerprint) written last. Entries appear whole (built in a
/// temp folder, then renamed into place; a racing writer that loses just discards its copy), are verified on every
/// restore, and the least recently used are evicted above a size cap.
/// </summary>
internal sealed class ModelCache(string root)
{
    private const string Index = "entry.tsv";

    public string Root { get; } = root;

    public string EntryPath(string key) => Path.Combine(Root, key.Substring(0, 2), key);

    /// <summary>
    /// Copies the entry's files to their destinations, each through a temp file and a rename. False when there is
    /// no entry; throws <see cref="InvalidDataException"/> when the entry is damaged (it is then removed).
    /// </summary>
    public bool TryRestore(string key, IReadOnlyDictionary<string, string> destinations)
    {
        var dir = EntryPath(key);
        var index = Path.Combine(dir, Index);
        if (!File.Exists(index)) return false;

        var expected = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var fields in File.ReadAllLines(index).Select(l => l.Split('\t')))
        {
            if (fields.Length != 3 || expected.ContainsKey(fields[0]))
            {
                Discard(key);
                throw new InvalidDataException($"the cache entry {dir} is damaged (its index is not readable)");
            }

            expected[fields[0]] = fields;
        }

        foreach (var name in destinations.Keys)
        {
            var file = Path.Combine(dir, name);
            if (!expected.TryGetValue(name, out var entry) || !File.Exists(file)
                || new FileInfo(file).Length.ToString(CultureInfo.InvariantCulture) != entry[1] || FileFingerprints.Compute(file) != entry[2])
            {
                Discard(key);
                throw new InvalidDataException($"the cache entry {dir} is damaged ({name} does not match its fingerprint)");
            }
        }

        foreach (var pair in destinations)
        {
            var temp = $"{pair.Value}.{Guid.NewGuid():N}.tmp";
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(pair.Value))!);
            File.Copy(Path.Combine(dir, pair.Key), temp, overwrite: true);
            // Restored now, whatever time the entry has: MSBuild then sees the model newer than its inputs.
            File.SetLastWriteTimeUtc(temp, DateTime.UtcNow);
            Replace(temp, pair.Value);
        }

        // The index's time is the entry's last use, for eviction; a cache this build may only read still restores.
        try { File.SetLastWriteTimeUtc(index, DateTime.UtcNow); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return true;
    }

    /// <summary>Adds an entry unless one exists; concurrent writers of the same key leave exactly one.</summary>
    public void Store(string key, IReadOnlyDictionary<string, string> sources)
    {
        var final = EntryPath(key);
        if (File.Exists(Path.Combine(final, Index))) return;

        var temp = Path.Combine(Root, "tmp", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            var lines = new List<string>();
            foreach (var pair in sources)
            {
                var target = Path.Combine(temp, pair.Key);
                File.Copy(pair.Value, target);
                lines.Add($"{pair.Key}\t{new FileInfo(target).Length.ToString(CultureInfo.InvariantCulture)}\t{FileFingerprints.Compute(target)}");
            }

            File.WriteAllLines(Path.Combine(temp, Index), lines);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            if (Directory.Exists(final) && !File.Exists(Path.Combine(final, Index))) Discard(key); // a leftover without an index
            Directory.Move(temp, final);
        }
        catch (IOException) when (File.Exists(Path.Combine(final, Index)))
        {
            // Another build stored the same model first: theirs is as good as ours.
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>
    /// Removes the least recently used entries until the cache holds at most <paramref name="maxBytes"/>, never
    /// <paramref name="keep"/> (the entry just written: a cap smaller than one model must not undo the store).
    /// </summary>
    public IReadOnlyList<string> Evict(long maxBytes, string? keep = null)
    {
        if (!Directory.Exists(Root)) return [];
        RemoveAbandonedTemps();
        // Entries are exactly <root>/<first two characters of the key>/<key>/ with an index; nothing else counts.
        var entries = new DirectoryInfo(Root).EnumerateDirectories()
            .Where(shard => shard.Name.Length == 2)
            .SelectMany(shard => shard.EnumerateDirectories())
            .Where(d => d.Name.StartsWith(d.Parent!.Name, StringComparison.Ordinal) && File.Exists(Path.Combine(d.FullName, Index)))
            .Select(Measure)
            .Where(e => e.Bytes >= 0)
            .OrderBy(e => e.Used)
            .ToList();
        long total = entries.Sum(e => e.Bytes);
        var evicted = new List<string>();
        foreach (var entry in entries)
        {
            if (total <= maxBytes) break;
            if (entry.Dir.Name == keep) continue;
            Discard(entry.Dir.Name);
            total -= entry.Bytes;
            evicted.Add(entry.Dir.Name);
        }

        return evicted;
    }

    /// <summary>An entry's last use and size; -1 bytes when a parallel build removed it meanwhile.</summary>
    private static (DirectoryInfo Dir, DateTime Used, long Bytes) Measure(DirectoryInfo dir)
    {
        try
        {
            return (dir, File.GetLastWriteTimeUtc(Path.Combine(dir.FullName, Index)), dir.EnumerateFiles().Sum(f => f.Length));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (dir, default, -1);
        }
    }

    /// <summary>Folders a crashed or killed build left in tmp/, recognisable by their age.</summary>
    private void RemoveAbandonedTemps()
    {
        var temp = new DirectoryInfo(Path.Combine(Root, "tmp"));
        if (!temp.Exists) return;
        foreach (var dir in temp.EnumerateDirectories().Where(d => d.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-1)))
        {
            try { dir.Delete(recursive: true); } catch (IOException) { /* in use after all */ }
        }
    }

    public void Discard(string key)
    {
        var dir = EntryPath(key);
        if (!Directory.Exists(dir)) return;
        // Renamed away first, so no reader ever sees a half-deleted entry.
        var doomed = Path.Combine(Root, "tmp", "discard-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(doomed)!);
        try
        {
            Directory.Move(dir, doomed);
            Directory.Delete(doomed, recursive: true);
        }
        catch (IOException)
        {
            // Someone else is discarding or replacing it.
        }
    }

    /// <summary>A rename over the old file: readers see the old model or the new, never none.</summary>
    private static void Replace(string temp, string destination)
    {
        if (File.Exists(destination)) File.Replace(temp, destination, null);
        else File.Move(temp, destination);
    }
}
