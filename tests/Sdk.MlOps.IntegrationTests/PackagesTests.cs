using System.Text.RegularExpressions;
using Sdk.MlOps.IntegrationTests.Infrastructure;

namespace Sdk.MlOps.IntegrationTests;

/// <summary>The packages a pack of the repository writes are the ones the README tells a user about.</summary>
[TestClass]
public sealed partial class PackagesTests
{
    [TestMethod]
    public void ThePackedFeedHoldsExactlyThePackagesTheReadmeNames()
    {
        var readme = File.ReadAllText(Repository.Path("README.md"));
        int at = readme.IndexOf("`artifacts/packages/` then holds", StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, at, "the README no longer says what the pack writes");
        var paragraph = readme[at..readme.IndexOf("\n\n", at, StringComparison.Ordinal)];
        var named = PackageName().Matches(paragraph).Select(m => m.Groups["id"].Value).Distinct().Order(StringComparer.Ordinal).ToArray();

        var packed = Directory.GetFiles(PackedSdk.Feed, "*.nupkg").Select(Path.GetFileName)
            .Select(f => f![..f!.IndexOf("." + PackedSdk.Version, StringComparison.Ordinal)]).Order(StringComparer.Ordinal).ToArray();

        CollectionAssert.AreEqual(named, packed);
        Assert.IsTrue(packed.Where(id => id is "Sdk.MlOps.Runtime" or "Sdk.MlOps.MLflow")
            .All(id => File.Exists(Path.Combine(PackedSdk.Feed, $"{id}.{PackedSdk.Version}.snupkg"))), "the libraries' symbol packages are missing");
    }

    [TestMethod]
    public void NoPackageCarriesAPathOfTheMachineThatPackedIt()
    {
        var roots = new[] { Repository.Root.TrimEnd('/', '\\'), PackedSdk.WorkRoot }.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        foreach (var package in Directory.GetFiles(PackedSdk.Feed, "*.*nupkg"))
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(package);
            foreach (var entry in zip.Entries)
            {
                using var stream = new MemoryStream();
                using (var content = entry.Open()) content.CopyTo(stream);
                var bytes = stream.ToArray();
                Assert.IsFalse(roots.Any(root => bytes.AsSpan().IndexOf(root) >= 0), $"{Path.GetFileName(package)}: {entry.FullName} holds a path of this machine");
            }
        }
    }

    [GeneratedRegex(@"`(?<id>Sdk\.MlOps(\.[A-Za-z]+)?)`")]
    private static partial Regex PackageName();
}
