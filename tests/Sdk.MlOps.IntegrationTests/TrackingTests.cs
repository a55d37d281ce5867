using Sdk.MlOps.IntegrationTests.Infrastructure;
using Sdk.MlOps.MLflow;
using Sdk.MlOps.Testing;

namespace Sdk.MlOps.IntegrationTests;

/// <summary>Runs, metrics and model versions as MLflow sees them, from the local store and from a server.</summary>
[TestClass]
public sealed class TrackingTests
{
    private const string Token = "tok-5e3c1a7f-never-log-me";

    [TestMethod]
    public async Task WithoutAServer_TheLifecycleIsRecordedInTheLocalStore()
    {
        // A data file whose name MLflow's keys cannot hold as it is: it is recorded under a safe key all the same.
        const string DataName = "data/train (v2) ä.csv";
        var project = Models.DetectorProject("LocalTracking").Replace("LocalTracking.csproj", "data/train.csv", DataName);
        File.Move(Path.Combine(project.Directory, "data", "train.csv"), Path.Combine(project.Directory, DataName));
        project.Commit();
        project.Build().ShouldSucceed();
        project.Build().ShouldSucceed(); // up to date: no second run
        project.Test().ShouldSucceed();
        project.Publish().ShouldSucceed();

        var store = new FileStore(project.LocalStore);
        var experiment = await store.GetExperimentByNameAsync("LocalTracking");
        Assert.IsNotNull(experiment);
        var run = (await store.SearchRunsAsync([experiment.ExperimentId])).Items.Single();
        AssertTrainingRun(run);
        Assert.IsTrue(run.Data.Metrics.Any(m => m.Key == "test.AreaUnderRocCurve"), "dotnet test logs to the training run");
        Assert.AreEqual("passed", run.Data.Tags["mlops.gate.Accuracy"].Split(':')[0]);
        CollectionAssert.Contains((await store.ListArtifactsAsync(run.Info.RunId, "model")).Select(a => a.Path).ToList(), "model/LocalTracking.zip");

        var version = await store.GetModelVersionByAliasAsync("LocalTracking", "challenger");
        Assert.IsNotNull(version);
        Assert.AreEqual(run.Info.RunId, version.RunId);
        Assert.IsNull(await store.GetModelVersionByAliasAsync("LocalTracking", "champion"), "only MlOpsPromote moves the champion");
        Assert.IsTrue(run.Data.Tags.Values.Any(v => v.Contains(DataName, StringComparison.Ordinal)), "the data file's real name is kept as a tag value");

        // Nothing machine-specific in what is shipped or tracked: the bundle, the training report, the run's tags and params.
        var shipped = Directory.GetFiles(project.PublishDir).Select(File.ReadAllText)
            .Append(File.ReadAllText(Path.Combine(project.OutputDir, "LocalTracking.training.json")))
            .Concat(run.Data.Tags.Values).Concat(run.Data.Params.Values);
        Assert.IsFalse(shipped.Any(text => text.Contains(project.Directory, StringComparison.Ordinal)), "an absolute path of this machine was shipped or tracked");
    }

