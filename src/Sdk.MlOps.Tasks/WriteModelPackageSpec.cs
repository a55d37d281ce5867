using System.Xml.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// Writes the .nuspec of a model's package and the targets file it carries. Written here rather than inferred by
/// NuGet from the project: the model program references the engine, the SDK and the test platform, none of which an
/// application that predicts needs; the package depends on what prediction needs and on the user's own packages.
/// </summary>
public sealed class WriteModelPackageSpec : Task
{
    [Required] public string SpecFile { get; set; } = "";
    [Required] public string TargetsFile { get; set; } = "";
    [Required] public string ProjectFile { get; set; } = "";
    [Required] public string Id { get; set; } = "";
    [Required] public string Version { get; set; } = "";
    [Required] public string ModelName { get; set; } = "";
    [Required] public string TargetFramework { get; set; } = "";
    /// <summary>The model project's assembly: its input class and typed API.</summary>
    [Required] public string Assembly { get; set; } = "";
    public string DocumentationFile { get; set; } = "";
    /// <summary>The bundle: model, manifest, model card, model report.</summary>
    [Required] public ITaskItem[] BundleFiles { get; set; } = [];
    /// <summary>Package dependencies; Version metadata, else the matching PackageVersion item (central package management).</summary>
    public ITaskItem[] Dependencies { get; set; } = [];
    public ITaskItem[] PackageVersions { get; set; } = [];
    public string Authors { get; set; } = "";
    public string Description { get; set; } = "";
    public string Tags { get; set; } = "";
    public string LicenseExpression { get; set; } = "";
    public string ProjectUrl { get; set; } = "";
    public string RepositoryUrl { get; set; } = "";
    public string RepositoryCommit { get; set; } = "";

    private static readonly XNamespace Ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";

    /// <summary>Where the bundle goes in the package, and under the consumer's output (models/&lt;name&gt;/).</summary>
    public const string ModelFolder = "model";

    public override bool Execute()
    {
        var card = BundleFiles.FirstOrDefault(f => Path.GetFileName(f.ItemSpec) == "MODEL_CARD.md");
        if (card is null || !BundleFiles.Any(f => Path.GetFileName(f.ItemSpec) == "mlops-manifest.json"))
        {
            Log.Error(ErrorCodes.PackageWithoutBundle, $"{ModelName} has no bundle to pack (model, mlops-manifest.json, MODEL_CARD.md): its gates must pass first. See the errors above.", ProjectFile);
            return false;
        }

        var dependencies = new List<XElement>();
        foreach (var d in Dependencies.GroupBy(d => d.ItemSpec, StringComparer.OrdinalIgnoreCase).Select(g => g.First()))
        {
            var version = d.GetMetadata("Version");
            if (version.Length == 0) version = d.GetMetadata("VersionOverride");
            if (version.Length == 0) version = PackageVersions.FirstOrDefault(v => string.Equals(v.ItemSpec, d.ItemSpec, StringComparison.OrdinalIgnoreCase))?.GetMetadata("Version") ?? "";
            if (version.Length == 0)
            {
                Log.Error(ErrorCodes.PackageWithoutBundle, $"The package reference {d.ItemSpec} has no version, so the model's package cannot say which it needs. Give it a Version.", ProjectFile);
                continue;
            }

            // What the consumer compiles against and runs with; analyzers and build logic stay with the model project.
            dependencies.Add(new XElement(Ns + "dependency", new XAttribute("id", d.ItemSpec), new XAttribute("version", version), new XAttribute("exclude", "Build,Analyzers")));
        }

        if (Log.HasLoggedErrors) return false;

        var tfm = TargetFramework;
        var metadata = new XElement(Ns + "metadata",
            new XElement(Ns + "id", Id),
            new XElement(Ns + "version", Version),
            new XElement(Ns + "authors", Authors.Length > 0 ? Authors : Id),
            new XElement(Ns + "description", Description.Length > 0 ? Description : $"The {ModelName} model, trained and gated by Sdk.MlOps, with its typed prediction API."),
            new XElement(Ns + "readme", "MODEL_CARD.md"),
            new XElement(Ns + "tags", ("mlops ml.net model " + Tags.Replace(';', ' ')).Trim()));
        if (LicenseExpression.Length > 0) metadata.Add(new XElement(Ns + "license", new XAttribute("type", "expression"), LicenseExpression));
        if (ProjectUrl.Length > 0) metadata.Add(new XElement(Ns + "projectUrl", ProjectUrl));
        if (RepositoryUrl.Length > 0)
        {
            var repository = new XElement(Ns + "repository", new XAttribute("type", "git"), new XAttribute("url", RepositoryUrl));
            if (RepositoryCommit.Length > 0) repository.Add(new XAttribute("commit", RepositoryCommit));
            metadata.Add(repository);
        }

        metadata.Add(new XElement(Ns + "dependencies", new XElement(Ns + "group", new XAttribute("targetFramework", tfm), dependencies)));

        var files = new XElement(Ns + "files",
            File(Assembly, $"lib/{tfm}/"),
            File(card.GetMetadata("FullPath"), ""),
            File(TargetsFile, $"buildTransitive/{Id}.targets"));
        if (DocumentationFile.Length > 0 && System.IO.File.Exists(DocumentationFile)) files.Add(File(DocumentationFile, $"lib/{tfm}/"));
        foreach (var f in BundleFiles) files.Add(File(f.GetMetadata("FullPath"), ModelFolder + "/"));

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(SpecFile))!);
        WriteIfChanged(SpecFile, new XDocument(new XElement(Ns + "package", metadata, files)).ToString() + "\n");
        WriteIfChanged(TargetsFile, ConsumerTargets());
        return true;
    }

    private static XElement File(string source, string target) =>
        new(Ns + "file", new XAttribute("src", source), new XAttribute("target", target));

    /// <summary>
    /// The package's targets: the bundle goes to models/&lt;name&gt;/ in the consumer's output and publish folder, where the
    /// generated <c>&lt;Model&gt;Model.DefaultFile</c> looks, beside the manifest its reload checks against.
    /// </summary>
    private string ConsumerTargets()
    {
        var folder = $"models/{ModelName}/";
        var x = new XElement("Project",
            new XComment($" {Id}: the model bundle, copied to {folder} in the output and publish folders (generated by Sdk.MlOps) "),
            new XElement("ItemGroup",
                new XElement("None",
                    new XAttribute("Include", $"$(MSBuildThisFileDirectory)../{ModelFolder}/*"),
                    new XAttribute("Link", folder + "%(Filename)%(Extension)"),
                    new XAttribute("CopyToOutputDirectory", "PreserveNewest"),
                    new XAttribute("CopyToPublishDirectory", "PreserveNewest"),
                    new XAttribute("Visible", "false"),
                    new XAttribute("Pack", "false"))));
        return x.ToString() + "\n";
    }

    private static void WriteIfChanged(string path, string text)
    {
        text = text.Replace("\r\n", "\n");
        if (System.IO.File.Exists(path) && System.IO.File.ReadAllText(path) == text) return;
        System.IO.File.WriteAllText(path, text);
    }
}
