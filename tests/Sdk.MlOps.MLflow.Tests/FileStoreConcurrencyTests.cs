using System.Diagnostics;
using Sdk.MlOps.MLflow;

namespace Sdk.MlOps.MLflow.Tests;

/// <summary>
/// Several writers on one store at once, as in <c>dotnet build -m</c> of several model projects: one experiment per
/// name, versions 1..N without gaps or duplicates, and every meta.yaml whole. Threads with a store instance each
/// take the same file lock as processes do; one test also runs real separate processes.
/// </summary>
[TestClass]
public sealed class FileStoreConcurrencyTests
{
    private const string Experiment = "shared-experiment";
    private const string Model = "shared-model";
    private readonly TempMlruns _mlruns = new();

    [TestCleanup]
    public void Cleanup() => _mlruns.Dispose();

    [TestMethod]
    public async Task ThreadsWithTheirOwnStores()
    {
        const int Writers = 8, VersionsEach = 3;
        var start = new TaskCompletionSource();
        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            // Every writer opens the missing root itself: the Default experiment must still come out once.
            var store = new FileStore(_mlruns.Root);
            await start.Task;
            return await FileStoreWriter.WriteAsync(store, Experiment, Model, VersionsEach);
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(writers);

        AssertOneStore(results.Select(r => r.CreatedExperiment).ToList(), results.SelectMany(r => r.Versions).ToList(), Writers * VersionsEach);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task SeparateProcesses()
    {
        const int Writers = 4, VersionsEach = 3;
        var go = Path.Combine(_mlruns.Parent, "go");
        var processes = Enumerable.Range(0, Writers).Select(_ => FileStoreWriter.StartChild(_mlruns.Root, go, Experiment, Model, VersionsEach)).ToList();
        // The children start in about a tenth of a second each; the go file lets them all loose at once.
        await Task.Delay(300);
        await File.WriteAllTextAsync(go, "");

        var created = new List<bool>();
        var versions = new List<int>();
        foreach (var process in processes)
        {
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.AreEqual(0, process.ExitCode, $"child failed: {errors}{output}");
            var result = FileStoreWriter.Result.Parse(output);
            created.Add(result.CreatedExperiment);
            versions.AddRange(result.Versions);
        }

        AssertOneStore(created, versions, Writers * VersionsEach);
    }

    [TestMethod]
    public async Task ALockHeldTooLongFailsAsUnavailable()
    {
        var store = new FileStore(_mlruns.Root) { LockTimeout = TimeSpan.FromMilliseconds(200) };
        using var held = new FileStream(Path.Combine(_mlruns.Root, ".mlops.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.Unavailable, () => store.CreateExperimentAsync("blocked"));
    }

    private void AssertOneStore(List<bool> createdExperiment, List<int> versions, int expectedVersions)
    {
        Assert.AreEqual(1, createdExperiment.Count(c => c), "exactly one writer creates the experiment");
        versions.Sort();
        CollectionAssert.AreEqual(Enumerable.Range(1, expectedVersions).ToArray(), versions.ToArray(), "versions 1..N, no gaps, no duplicates");

        var metas = Directory.GetFiles(_mlruns.Root, "meta.yaml", SearchOption.AllDirectories);
        foreach (var meta in metas) Assert.IsNotEmpty(MetaYaml.Read(meta), meta);
        var named = metas.Select(MetaYaml.Read).Count(m => m.GetValueOrDefault("name") as string == Experiment && m.ContainsKey("experiment_id"));
        Assert.AreEqual(1, named, "one experiment folder with that name");
        Assert.AreEqual(1, metas.Select(MetaYaml.Read).Count(m => m.GetValueOrDefault("name") as string == "Default"), "one Default experiment");
        Assert.AreEqual(expectedVersions, Directory.GetDirectories(Path.Combine(_mlruns.Root, "models", Model), "version-*").Length);
        Assert.IsEmpty(Directory.GetFiles(_mlruns.Root, "*.tmp", SearchOption.AllDirectories));
    }
}

/// <summary>What one concurrent writer does, in a thread or in a child process.</summary>
internal static class FileStoreWriter
{
    public const string RootVariable = "MLOPS_FILESTORE_CHILD_ROOT";

    public sealed record Result(bool CreatedExperiment, List<int> Versions)
    {
        public override string ToString() => $"created={CreatedExperiment};versions={string.Join(',', Versions)}";

        public static Result Parse(string text)
        {
            var fields = text.Trim().Split(';').Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1]);
            return new Result(bool.Parse(fields["created"]), fields["versions"].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList());
        }
    }

    public static async Task<Result> WriteAsync(FileStore store, string experiment, string model, int versions)
    {
        var created = false;
        try
        {
            await store.CreateExperimentAsync(experiment);
            created = true;
        }
        catch (MlflowException e) when (e.ErrorCode == MlflowException.ErrorCodes.ResourceAlreadyExists)
        {
        }
        var experimentId = (await store.GetExperimentByNameAsync(experiment))!.ExperimentId;
        var run = await store.CreateRunAsync(experimentId, "writer", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        try
        {
            await store.CreateRegisteredModelAsync(model);
        }
        catch (MlflowException e) when (e.ErrorCode == MlflowException.ErrorCodes.ResourceAlreadyExists)
        {
        }
        var numbers = new List<int>();
        for (var i = 0; i < versions; i++)
        {
            var version = await store.CreateModelVersionAsync(model, $"runs:/{run.Info.RunId}/model", run.Info.RunId);
            numbers.Add(int.Parse(version.Version, System.Globalization.CultureInfo.InvariantCulture));
        }
        return new Result(created, numbers);
    }

    /// <summary>
    /// Runs <see cref="WriteAsync"/> in a new process without compiling anything: the test assembly is started as
    /// its own .NET startup hook (<see cref="StartupHook"/>), which does the work and exits before the assembly's
    /// empty generated Main.
    /// </summary>
    public static Process StartChild(string root, string goFile, string experiment, string model, int versions)
    {
        var assembly = typeof(StartupHook).Assembly.Location;
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? path
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        start.Environment[RootVariable] = root;
        start.Environment["MLOPS_FILESTORE_CHILD_GO"] = goFile;
        start.Environment["MLOPS_FILESTORE_CHILD_ARGS"] = $"{experiment}|{model}|{versions}";
        return Process.Start(start)!;
    }

    /// <summary>The child's side of <see cref="StartChild"/>.</summary>
    public static int RunChild(string root)
    {
        try
        {
            var go = Environment.GetEnvironmentVariable("MLOPS_FILESTORE_CHILD_GO")!;
            var args = Environment.GetEnvironmentVariable("MLOPS_FILESTORE_CHILD_ARGS")!.Split('|');
            var store = new FileStore(root);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!File.Exists(go) && DateTime.UtcNow < deadline) Thread.Sleep(5);
            var result = WriteAsync(store, args[0], args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
            Console.Out.Write(result.ToString());
            return 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e);
            return 1;
        }
    }
}
