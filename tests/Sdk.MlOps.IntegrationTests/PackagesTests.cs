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
        Assert.IsTrue(packed.Where(id => id is "Sdk.MlOps.Runtime" or "Sdk.MlOps.MLflow" or "Sdk.MlOps.Testing")
            .All(id => File.Exists(Path.Combine(PackedSdk.Feed, $"{id}.{PackedSdk.Version}.snupkg"))), "the libraries' symbol packages are missing");
    }

    [TestMethod]
    public void ThePackOfTheWholeSolution_PacksTheProjectsTheTestsPack()
    {
        // The README's `dotnet pack -c Release` packs every packable project of the solution; the tests pack Packages.slnf.
        static List<string> Packable(IEnumerable<string> projects) => projects.Select(path => path.Replace('\\', '/'))
            .Where(path => Sdk.MlOps.Testing.InProcessBuild.Evaluate(Repository.Path(path), "IsPackable") == "true").Order(StringComparer.Ordinal).ToList();
        var solution = SolutionProject().Matches(File.ReadAllText(Repository.Path("Sdk.MlOps.sln"))).Select(m => m.Groups["path"].Value);
        using var filter = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Repository.Path("build", "Packages.slnf")));
        var filtered = filter.RootElement.GetProperty("solution").GetProperty("projects").EnumerateArray().Select(p => p.GetString()!);

        var packed = Packable(solution);
        CollectionAssert.AreEqual(Packable(filtered), packed);
        Assert.HasCount(Directory.GetFiles(PackedSdk.Feed, "*.nupkg").Length, packed, "one package per packable project");
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

    [TestMethod]
    public void EveryPackage_NamesTheCommitItWasPackedFrom_AndCarriesItsReadmeAndLicence_AndNoTestOrSample()
    {
        var head = Command.Git(Repository.Root, "rev-parse", "HEAD");
        foreach (var package in Directory.GetFiles(PackedSdk.Feed, "*.nupkg"))
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(package);
            var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var reader = new StreamReader(nuspecEntry.Open());
            var metadata = System.Xml.Linq.XDocument.Load(reader).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Element(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            var name = Path.GetFileName(package);

            Assert.AreEqual("git", repository.Attribute("type")?.Value, name);
            Assert.AreEqual(head, repository.Attribute("commit")?.Value, $"{name}: SourceLink's commit");
            Assert.AreEqual("README.md", Element("readme"), name);
            Assert.AreEqual("MIT", Element("license"), name);
            Assert.IsNotNull(zip.GetEntry("README.md"), name);
            Assert.IsFalse(zip.Entries.Any(e => e.FullName.StartsWith("tests/", StringComparison.Ordinal) || e.FullName.StartsWith("samples/", StringComparison.Ordinal)
                || e.Name.EndsWith("Tests.dll", StringComparison.Ordinal)), $"{name} carries test or sample content");
        }
    }

    [GeneratedRegex(@"^Project\(""\{[^}]+\}""\) = ""[^""]+"", ""(?<path>[^""]+\.csproj)""", RegexOptions.Multiline)]
    private static partial Regex SolutionProject();

    [GeneratedRegex(@"`(?<id>Sdk\.MlOps(\.[A-Za-z]+)?)`")]
    private static partial Regex PackageName();
}
