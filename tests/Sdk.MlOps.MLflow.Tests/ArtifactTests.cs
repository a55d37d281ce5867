namespace Sdk.MlOps.MLflow.Tests;

[TestClass]
public sealed class ArtifactTests
{
    private readonly TempDirectory _dir = new();
    private FakeMlflowServer _server = null!;
    private MlflowClient _client = null!;

    [TestInitialize]
    public async Task StartAsync()
    {
        _server = await FakeMlflowServer.StartAsync();
        _client = TestSupport.Client(_server);
    }

    [TestCleanup]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [TestMethod]
    public async Task AFileUploadsListsAndDownloadsByteExact()
    {
        var run = await TestSupport.NewRunAsync(_client);
        var content = RandomBytes(300_000, 1);
        var local = _dir.File("model file #1.bin", content);

        await _client.LogArtifactAsync(run.Info.RunId, local, "model/sub");
        var root = await _client.ListArtifactsAsync(run.Info.RunId);
        var sub = await _client.ListArtifactsAsync(run.Info.RunId, "model/sub");
        var target = Path.Combine(_dir.Path, "down", "copy.bin");
        await _client.DownloadArtifactAsync(run.Info.RunId, "model/sub/model file #1.bin", target);

        var put = _server.RequestsTo("PUT", "model file #1.bin").Single();
        Assert.AreEqual($"/api/2.0/mlflow-artifacts/artifacts/{run.Info.ExperimentId}/{run.Info.RunId}/artifacts/model/sub/model%20file%20%231.bin", put.RawTarget);
        Assert.AreEqual(new ArtifactFile("model", true, null), root.Single());
        Assert.AreEqual(new ArtifactFile("model/sub/model file #1.bin", false, 300_000), sub.Single());
        CollectionAssert.AreEqual(content, File.ReadAllBytes(target));
        Assert.HasCount(1, Directory.GetFiles(Path.GetDirectoryName(target)!));
    }

    [TestMethod]
    public async Task AFolderUploadsWithItsRelativePaths()
    {
        var run = await TestSupport.NewRunAsync(_client);
        _dir.File("a.txt", "A"u8.ToArray());
        _dir.File(Path.Combine("nested", "deeper", "b.txt"), "B"u8.ToArray());

        await _client.LogArtifactsAsync(run.Info.RunId, _dir.Path, "bundle");

        var prefix = $"{run.Info.ExperimentId}/{run.Info.RunId}/artifacts/";
        CollectionAssert.AreEquivalent(new[] { prefix + "bundle/a.txt", prefix + "bundle/nested/deeper/b.txt" }, _server.State.ArtifactPaths.ToArray());
        var listed = await _client.ListArtifactsAsync(run.Info.RunId, "bundle");
        CollectionAssert.AreEquivalent(new[] { "bundle/a.txt", "bundle/nested" }, listed.Select(f => f.Path).ToArray());
    }

    [TestMethod]
    public async Task AnEmptyListingIsEmpty()
    {
        var run = await TestSupport.NewRunAsync(_client);

        Assert.IsEmpty(await _client.ListArtifactsAsync(run.Info.RunId));
    }

    [TestMethod]
    public async Task AnUploadRetriedAfter503SendsTheWholeFileAgain()
    {
        var run = await TestSupport.NewRunAsync(_client);
        var content = RandomBytes(100_000, 2);
        var local = _dir.File("weights.bin", content);
        _server.Faults.Add("PUT", "weights.bin", new Fault.Status(503), times: 2);

        await _client.LogArtifactAsync(run.Info.RunId, local);

        var puts = _server.RequestsTo("PUT", "weights.bin");
        Assert.HasCount(3, puts);
        foreach (var put in puts)
            CollectionAssert.AreEqual(content, put.Body);
    }

    [TestMethod]
    [DataRow("s3://bucket/1/abc/artifacts", "s3:")]
    [DataRow("file:///srv/mlruns/1/abc/artifacts", "file:")]
    public async Task ARunWhoseArtifactsAreNotProxiedFailsClearlyAndSendsNothing(string artifactUri, string scheme)
    {
        _server.State.ArtifactUriFor = (_, _) => artifactUri;
        var run = await TestSupport.NewRunAsync(_client);
        var local = _dir.File("x.txt", "x"u8.ToArray());

        var upload = await Assert.ThrowsExactlyAsync<MlflowException>(() => _client.LogArtifactAsync(run.Info.RunId, local));
        var download = await Assert.ThrowsExactlyAsync<MlflowException>(() => _client.DownloadArtifactAsync(run.Info.RunId, "x.txt", Path.Combine(_dir.Path, "y")));

        Assert.AreEqual("NOT_IMPLEMENTED", upload.ErrorCode);
        StringAssert.Contains(upload.Message, scheme);
        StringAssert.Contains(upload.Message, "mlflow-artifacts:");
        Assert.AreEqual("NOT_IMPLEMENTED", download.ErrorCode);
        Assert.IsEmpty(_server.Requests.Where(r => r.Path.Contains("mlflow-artifacts", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task APathWithDotDotIsRefused()
    {
        var run = await TestSupport.NewRunAsync(_client);
        var local = _dir.File("x.txt", "x"u8.ToArray());

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => _client.LogArtifactAsync(run.Info.RunId, local, "../other-run"));

        Assert.AreEqual(MlflowException.ErrorCodes.InvalidParameterValue, error.ErrorCode);
    }

    [TestMethod]
    public async Task AMissingArtifactFailsAndLeavesNoFile()
    {
        var run = await TestSupport.NewRunAsync(_client);
        var target = Path.Combine(_dir.Path, "missing.bin");

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => _client.DownloadArtifactAsync(run.Info.RunId, "missing.bin", target));

        Assert.AreEqual(MlflowException.ErrorCodes.ResourceDoesNotExist, error.ErrorCode);
        Assert.IsFalse(File.Exists(target));
        Assert.IsEmpty(_server.RequestsTo("GET", "missing.bin"), "the 500 MLflow answers for it would be retried");
    }

    [TestMethod]
    public async Task AFolderIsNotDownloadedAsAFile()
    {
        var run = await TestSupport.NewRunAsync(_client);
        await _client.LogArtifactAsync(run.Info.RunId, _dir.File("x.txt", "x"u8.ToArray()), "folder");

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => _client.DownloadArtifactAsync(run.Info.RunId, "folder", Path.Combine(_dir.Path, "y")));

        Assert.AreEqual(MlflowException.ErrorCodes.InvalidParameterValue, error.ErrorCode);
    }

    [TestMethod]
    public async Task ADownloadDroppedMidwayLeavesNoPartialFile()
    {
        var run = await TestSupport.NewRunAsync(_client);
        await _client.LogArtifactAsync(run.Info.RunId, _dir.File("x.bin", RandomBytes(1000, 3)));
        var target = _dir.File("existing.bin", "old"u8.ToArray());
        _server.Faults.Add("GET", "artifacts/x.bin", new Fault.PartialBody(1000));

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => _client.DownloadArtifactAsync(run.Info.RunId, "x.bin", target));

        Assert.AreEqual(MlflowException.ErrorCodes.Unavailable, error.ErrorCode);
        Assert.AreEqual("old", File.ReadAllText(target));
        Assert.HasCount(1, _server.RequestsTo("GET", "artifacts/x.bin"));
        Assert.HasCount(2, Directory.GetFiles(_dir.Path), "x.bin and existing.bin, no leftover .part");
    }
}
