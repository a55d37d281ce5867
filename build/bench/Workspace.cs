using System.Globalization;
using System.Reflection;
using System.Text;

namespace Bench;

/// <summary>
/// The bench's temporary world under <see cref="Path.GetTempPath"/>: the SDK packed from this repository's source into a
/// feed with a version of its own (as the integration tests do), model projects that reference it, a plain class
/// library, generated data and the model cache. <see cref="Dispose"/> removes all of it, including the packages NuGet
/// extracted for that version.
/// </summary>
internal sealed class Workspace : IDisposable
{
    private static readonly string[] PackageIds = ["sdk.mlops", "sdk.mlops.runtime", "sdk.mlops.mlflow"];

    private Workspace(string root, string repoRoot, string sdkVersion)
    {
        Root = root;
        RepoRoot = repoRoot;
        SdkVersion = sdkVersion;
    }

    public string Root { get; }

    public string RepoRoot { get; }

    public string SdkVersion { get; }

    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The model cache every model project of the bench names in <c>MlOpsCacheDir</c>.</summary>
    public string CacheDir => Path.Combine(Root, "model-cache");

    /// <summary>Dll of this program, which is also the plain ML.NET trainer and the hashing process.</summary>
    public static string BenchDll => Path.Combine(AppContext.BaseDirectory, "Bench.dll");

    public static Workspace Create()
    {
        var stamp = $"{DateTime.UtcNow:yyyyMMddHHmmss}{Environment.ProcessId % 1000:000}";
        var root = Path.Combine(Path.GetTempPath(), "sdk-mlops-bench-" + stamp);
        Directory.CreateDirectory(root);
        return new Workspace(root, FindRepoRoot(), "0.1.0-bench." + stamp);
    }

    public string Dir(params string[] parts)
    {
        var dir = Path.Combine([Root, .. parts]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The commit the SDK was packed from, and whether src/ had uncommitted changes then.</summary>
    public string Source { get; private set; } = "";

    public void PackSdk()
    {
        var commit = Proc.Exec(RepoRoot, "git", "rev-parse", "--short", "HEAD").Output.Trim();
        var dirty = Proc.Exec(RepoRoot, "git", "status", "--porcelain", "--", "src").Output.Trim().Length > 0;
        Source = $"commit {commit}{(dirty ? " with uncommitted changes in src/" : "")}";
        Pack();
    }

    private void Pack() =>
        Proc.Dotnet(RepoRoot, "msbuild", Path.Combine(RepoRoot, "build", "LocalFeed.targets"), "-t:MlOpsPackLocalFeed", "-nologo",
            $"-p:MlOpsLocalFeed={Feed}/", $"-p:MlOpsLocalVersion={SdkVersion}", $"-p:MlOpsLocalBuildDir={Dir("sdk-build")}/").ShouldSucceed();

    /// <summary>
    /// A model project as a user writes it: the SDK by version, the shared pipeline, a binary model class. Data
    /// paths are as written in the project (relative to it, or absolute).
    /// </summary>
    public string CreateModelProject(string name, string trainingData, string testData, string properties = "")
    {
        var dir = Dir("projects", name);
        WriteNuGetConfig(dir);
        File.WriteAllText(Path.Combine(dir, name + ".csproj"), $"""
            <Project Sdk="Sdk.MlOps/{SdkVersion}">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <MlTrainingData Include="{trainingData}" />
                <MlTestData Include="{testData}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Pipeline.cs"), PipelineSource);
        File.WriteAllText(Path.Combine(dir, "Model.cs"), """
            using Microsoft.ML;
            using Sdk.MlOps;

            namespace BenchModel;

            /// <summary>The benchmark's model: the shared pipeline, trained by Sdk.MlOps.</summary>
            public sealed class Detector : BinaryClassificationModel<BenchRow>
            {
                public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) => BenchPipeline.Build(ml);
            }

            """);
        return dir;
    }

    /// <summary>
    /// A plain project with as many .cs files as <paramref name="like"/> has, each of the same line count: a class
    /// library, or with <paramref name="mlNetConsole"/> a console program that references Microsoft.ML as the SDK does.
    /// </summary>
    public string CreatePlainProject(string name, string like, bool mlNetConsole = false)
    {
        var dir = Dir("projects", name);
        WriteNuGetConfig(dir);
        File.WriteAllText(Path.Combine(dir, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                {(mlNetConsole ? "<OutputType>Exe</OutputType>" : "")}
              </PropertyGroup>
              {(mlNetConsole ? "<ItemGroup><PackageReference Include=\"Microsoft.ML\" Version=\"5.0.1\" /></ItemGroup>" : "")}
            </Project>
            """);
        var sources = Directory.GetFiles(like, "*.cs").Order(StringComparer.Ordinal).ToArray();
        for (int i = 0; i < sources.Length; i++)
        {
            int lines = File.ReadAllLines(sources[i]).Length;
            var text = new StringBuilder($"namespace {name};\n\npublic static class Code{i}\n{{\n");
            for (int k = 0; k < lines - 5; k++)
                text.Append(mlNetConsole && i == 0 && k == 0 ? "    public static void Main() { }\n" : $"    public static int M{k}(int x) => x * {k + 1} + {i};\n");
            text.Append("}\n");
            File.WriteAllText(Path.Combine(dir, $"Code{i}.cs"), text.ToString());
        }

        return dir;
    }

    /// <summary>
    /// Seeded CSV with a header: ten uniform features in [-1, 1] and a label that is a fixed linear rule plus noise
    /// (about 85% learnable), so the trainer has real work and converges the same way every run.
    /// </summary>
    public static void WriteData(string path, int rows, int seed)
    {
        float[] weights = [1.5f, -2f, 1f, 0.5f, -0.5f, 0.8f, 0f, 0.2f, -1.2f, 0.3f];
        var rng = new Random(seed);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        writer.Write("F0,F1,F2,F3,F4,F5,F6,F7,F8,F9,Label\n");
        for (int r = 0; r < rows; r++)
        {
            float score = (rng.NextSingle() * 2 - 1) * 0.75f;
            for (int j = 0; j < weights.Length; j++)
            {
                float x = rng.NextSingle() * 2 - 1;
                score += weights[j] * x;
                writer.Write(x.ToString("0.0000", CultureInfo.InvariantCulture));
                writer.Write(',');
            }

            writer.Write(score > 0 ? "true\n" : "false\n");
        }
    }

    /// <summary>A copy of the project as a fresh clone has it: sources, data and settings; no bin/, obj/ or mlruns/.</summary>
    public static void CopyAsClone(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "bin" or "obj" or "mlruns") continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        TryDelete(Root);
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in PackageIds) TryDelete(Path.Combine(packages, id, SdkVersion.ToLowerInvariant()));
    }

    private void WriteNuGetConfig(string dir) =>
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="sdk-under-test" value="{Feed}" />
              </packageSources>
            </configuration>
            """);

    private static string PipelineSource
    {
        get
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Pipeline.cs")!;
            return new StreamReader(stream).ReadToEnd();
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"warning: could not remove {dir}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"warning: could not remove {dir}: {e.Message}");
        }
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Sdk.MlOps.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Sdk.MlOps.sln not found above " + AppContext.BaseDirectory);
    }
}
