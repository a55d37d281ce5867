namespace Sdk.MlOps.IntegrationTests.Infrastructure;

/// <summary>How a project references the SDK: the three ways a .NET developer expects.</summary>
public enum SdkReference { ProjectSdk, SdkElement, PackageReference }

/// <summary>
/// A model project in a fresh temporary git repository, written as a user would write it, built with the real
/// dotnet CLI against the packed SDK.
/// </summary>
internal sealed class ModelProject
{
    private ModelProject(string directory, string name)
    {
        Directory = directory;
        Name = name;
        // Each project has a model cache of its own unless a test shares one on purpose: tests expect to train.
        Environment["MLOPS_CACHE_DIR"] = Path.Combine(directory, ".cache");
    }

    public string Directory { get; }

    public string Name { get; }

    public string ProjectFile => Path.Combine(Directory, Name + ".csproj");

    public string OutputDir => Path.Combine(Directory, "bin", "Release", "net10.0");

    public string ModelFile => Path.Combine(OutputDir, Name + ".zip");

    public string PublishDir => Path.Combine(OutputDir, "publish");

    /// <summary>The local tracking store: mlruns/ at the repository root, which here is the project folder.</summary>
    public string LocalStore => Path.Combine(Directory, "mlruns");

    /// <summary>Environment variables every dotnet command of this project gets (e.g. MLFLOW_TRACKING_URI).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    /// <param name="directory">Where the project goes; a fresh folder of its own when null.</param>
    public static ModelProject Create(string name, string items, string code, SdkReference reference = SdkReference.ProjectSdk, string properties = "", bool multiTargeting = false, string? directory = null)
    {
        var dir = directory ?? NewFolder(name);
        System.IO.Directory.CreateDirectory(dir);
        var project = new ModelProject(dir, name);
        WriteNuGetConfig(dir);
        project.Write(name + ".csproj", ProjectXml(reference, properties, items, multiTargeting));
        project.Write("Model.cs", code);
        Command.Git(dir, "init", "-q", "-b", "main");
        return project;
    }

    /// <summary>A new folder under the run's work root.</summary>
    public static string NewFolder(string name) => Path.Combine(PackedSdk.WorkRoot, "projects", name + "-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>A nuget.config that adds the feed of the SDK under test to the user's sources.</summary>
    public static void WriteNuGetConfig(string directory) =>
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="sdk-under-test" value="{PackedSdk.Feed}" />
              </packageSources>
            </configuration>
            """);

    /// <summary>A slice of the MetricAnomaly sample's real data: <paramref name="rows"/> rows evenly spread over all its series.</summary>
    public ModelProject WithMetricData(string fileName, string sampleFile, int rows)
    {
        var lines = File.ReadLines(Repository.Path("samples", "MetricAnomaly", "data", sampleFile)).ToList();
        int step = (lines.Count - 1) / rows;
        var picked = lines.Skip(1).Where((_, i) => i % step == 0).Take(rows);
        Write(fileName, string.Join('\n', picked.Prepend(lines[0])) + "\n");
        return this;
    }

    public ModelProject Write(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public ModelProject Replace(string relativePath, string oldText, string newText)
    {
        var path = Path.Combine(Directory, relativePath);
        var text = File.ReadAllText(path);
        Assert.Contains(oldText, text, $"{relativePath} does not contain the text to replace");
        File.WriteAllText(path, text.Replace(oldText, newText, StringComparison.Ordinal));
        return this;
    }

    /// <summary>A copy as a fresh clone has it: the sources and data, no bin/, obj/ or mlruns/; same environment.</summary>
    public ModelProject Clone(string name)
    {
        var dir = NewFolder(name);
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Directory, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj" or "mlruns" or ".cache" or ".git") continue;
            var target = Path.Combine(dir, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var clone = new ModelProject(dir, Name);
        foreach (var (key, value) in Environment) clone.Environment[key] = value;
        return clone;
    }

    public ModelProject Commit()
    {
        Command.Git(Directory, "add", "-A");
        Command.Git(Directory, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "model");
        return this;
    }

    /// <summary>The 1-based line of the first project-file line containing <paramref name="text"/>.</summary>
    public int LineOf(string text) =>
        File.ReadLines(ProjectFile).Select((l, i) => (l, i)).First(x => x.l.Contains(text, StringComparison.Ordinal)).i + 1;

    public DotnetResult Build(params string[] args) => Dotnet.Run(Directory, Environment, ["build", "-c", "Release", .. args]);

    public DotnetResult Test(params string[] args) => Dotnet.Run(Directory, Environment, ["test", "-c", "Release", .. args]);

    public DotnetResult Publish(params string[] args) => Dotnet.Run(Directory, Environment, ["publish", "-c", "Release", .. args]);

    private static string ProjectXml(SdkReference reference, string properties, string items, bool multiTargeting)
    {
        var v = PackedSdk.Version;
        var (open, sdkElement, packageRef) = reference switch
        {
            SdkReference.ProjectSdk => ($"<Project Sdk=\"Sdk.MlOps/{v}\">", "", ""),
            SdkReference.SdkElement => ("<Project Sdk=\"Microsoft.NET.Sdk\">", $"<Sdk Name=\"Sdk.MlOps\" Version=\"{v}\" />", ""),
            _ => ("<Project Sdk=\"Microsoft.NET.Sdk\">", "", $"<ItemGroup><PackageReference Include=\"Sdk.MlOps\" Version=\"{v}\" /></ItemGroup>"),
        };
        return $"""
            {open}
              {sdkElement}
              <PropertyGroup>
                <{(multiTargeting ? "TargetFrameworks" : "TargetFramework")}>net10.0</{(multiTargeting ? "TargetFrameworks" : "TargetFramework")}>
                {properties}
              </PropertyGroup>
              {packageRef}
              <ItemGroup>
            {items}
              </ItemGroup>
            </Project>
            """;
    }
}
