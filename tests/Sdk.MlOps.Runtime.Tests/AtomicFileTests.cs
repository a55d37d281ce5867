using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class AtomicFileTests
{
    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public void WritesIntoMissingFolders()
    {
        var path = Path.Combine(_dir.Path, "a", "b", "model.json");

        AtomicFile.WriteText(path, "new");

        Assert.AreEqual("new", File.ReadAllText(path));
    }

    [TestMethod]
    public void FailedWriteKeepsTheOldFileAndLeavesNoTempFile()
    {
        var path = _dir.File("model.zip", "old");

        Assert.ThrowsExactly<IOException>(() => AtomicFile.Write(path, temp =>
        {
            File.WriteAllText(temp, "half");
            throw new IOException("disk full");
        }));

        Assert.AreEqual("old", File.ReadAllText(path));
        CollectionAssert.AreEqual(new[] { path }, Directory.GetFiles(_dir.Path));
    }
}