    [TestMethod]
    public async Task AgainstAServer_PublishLeavesARunAndAVersion_AndTheTokenIsNowhere()
    {
        await using var server = await FakeMlflowServer.StartAsync();
        server.RequiredAuthorization = "Bearer " + Token;
        var project = Models.DetectorProject("ServerTracking").Commit();
        project.Environment["MLFLOW_TRACKING_URI"] = server.Uri.ToString();
        project.Environment["MLFLOW_TRACKING_TOKEN"] = Token;

        var build = project.Build("-bl:build.binlog").ShouldSucceed();
        var test = project.Test().ShouldSucceed();
        var publish = project.Publish("-p:MlOpsPromote=true", "-bl:publish.binlog").ShouldSucceed();

        using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = server.Uri, Token = Token });
        var experiment = await client.GetExperimentByNameAsync("ServerTracking");
        Assert.IsNotNull(experiment);
        var run = (await client.SearchRunsAsync([experiment.ExperimentId])).Items.Single();
        AssertTrainingRun(run);
        Assert.IsTrue(run.Data.Metrics.Any(m => m.Key == "test.AreaUnderRocCurve"), "dotnet test logs to the training run");
        Assert.IsTrue(server.State.ArtifactPaths.Any(p => p.EndsWith("/model/ServerTracking.zip", StringComparison.Ordinal)), string.Join("\n", server.State.ArtifactPaths));
        Assert.AreEqual(run.Info.RunId, (await client.GetModelVersionByAliasAsync("ServerTracking", "challenger"))?.RunId);
        Assert.AreEqual(run.Info.RunId, (await client.GetModelVersionByAliasAsync("ServerTracking", "champion"))?.RunId);
        Assert.IsFalse(Directory.Exists(project.LocalStore), "with a working server nothing goes to the local store");

        // The token reached the server, and nothing else.
        Assert.IsTrue(server.Requests.All(r => r.Authorization == "Bearer " + Token));
        foreach (var output in new[] { build.Output, test.Output, publish.Output })
            Assert.DoesNotContain(Token, output, "console output");
        foreach (var binlog in new[] { "build.binlog", "publish.binlog" })
        {
            var replay = Path.Combine(project.Directory, binlog + ".txt");
            Dotnet.Run(project.Directory, "msbuild", binlog, "-noconlog", $"-flp:logfile={replay};verbosity=diagnostic").ShouldSucceed();
            var text = File.ReadAllText(replay);
            Assert.Contains("MlOpsTrain", text, "the replay is a real log");
            Assert.DoesNotContain(Token, text, binlog);
        }

        foreach (var file in Directory.EnumerateFiles(project.Directory, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".binlog", StringComparison.Ordinal)))
            Assert.IsFalse(File.ReadAllText(file).Contains(Token, StringComparison.Ordinal), $"token in {file}");
    }

    [TestMethod]
    public async Task WithTheServerDown_TheBuildWarnsAndKeepsTheRun_AndSyncDeliversItOnce()
    {
        var project = Models.DetectorProject("Offline").Commit();
        project.Environment["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "1";
        // The property form of the server address; the discard port: nothing listens there.
        var build = project.Build("-p:MlOpsTrackingUri=http://127.0.0.1:9").ShouldSucceed();
        build.ShouldWarn("MLOPS5001");
        var local = new FileStore(project.LocalStore);
        var experiment = await local.GetExperimentByNameAsync("Offline");
        var localRun = (await local.SearchRunsAsync([experiment!.ExperimentId])).Items.Single();

        await using var server = await FakeMlflowServer.StartAsync();
        project.Environment["MLFLOW_TRACKING_URI"] = server.Uri.ToString();
        project.Build("-t:MlOpsSync").ShouldSucceed();
        project.Test().ShouldSucceed(); // tested after the first sync: the test metrics go to the local run...
        project.Build("-t:MlOpsSync").ShouldSucceed(); // ...and the second sync sends only those

        using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = server.Uri });
        var remoteExperiment = await client.GetExperimentByNameAsync("Offline");
        var remote = (await client.SearchRunsAsync([remoteExperiment!.ExperimentId])).Items.Single();
        Assert.AreEqual(localRun.Info.RunId, remote.Data.Tags["mlops.source_run_id"]);
        AssertTrainingRun(remote);
        Assert.IsTrue(remote.Data.Metrics.Any(m => m.Key == "test.AreaUnderRocCurve"), "what the local run gained after a sync follows");
        Assert.HasCount(1, server.State.MetricsOf(remote.Info.RunId).Where(m => m.Key == "training.AreaUnderRocCurve").ToList(), "no value is sent twice");
        Assert.IsTrue(server.State.ArtifactPaths.Any(p => p.EndsWith("/model/Offline.zip", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task ParallelBuildsShareOneStore()
    {
        // Two model projects of one experiment, built at the same time into one store, as dotnet build -m does.
        var store = Path.Combine(PackedSdk.WorkRoot, "shared-" + Guid.NewGuid().ToString("N")[..8], "mlruns");
        var projects = new[] { "ParallelA", "ParallelB" }
            .Select(name => Models.DetectorProject(name, properties: $"<MlOpsTrackingStore>{store}</MlOpsTrackingStore><MlOpsExperimentName>Shared</MlOpsExperimentName>"))
            .ToArray();
        foreach (var build in await Task.WhenAll(projects.Select(p => Task.Run(() => p.Build()))))
            build.ShouldSucceed();

        var fileStore = new FileStore(store);
        var experiments = (await fileStore.SearchExperimentsAsync()).Items.Where(e => e.Name == "Shared").ToList();
        Assert.HasCount(1, experiments, "one experiment, however many builds raced to create it");
        var runs = (await fileStore.SearchRunsAsync([experiments[0].ExperimentId])).Items;
        CollectionAssert.AreEquivalent(new[] { "ParallelA", "ParallelB" }, runs.Select(r => r.Data.Tags["mlops.model_name"]).ToList());
    }

    [TestMethod]
    public void RelativeGates_CompareWithTheChampion()
    {
        var project = Models.DetectorProject("Champion", items: """
                <MlTrainingData Include="data/train.csv" />
                <MlTestData Include="data/test.csv" />
                <MlMetricGate Include="Accuracy" MaxRegression="0.02" />
            """);
        var first = project.Publish("-p:MlOpsPromote=true").ShouldSucceed();
        Assert.Contains("no champion yet", first.Output, "the rule without a champion is printed");

        // Labels flipped: the new model ranks backwards, far below the champion.
        project.Replace("data/train.csv", ",true", ",was-true").Replace("data/train.csv", ",false", ",true").Replace("data/train.csv", ",was-true", ",false");
        var error = project.Test().ShouldFailTest("MLOPS3004");
        Assert.Contains("vs champion on 200 shared rows", error.Message, "compared on the same rows, with the interval");
        Assert.Contains("significantly worse", error.Message);
        Assert.AreEqual(project.LineOf("MaxRegression"), error.Line);
    }

    /// <summary>Conformance with a real MLflow server, run by hand: MLOPS_TEST_MLFLOW_URI=http://127.0.0.1:5000.</summary>
    [TestMethod]
    public async Task AgainstARealMlflowServer_TheLifecycleLeavesARunAndAVersion()
    {
        var uri = Environment.GetEnvironmentVariable("MLOPS_TEST_MLFLOW_URI");
        if (string.IsNullOrEmpty(uri)) Assert.Inconclusive("MLOPS_TEST_MLFLOW_URI is not set: no real MLflow server to test against.");

        var name = "Conformance" + Guid.NewGuid().ToString("N")[..8];
        var project = Models.DetectorProject(name).Commit();
        project.Environment["MLFLOW_TRACKING_URI"] = uri;
        project.Test().ShouldSucceed();
        project.Publish("-p:MlOpsPromote=true").ShouldSucceed();

        using var client = new MlflowClient(MlflowClientOptions.FromEnvironment(new Uri(uri)));
        var experiment = await client.GetExperimentByNameAsync(name);
        var run = (await client.SearchRunsAsync([experiment!.ExperimentId])).Items.Single();
        AssertTrainingRun(run);
        Assert.IsTrue(run.Data.Metrics.Any(m => m.Key == "test.AreaUnderRocCurve"));
        CollectionAssert.Contains((await client.ListArtifactsAsync(run.Info.RunId, "model")).Select(a => a.Path).ToList(), $"model/{name}.zip");
        var champion = await client.GetModelVersionByAliasAsync(name, "champion");
        Assert.AreEqual(run.Info.RunId, champion?.RunId);
        CollectionAssert.IsSubsetOf(new[] { "challenger", "champion" }, champion!.Aliases.ToList());
    }

    private static void AssertTrainingRun(Run run)
    {
        Assert.AreEqual(RunStatus.Finished, run.Info.Status);
        Assert.AreEqual("20", run.Data.Params["Iterations"]);
        Assert.AreEqual("400", run.Data.Params["mlops.train_rows"]);
        StringAssert.Matches(run.Data.Tags["mlops.input_hash"], new System.Text.RegularExpressions.Regex("^[0-9a-f]{64}$"));
        StringAssert.Matches(run.Data.Tags["mlflow.source.git.commit"], new System.Text.RegularExpressions.Regex("^[0-9a-f]{40}$"));
        Assert.IsTrue(run.Data.Metrics.Any(m => m.Key == "training.AreaUnderRocCurve"));
    }
}
