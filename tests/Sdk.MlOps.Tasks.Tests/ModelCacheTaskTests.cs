using Microsoft.Build.Framework;

namespace Sdk.MlOps.Tasks.Tests;

/// <summary>RestoreCachedModel and CacheModel, the MSBuild face of the model cache.</summary>
[TestClass]
public sealed class ModelCacheTaskTests
{
    private readonly TempDirectory _dir = new();
    private readonly RecordingBuildEngine _engine = new();
    private string _cacheDir = "";

    [TestInitialize]
    public void Init() => _cacheDir = _dir.Combine("home/.mlops/cache");

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    private static string Key(string name) => ModelCacheTests.Key(name);

    /// <summary>A build's model and report paths in the clone folder <paramref name="clone"/>.</summary>
    private (string Model, string Report) Paths(string clone) =>
        (_dir.Combine($"{clone}/bin/Release/Triage.zip"), _dir.Combine($"{clone}/bin/Release/Triage.training.json"));

    /// <summary>What a training wrote in <paramref name="clone"/>.</summary>
    private (string Model, string Report) Train(string clone, int modelBytes = 20_000, int seed = 1, string? key = null)
    {
        var model = new byte[modelBytes];
        new Random(seed).NextBytes(model);
        var (modelPath, reportPath) = Paths(clone);
        _dir.Write(Path.GetRelativePath(_dir.Path, modelPath), model);
        // As the engine writes it: the input hash it was trained from and the model's SHA-256, which a restore checks.
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(model));
        _dir.Write(Path.GetRelativePath(_dir.Path, reportPath), $"{{\"seed\":{seed},\"inputHash\":\"{key ?? Key("a")}\",\"modelSha256\":\"{sha}\"}}");
        return (modelPath, reportPath);
    }

    private CacheModel CacheTask(string key, (string Model, string Report) paths) => new()
    {
        BuildEngine = _engine,
        CacheDirectory = _cacheDir,
        InputHash = key,
        ModelPath = paths.Model,
        TrainingReportPath = paths.Report,
    };

    private RestoreCachedModel RestoreTask(string key, (string Model, string Report) paths) => new()
    {
        BuildEngine = _engine,
        CacheDirectory = _cacheDir,
        InputHash = key,
        ModelPath = paths.Model,
        TrainingReportPath = paths.Report,
    };

    private static void AssertSameFile(string expected, string actual) =>
        CollectionAssert.AreEqual(File.ReadAllBytes(expected), File.ReadAllBytes(actual), actual);

    [TestMethod]
    public void CachedModel_IsRestoredInASecondClone()
    {
        var key = Key("a");
        var trained = Train("first");
        Assert.IsTrue(CacheTask(key, trained).Execute());

        var wanted = Paths("second");
        var restore = RestoreTask(key, wanted);
        Assert.IsTrue(restore.Execute());

        Assert.IsTrue(restore.Restored);
        AssertSameFile(trained.Model, wanted.Model);
        AssertSameFile(trained.Report, wanted.Report);
        Assert.IsEmpty(_engine.Warnings);
        Assert.IsEmpty(_engine.Errors);
        Assert.IsTrue(_engine.Messages.Any(m => m.Importance == MessageImportance.High && m.Message!.Contains("Restored the model from the cache")),
            "the build says why it did not train");
    }

    [TestMethod]
    public void AnEntryWhoseReportNamesAnotherKey_IsDiscarded_AndTrainingFollows()
    {
        var key = Key("a");
        Assert.IsTrue(CacheTask(key, Train("first", key: Key("b"))).Execute());

        var wanted = Paths("second");
        var restore = RestoreTask(key, wanted);
        Assert.IsTrue(restore.Execute());

        Assert.IsFalse(restore.Restored);
        Assert.IsFalse(File.Exists(wanted.Model), "an unverified model was left in bin/");
        StringAssert.Contains(_engine.Warnings.Single().Message, "names other inputs");
        Assert.IsFalse(Directory.Exists(Path.Combine(_cacheDir, key[..2], key)), "the entry was kept");
    }

    [TestMethod]
    public void UncachedModel_IsNotRestored_Quietly()
    {
        var wanted = Paths("clone");
        var restore = RestoreTask(Key("never trained"), wanted);

        Assert.IsTrue(restore.Execute());

        Assert.IsFalse(restore.Restored);
        Assert.IsFalse(File.Exists(wanted.Model));
        Assert.IsEmpty(_engine.Warnings);
        Assert.IsEmpty(_engine.Errors);
    }

    [TestMethod]
    public void DamagedEntry_IsMlops6001_AndTrainsInstead()
    {
        var key = Key("a");
        Assert.IsTrue(CacheTask(key, Train("first")).Execute());
        var stored = Path.Combine(new ModelCache(_cacheDir).EntryPath(key), "model.zip");
        var bytes = File.ReadAllBytes(stored);
        bytes[100] ^= 0xff;
        File.WriteAllBytes(stored, bytes);

        var wanted = Paths("second");
        var restore = RestoreTask(key, wanted);
        Assert.IsTrue(restore.Execute(), "a broken cache never fails the build");

        Assert.IsFalse(restore.Restored);
        var warning = Assert.ContainsSingle(_engine.Warnings);
        Assert.AreEqual("MLOPS6001", warning.Code);
        Assert.EndsWith("docs/errors.md#mlops6001", warning.HelpLink);
        Assert.Contains("Training instead", warning.Message!);
        Assert.IsEmpty(_engine.Errors);
        Assert.IsFalse(File.Exists(wanted.Model));
        Assert.IsFalse(Directory.Exists(new ModelCache(_cacheDir).EntryPath(key)), "the damaged entry was discarded");
    }

    [TestMethod]
    public void EntryWithARepeatedIndexLine_IsMlops6001NotACrash()
    {
        var key = Key("a");
        Assert.IsTrue(CacheTask(key, Train("first")).Execute());
        var index = Path.Combine(new ModelCache(_cacheDir).EntryPath(key), "entry.tsv");
        File.AppendAllLines(index, [File.ReadAllLines(index)[0]]);

        var restore = RestoreTask(key, Paths("second"));
        Assert.IsTrue(restore.Execute());

        Assert.IsFalse(restore.Restored);
        Assert.AreEqual("MLOPS6001", Assert.ContainsSingle(_engine.Warnings).Code);
    }

    [TestMethod]
    public void CacheModel_OverTheCap_EvictsTheLeastRecentlyUsed()
    {
        // 600 KB models under a 1 MB cap: the second entry pushes the first out.
        string first = Key("first"), second = Key("second");
        Assert.IsTrue(CacheTask(first, Train("one", 600_000, seed: 1, key: first)).Execute());
        var cache = new ModelCache(_cacheDir);
        File.SetLastWriteTimeUtc(Path.Combine(cache.EntryPath(first), "entry.tsv"), DateTime.UtcNow.AddHours(-1));

        var task = CacheTask(second, Train("two", 600_000, seed: 2, key: second));
        task.SizeLimitMegabytes = 1;
        Assert.IsTrue(task.Execute());

        Assert.IsFalse(Directory.Exists(cache.EntryPath(first)), "the older entry was evicted");
        Assert.IsTrue(Directory.Exists(cache.EntryPath(second)), "the model just stored is kept");
        Assert.IsTrue(_engine.Messages.Any(m => m.Message!.Contains("Evicted " + first)), "the eviction is logged");
        Assert.IsEmpty(_engine.Warnings);
    }

    [TestMethod]
    public void CacheModel_WithACapSmallerThanTheModel_KeepsTheModelJustStored()
    {
        string first = Key("first"), second = Key("second");
        Assert.IsTrue(CacheTask(first, Train("one", 600_000, seed: 1, key: first)).Execute());

        // 1.2 MB under a 1 MB cap: the older entry goes; the one just written stays, though alone it is over the cap.
        var task = CacheTask(second, Train("two", 1_200_000, seed: 2, key: second));
        task.SizeLimitMegabytes = 1;
        Assert.IsTrue(task.Execute());

        var cache = new ModelCache(_cacheDir);
        Assert.IsFalse(Directory.Exists(cache.EntryPath(first)));
        Assert.IsTrue(cache.TryRestore(second, RestoreCachedModel.Files(_dir.Combine("back.zip"), _dir.Combine("back.training.json"))), "the model just stored was evicted");
    }

    [TestMethod]
    public void CacheModel_UnderTheCap_KeepsEveryEntry()
    {
        string first = Key("first"), second = Key("second");
        Assert.IsTrue(CacheTask(first, Train("one", 100_000, seed: 1, key: first)).Execute());
        var task = CacheTask(second, Train("two", 100_000, seed: 2, key: second));
        task.SizeLimitMegabytes = 1;

        Assert.IsTrue(task.Execute());

        var cache = new ModelCache(_cacheDir);
        Assert.IsTrue(Directory.Exists(cache.EntryPath(first)));
        Assert.IsTrue(Directory.Exists(cache.EntryPath(second)));
    }

    [TestMethod]
    public void CacheModel_ThatCannotWriteTheCache_IsMlops6002NotAFailure()
    {
        // A file where the cache folder should be: nothing can be created under it.
        _cacheDir = _dir.Write("home/.mlops/cache", "not a folder");

        var task = CacheTask(Key("a"), Train("one"));
        Assert.IsTrue(task.Execute(), "a cache that cannot be written costs speed, never the build");

        var warning = Assert.ContainsSingle(_engine.Warnings);
        Assert.AreEqual("MLOPS6002", warning.Code);
        Assert.Contains(_cacheDir, warning.Message!);
        Assert.IsEmpty(_engine.Errors);
    }

    [TestMethod]
    public void RestoreCachedModel_FromACacheThatIsAFile_IsFalseNotAFailure()
    {
        _cacheDir = _dir.Write("home/.mlops/cache", "not a folder");
        var restore = RestoreTask(Key("a"), Paths("clone"));

        Assert.IsTrue(restore.Execute());

        Assert.IsFalse(restore.Restored);
        Assert.IsEmpty(_engine.Errors);
    }
}
