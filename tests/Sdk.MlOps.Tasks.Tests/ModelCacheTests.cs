using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace Sdk.MlOps.Tasks.Tests;

[TestClass]
public sealed class ModelCacheTests
{
    private readonly TempDirectory _dir = new();
    private string _root = "";
    private ModelCache _cache = null!;

    [TestInitialize]
    public void Init()
    {
        _root = _dir.Combine("cache");
        _cache = new ModelCache(_root);
    }

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    /// <summary>An input hash as ComputeModelInputs makes them: 64 lowercase hex digits.</summary>
    internal static string Key(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    /// <summary>A trained model and its report in the build folder <paramref name="build"/>, as the cache's sources.</summary>
    private Dictionary<string, string> Trained(string build, int modelBytes = 50_000, int seed = 1)
    {
        var model = new byte[modelBytes];
        new Random(seed).NextBytes(model);
        return RestoreCachedModel.Files(
            _dir.Write($"{build}/bin/Model.zip", model),
            _dir.Write($"{build}/bin/Model.training.json", $"{{\"inputHash\":\"{build}\",\"seed\":{seed}}}"));
    }

    /// <summary>Where a build in <paramref name="build"/> wants the model and its report; nothing there yet.</summary>
    private Dictionary<string, string> Destinations(string build) =>
        RestoreCachedModel.Files(_dir.Combine($"{build}/bin/Model.zip"), _dir.Combine($"{build}/bin/Model.training.json"));

    private static void AssertSameFiles(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual)
    {
        foreach (var name in expected.Keys)
            CollectionAssert.AreEqual(File.ReadAllBytes(expected[name]), File.ReadAllBytes(actual[name]), name);
    }

    private long EntryBytes(string key) => new DirectoryInfo(_cache.EntryPath(key)).EnumerateFiles().Sum(f => f.Length);

    private void LastUsed(string key, DateTime utc) => File.SetLastWriteTimeUtc(Path.Combine(_cache.EntryPath(key), "entry.tsv"), utc);

    [TestMethod]
    public void StoreThenRestore_IntoNewDestinations_IsByteExact()
    {
        var key = Key("a");
        var sources = Trained("first clone");
        _cache.Store(key, sources);

        var destinations = Destinations("second clone");
        Assert.IsTrue(_cache.TryRestore(key, destinations));
        AssertSameFiles(sources, destinations);

        // Restoring does not use the entry up.
        var third = Destinations("third clone");
        Assert.IsTrue(_cache.TryRestore(key, third));
        AssertSameFiles(sources, third);
        Assert.IsEmpty(Directory.GetFiles(_dir.Combine("second clone/bin"), "*.tmp"), "no restore temp file is left behind");
    }

    [TestMethod]
    public void Store_LaysTheEntryOutUnderItsKeyWithAnIndex()
    {
        var key = Key("a");
        var sources = Trained("build");
        _cache.Store(key, sources);

        var entry = _cache.EntryPath(key);
        Assert.AreEqual(Path.Combine(_root, key[..2], key), entry);
        var index = File.ReadAllLines(Path.Combine(entry, "entry.tsv")).Select(l => l.Split('\t')).ToDictionary(f => f[0]);
        CollectionAssert.AreEquivalent(new[] { "model.zip", "training.json" }, index.Keys.ToArray());
        foreach (var (name, source) in sources)
        {
            var bytes = File.ReadAllBytes(source);
            Assert.AreEqual(bytes.Length.ToString(), index[name][1]);
            Assert.AreEqual("xxh128:" + Convert.ToHexStringLower(XxHash128.Hash(bytes)), index[name][2]);
        }

        Assert.IsEmpty(Directory.GetFileSystemEntries(Path.Combine(_root, "tmp")), "the temp folder the entry was built in is gone");
    }

    [TestMethod]
    public void Restore_ReplacesWhatIsAtTheDestinations()
    {
        var key = Key("a");
        var sources = Trained("build");
        _cache.Store(key, sources);
        var destinations = Destinations("clone");
        _dir.Write("clone/bin/Model.zip", "an older model");
        _dir.Write("clone/bin/Model.training.json", "{}");

        Assert.IsTrue(_cache.TryRestore(key, destinations));

        AssertSameFiles(sources, destinations);
    }

    [TestMethod]
    public void Restore_OfAMissingKey_IsFalseAndWritesNothing()
    {
        var destinations = Destinations("clone");

        Assert.IsFalse(_cache.TryRestore(Key("a"), destinations), "no cache folder at all");
        _cache.Store(Key("b"), Trained("build"));
        Assert.IsFalse(_cache.TryRestore(Key("a"), destinations), "another key only");

        Assert.IsFalse(Directory.Exists(_dir.Combine("clone")));
    }

    [TestMethod]
    public void Store_OfAKeyAlreadyThere_KeepsTheFirstEntry()
    {
        var key = Key("a");
        var first = Trained("first", seed: 1);
        _cache.Store(key, first);

        _cache.Store(key, Trained("second", seed: 2));

        var destinations = Destinations("clone");
        Assert.IsTrue(_cache.TryRestore(key, destinations));
        AssertSameFiles(first, destinations);
    }

    [TestMethod]
    public void Store_OverALeftoverWithoutAnIndex_ReplacesIt()
    {
        // What a half-finished discard or a foreign tool could leave: the entry's folder, but no index.
        var key = Key("a");
        Directory.CreateDirectory(_cache.EntryPath(key));
        File.WriteAllText(Path.Combine(_cache.EntryPath(key), "model.zip"), "partial");
        var sources = Trained("build");

        _cache.Store(key, sources);

        var destinations = Destinations("clone");
        Assert.IsTrue(_cache.TryRestore(key, destinations));
        AssertSameFiles(sources, destinations);
    }

    [TestMethod]
    [DataRow("flip a byte")]
    [DataRow("truncate")]
    [DataRow("delete the report")]
    [DataRow("drop an index line")]
    public void DamagedEntry_ThrowsInvalidData_AndIsDiscarded(string damage)
    {
        var key = Key("a");
        var sources = Trained("build");
        _cache.Store(key, sources);
        var entry = _cache.EntryPath(key);
        switch (damage)
        {
            case "flip a byte":
                var bytes = File.ReadAllBytes(Path.Combine(entry, "model.zip"));
                bytes[bytes.Length / 2] ^= 0x20;
                File.WriteAllBytes(Path.Combine(entry, "model.zip"), bytes);
                break;
            case "truncate":
                using (var stream = new FileStream(Path.Combine(entry, "model.zip"), FileMode.Open)) stream.SetLength(stream.Length - 1);
                break;
            case "delete the report":
                File.Delete(Path.Combine(entry, "training.json"));
                break;
            case "drop an index line":
                var index = Path.Combine(entry, "entry.tsv");
                File.WriteAllLines(index, File.ReadAllLines(index).Where(l => !l.StartsWith("model.zip", StringComparison.Ordinal)));
                break;
        }

        var destinations = Destinations("clone");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => _cache.TryRestore(key, destinations));

        Assert.Contains(entry, e.Message);
        Assert.IsFalse(Directory.Exists(entry), "the damaged entry is gone");
        Assert.IsFalse(File.Exists(destinations["model.zip"]), "nothing was restored from it");
        Assert.IsFalse(File.Exists(destinations["training.json"]), "nothing was restored from it");
        Assert.IsFalse(_cache.TryRestore(key, destinations), "next time it is simply missing");
        Assert.IsEmpty(Directory.GetFileSystemEntries(Path.Combine(_root, "tmp")), "the discarded copy is deleted");

        // The next training stores it again.
        _cache.Store(key, sources);
        Assert.IsTrue(_cache.TryRestore(key, destinations));
        AssertSameFiles(sources, destinations);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public void TwoBuildsStoringTheSameKeyAtOnce_LeaveExactlyOneValidEntry()
    {
        // Many rounds, so that the writers meet at every step: the existence check, the rename, the discard.
        for (int round = 0; round < 40; round++)
        {
            var root = _dir.Combine($"caches/{round}");
            var key = Key("race " + round);
            // The same inputs, trained twice: the models may differ in bytes (the reports do: they name their build).
            var sources = new[] { Trained($"round{round}/a", seed: round), Trained($"round{round}/b", seed: round + 1000) };
            var errors = new Exception?[2];
            using var barrier = new Barrier(2);
            var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
            {
                // Two builds: two cache objects over the same folder.
                var cache = new ModelCache(root);
                barrier.SignalAndWait();
                try
                {
                    cache.Store(key, sources[i]);
                }
                catch (Exception e)
                {
                    errors[i] = e;
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.IsNull(errors[0], $"round {round}: {errors[0]}");
            Assert.IsNull(errors[1], $"round {round}: {errors[1]}");
            var cache = new ModelCache(root);
            CollectionAssert.AreEquivalent(new[] { key[..2], "tmp" }, Directory.GetDirectories(root).Select(Path.GetFileName).ToArray(), $"round {round}");
            Assert.AreEqual(cache.EntryPath(key), Assert.ContainsSingle(Directory.GetDirectories(Path.Combine(root, key[..2]))), $"round {round}");
            Assert.IsTrue(File.Exists(Path.Combine(cache.EntryPath(key), "entry.tsv")), $"round {round}: the index is there");
            var destinations = Destinations($"round{round}/restored");
            Assert.IsTrue(cache.TryRestore(key, destinations), $"round {round}: the entry verifies");
            // Either writer's copy may win, but whole: both files from the same build, never a mix.
            Assert.IsTrue(sources.Any(s => s.All(f => File.ReadAllBytes(f.Value).AsSpan().SequenceEqual(File.ReadAllBytes(destinations[f.Key])))),
                $"round {round}: the restored files are one build's");
            Assert.IsEmpty(Directory.GetFileSystemEntries(Path.Combine(root, "tmp")), $"round {round}: no temp folder is left behind");
        }
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void ARestoreDuringTwoStoresOfTheSameKey_NeverFails()
    {
        var model = new byte[200_000];
        new Random(1).NextBytes(model);
        var sources = RestoreCachedModel.Files(_dir.Write("build/Model.zip", model), _dir.Write("build/Model.training.json", "{}"));
        var failures = new List<string>();
        for (int round = 0; round < 200; round++)
        {
            var root = _dir.Combine($"caches/{round}");
            var key = Key("race " + round);
            var done = false;
            using var barrier = new Barrier(3);
            var writers = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
            {
                var cache = new ModelCache(root);
                barrier.SignalAndWait();
                cache.Store(key, sources);
            })).ToList();
            var reader = new Thread(() =>
            {
                // A third build of the same inputs, restoring while the two others store.
                var cache = new ModelCache(root);
                var destinations = Destinations($"readers/{round}");
                barrier.SignalAndWait();
                while (!Volatile.Read(ref done))
                {
                    try
                    {
                        cache.TryRestore(key, destinations);
                    }
                    catch (Exception e) when (e is IOException or InvalidDataException)
                    {
                        lock (failures) failures.Add($"round {round}: {e.GetType().Name}: {e.Message}");
                    }
                }
            });
            writers.ForEach(t => t.Start());
            reader.Start();
            writers.ForEach(t => t.Join());
            Volatile.Write(ref done, true);
            reader.Join();
        }

        Assert.IsEmpty(failures, string.Join("\n", failures.Take(10)));
    }

    [TestMethod]
    public void Evict_RemovesTheLeastRecentlyUsed_UntilUnderTheCap()
    {
        string a = Key("a"), b = Key("b"), c = Key("c");
        _cache.Store(a, Trained("a", seed: 1));
        _cache.Store(b, Trained("b", seed: 2));
        _cache.Store(c, Trained("c", seed: 3));
        var now = DateTime.UtcNow;
        LastUsed(a, now.AddHours(-3));
        LastUsed(b, now.AddHours(-2));
        LastUsed(c, now.AddHours(-1));
        // The oldest entry is used again: it becomes the most recent.
        Assert.IsTrue(_cache.TryRestore(a, Destinations("restored")));
        long one = EntryBytes(a);
        Assert.AreEqual(one, EntryBytes(b), "the entries are the same size");

        CollectionAssert.AreEqual(new[] { b }, _cache.Evict(2 * one + one / 2).ToArray());
        Assert.IsFalse(Directory.Exists(_cache.EntryPath(b)));
        Assert.IsTrue(Directory.Exists(_cache.EntryPath(a)));
        Assert.IsTrue(Directory.Exists(_cache.EntryPath(c)));

        CollectionAssert.AreEqual(new[] { c }, _cache.Evict(one).ToArray(), "exactly at the cap is under it");
        Assert.IsTrue(_cache.TryRestore(a, Destinations("again")), "the most recently used is kept");
        Assert.IsFalse(_cache.TryRestore(c, Destinations("again")));
    }

    [TestMethod]
    public void Evict_UnderTheCapOrWithoutACache_RemovesNothing()
    {
        Assert.IsEmpty(new ModelCache(_dir.Combine("no cache here")).Evict(0));
        _cache.Store(Key("a"), Trained("a"));

        Assert.IsEmpty(_cache.Evict(10L * 1024 * 1024));
        Assert.IsTrue(Directory.Exists(_cache.EntryPath(Key("a"))));
    }

    [TestMethod]
    public void Evict_WithACapOfZero_EmptiesTheCache()
    {
        _cache.Store(Key("a"), Trained("a"));
        _cache.Store(Key("b"), Trained("b"));

        Assert.HasCount(2, _cache.Evict(0));

        Assert.IsEmpty(Directory.EnumerateFiles(_root, "entry.tsv", SearchOption.AllDirectories));
    }

    [TestMethod]
    public void Evict_OfACacheNamedWithATrailingSeparator_StillEvicts()
    {
        var cache = new ModelCache(_root + Path.DirectorySeparatorChar);
        cache.Store(Key("a"), Trained("a"));
        cache.Store(Key("b"), Trained("b"));

        Assert.HasCount(2, cache.Evict(0));
    }

    [TestMethod]
    public void Evict_DoesNotCountATempFolderAsAnEntry()
    {
        string a = Key("a"), b = Key("b");
        _cache.Store(a, Trained("a", seed: 1));
        _cache.Store(b, Trained("b", seed: 2));
        LastUsed(a, DateTime.UtcNow.AddHours(-2));
        LastUsed(b, DateTime.UtcNow.AddHours(-1));
        long one = EntryBytes(a);
        // A store that was interrupted after writing its index, before the rename.
        var unfinished = Path.Combine(_root, "tmp", Guid.NewGuid().ToString("N"));
        TempDirectory.CopyTree(_cache.EntryPath(a), unfinished);
        File.SetLastWriteTimeUtc(Path.Combine(unfinished, "entry.tsv"), DateTime.UtcNow.AddHours(-3));

        CollectionAssert.AreEqual(new[] { a }, _cache.Evict(one).ToArray());
        Assert.IsTrue(Directory.Exists(_cache.EntryPath(b)));
    }
}
