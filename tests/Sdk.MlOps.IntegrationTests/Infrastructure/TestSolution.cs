namespace Sdk.MlOps.IntegrationTests.Infrastructure;

/// <summary>
/// A solution folder as a repository with a model project and test projects has it: <c>Name.slnx</c>, a nuget.config
/// with the SDK under test, and a global.json that names the SDK's version (msbuild-sdks) and, for the
/// Microsoft.Testing.Platform mode of dotnet test, says so.
/// </summary>
internal sealed class TestSolution
{
    private readonly List<string> _projects = [];

    private TestSolution(string directory, string name)
    {
        Directory = directory;
        Name = name;
    }

    public string Directory { get; }

    public string Name { get; }

    /// <summary>The model project of the solution: its environment is the one dotnet test gets.</summary>
    public ModelProject? Model { get; private set; }

    public static TestSolution Create(string name, bool microsoftTestingPlatformRunner)
    {
        var dir = ModelProject.NewFolder(name);
        System.IO.Directory.CreateDirectory(dir);
        ModelProject.WriteNuGetConfig(dir);
        // The SDK's version for every project of the solution, as global.json's msbuild-sdks gives it.
        var runner = microsoftTestingPlatformRunner ? """ "test": { "runner": "Microsoft.Testing.Platform" },""" : "";
        File.WriteAllText(Path.Combine(dir, "global.json"), $$"""{{{runner}} "msbuild-sdks": { "Sdk.MlOps": "{{PackedSdk.Version}}" } }""");
        return new TestSolution(dir, name);
    }

    public ModelProject AddDetector(string name, string? items = null, string? code = null)
    {
        Model = Models.DetectorProject(name, items: items, code: code, directory: Path.Combine(Directory, name));
        AddToSolution($"{name}/{name}.csproj");
        return Model;
    }

    /// <summary>An MSTest.Sdk project with one passing test, as a solution's unit tests are.</summary>
    public void AddMSTestProject(string name)
    {
        var dir = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name + ".csproj"), """
            <Project Sdk="MSTest.Sdk/4.5.2">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "UnitTests.cs"), """
            using Microsoft.VisualStudio.TestTools.UnitTesting;

            [TestClass]
            public sealed class SmokeTests
            {
                [TestMethod]
                public void Runs() => Assert.IsNotNull(typeof(SmokeTests).Assembly);
            }
            """);
        AddToSolution($"{name}/{name}.csproj");
    }

    public DotnetResult Build(params string[] args) =>
        Dotnet.Run(Directory, Model?.Environment, ["build", "-c", "Release", .. args]);

    public DotnetResult Test(params string[] args) =>
        Dotnet.Run(Directory, Model?.Environment, ["test", "-c", "Release", .. args]);

    private void AddToSolution(string path)
    {
        _projects.Add(path);
        File.WriteAllText(Path.Combine(Directory, Name + ".slnx"),
            "<Solution>\n" + string.Concat(_projects.Select(p => $"  <Project Path=\"{p}\" />\n")) + "</Solution>\n");
    }
}
