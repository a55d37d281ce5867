using System.IO.Hashing;

namespace Sdk.MlOps.Tasks.Tests;

[TestClass]
public sealed class FileFingerprintsTests
{
    private readonly TempDirectory _dir = new();
    private string _record = "";

    [TestInitialize]
    public void Init() => _record = _dir.Combine("obj/fingerprints.tsv");

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    private static string Expected(byte[] bytes) => "xxh128:" + Convert.ToHexStringLower(XxHash128.Hash(bytes));

    /// <summary>A minute ago, to the second: long settled, and exactly restorable.</summary>
    private static DateTime Settled()
    {
        var t = DateTime.UtcNow.AddMinutes(-1);
        return new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    }

    /// <summary>Writes a file of <paramref name="content"/>, last written a minute ago.</summary>
    private string WriteSettled(string name, string content, DateTime written)
    {
        var path = _dir.Write(name, content);
        File.SetLastWriteTimeUtc(path, written);
        return path;
    }

    /// <summary>New content of the same size, with the old last-write time put back: only a read can tell.</summary>
    private static void ReplaceContentKeepingSizeAndTime(string path, string content)
    {
        var written = File.GetLastWriteTimeUtc(path);
        var length = new FileInfo(path).Length;
        File.WriteAllText(path, content);
        Assert.AreEqual(length, new FileInfo(path).Length, "the test needs content of the same size");
        File.SetLastWriteTimeUtc(path, written);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(1000)]
    [DataRow((1 << 20) - 1)]
    [DataRow(1 << 20)]
    [DataRow((1 << 20) * 2 + 17)]
    public void Compute_MatchesXxHash128OfTheBytes(int length)
    {
        // Sizes around the 1 MiB read buffer: the streamed hash must equal the one-shot hash of all the bytes.
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var path = _dir.Write("data.bin", bytes);

        var hash = FileFingerprints.Compute(path);

        Assert.AreEqual(Expected(bytes), hash);
        Assert.MatchesRegex("^xxh128:[0-9a-f]{32}$", hash);
    }

    [TestMethod]
    public void Compute_OfNothing_IsTheCanonicalXxh128OfTheEmptyInput()
    {
        // xxhsum -H2 /dev/null: the digest in canonical (big-endian) order, as every other XXH128 tool prints it.
        var path = _dir.Write("empty", []);

        Assert.AreEqual("xxh128:99aa06d3014798d86001c324468d497f", FileFingerprints.Compute(path));
    }

    [TestMethod]
    public void Of_WithoutARecord_Hashes()
    {
        var path = _dir.Write("a.csv", "x,y\n1,2\n");

        Assert.AreEqual(Expected(File.ReadAllBytes(path)), new FileFingerprints(null).Of(path));
    }

    [TestMethod]
    public void Of_ReusesTheRecord_WhenSizeAndTimeMatchAndTheFileHadSettled()
    {
        var path = WriteSettled("a.csv", "x,y\n1,2\n", Settled());
        var fingerprints = new FileFingerprints(_record);
        var first = fingerprints.Of(path);

        ReplaceContentKeepingSizeAndTime(path, "x,y\n3,4\n");

        // The stale fingerprint proves the file was not read again.
        Assert.AreEqual(first, fingerprints.Of(path));
        Assert.AreNotEqual(first, FileFingerprints.Compute(path));
    }

    [TestMethod]
    public void Of_Rehashes_WhenTheSizeChanged()
    {
        var written = Settled();
        var path = WriteSettled("a.csv", "x,y\n1,2\n", written);
        var fingerprints = new FileFingerprints(_record);
        var first = fingerprints.Of(path);

        File.AppendAllText(path, "5,6\n");
        File.SetLastWriteTimeUtc(path, written);

        var second = fingerprints.Of(path);
        Assert.AreNotEqual(first, second);
        Assert.AreEqual(Expected(File.ReadAllBytes(path)), second);
    }

    [TestMethod]
    public void Of_Rehashes_WhenTheLastWriteTimeChanged()
    {
        var written = Settled();
        var path = WriteSettled("a.csv", "x,y\n1,2\n", written);
        var fingerprints = new FileFingerprints(_record);
        var first = fingerprints.Of(path);

        ReplaceContentKeepingSizeAndTime(path, "x,y\n3,4\n");
        File.SetLastWriteTimeUtc(path, written.AddSeconds(-30));

        var second = fingerprints.Of(path);
        Assert.AreNotEqual(first, second);
        Assert.AreEqual(Expected(File.ReadAllBytes(path)), second);
    }

    [TestMethod]
    public void Of_Rehashes_WhenTheLastWriteTimeChangedByOneTick()
    {
        var written = Settled();
        var path = WriteSettled("a.csv", "x,y\n1,2\n", written);
        var fingerprints = new FileFingerprints(_record);
        var first = fingerprints.Of(path);

        ReplaceContentKeepingSizeAndTime(path, "x,y\n3,4\n");
        File.SetLastWriteTimeUtc(path, written.AddTicks(1));

        Assert.AreNotEqual(first, fingerprints.Of(path));
    }

    [TestMethod]
    public void Of_DoesNotTrustARecordOfAFileWrittenJustBeforeItWasHashed()
    {
        // Written now: a change within the timestamp's resolution would keep size and time, so the record is not trusted.
        var path = _dir.Write("a.csv", "x,y\n1,2\n");
        var fingerprints = new FileFingerprints(_record);
        var first = fingerprints.Of(path);

        ReplaceContentKeepingSizeAndTime(path, "x,y\n3,4\n");

        var second = fingerprints.Of(path);
        Assert.AreNotEqual(first, second);
        Assert.AreEqual(Expected(File.ReadAllBytes(path)), second);
    }

    [TestMethod]
    public void Of_DoesNotTrustARecordOfAFileWrittenJustBeforeItWasHashed_AfterAReload()
    {
        var path = _dir.Write("a.csv", "x,y\n1,2\n");
        var fingerprints = new FileFingerprints(_record);
        var first = fingerprints.Of(path);
        fingerprints.Save();

        ReplaceContentKeepingSizeAndTime(path, "x,y\n3,4\n");

        Assert.AreNotEqual(first, new FileFingerprints(_record).Of(path));
    }

    [TestMethod]
    public void Record_SurvivesSaveAndReload()
    {
        var written = Settled();
        var a = WriteSettled("data/a.csv", "x,y\n1,2\n", written);
        var b = WriteSettled("data/with space & tab-free name.csv", "x,y\n7,8\n", written);
        var fingerprints = new FileFingerprints(_record);
        var firstA = fingerprints.Of(a);
        var firstB = fingerprints.Of(b);
        fingerprints.Save();
        Assert.IsTrue(File.Exists(_record), "Save creates the record's folder and file");
        Assert.IsFalse(File.Exists(_record + ".tmp"), "no temp file is left behind");

        ReplaceContentKeepingSizeAndTime(a, "x,y\n3,4\n");
        ReplaceContentKeepingSizeAndTime(b, "x,y\n9,0\n");
        var reloaded = new FileFingerprints(_record);

        Assert.AreEqual(firstA, reloaded.Of(a), "the reloaded record answers without reading the file");
        Assert.AreEqual(firstB, reloaded.Of(b));
    }

    [TestMethod]
    public void Record_IsUpdated_WhenAFileChanged()
    {
        var path = WriteSettled("a.csv", "x,y\n1,2\n", Settled());
        var fingerprints = new FileFingerprints(_record);
        fingerprints.Of(path);
        fingerprints.Save();

        File.WriteAllText(path, "x,y\n1,2\n3,4\n");
        var changed = Settled().AddSeconds(5);
        File.SetLastWriteTimeUtc(path, changed);
        var second = new FileFingerprints(_record);
        var updated = second.Of(path);
        second.Save();

        ReplaceContentKeepingSizeAndTime(path, "x,y\n1,2\n5,6\n");
        Assert.AreEqual(updated, new FileFingerprints(_record).Of(path), "the new fingerprint replaced the old one in the record");
        Assert.AreEqual(1, File.ReadAllLines(_record).Length);
    }

    [TestMethod]
    public void Record_IsNotWritten_WhenNothingWasHashed()
    {
        var path = WriteSettled("a.csv", "x,y\n1,2\n", Settled());
        var fingerprints = new FileFingerprints(_record);
        fingerprints.Of(path);
        fingerprints.Save();
        var saved = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(_record, saved);

        var again = new FileFingerprints(_record);
        again.Of(path);
        again.Save();

        Assert.AreEqual(saved, File.GetLastWriteTimeUtc(_record), "an unchanged record leaves obj/ untouched");
    }

    [TestMethod]
    public void Record_WithUnreadableLines_IsIgnoredNotFatal()
    {
        var path = WriteSettled("a.csv", "x,y\n1,2\n", Settled());
        Directory.CreateDirectory(Path.GetDirectoryName(_record)!);
        File.WriteAllText(_record, "garbage\n" + path + "\tnot-a-number\t1\t2\txxh128:00\n\n");

        Assert.AreEqual(Expected(File.ReadAllBytes(path)), new FileFingerprints(_record).Of(path));
    }

    [TestMethod]
    public void Record_WithATruncatedFingerprint_IsNotTrusted()
    {
        var written = Settled();
        var path = WriteSettled("a.csv", "x,y\n1,2\n", written);
        var fingerprints = new FileFingerprints(_record);
        var full = fingerprints.Of(path);
        fingerprints.Save();
        // The record as a torn write (or a crash mid-copy) leaves it: the last line cut short.
        var text = File.ReadAllText(_record);
        File.WriteAllText(_record, text.Substring(0, text.Length - 10));

        Assert.AreEqual(full, new FileFingerprints(_record).Of(path));
    }
}
