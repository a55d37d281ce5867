namespace Sdk.MlOps.MLflow.Tests;

[TestClass]
public sealed class ArtifactTests : FakeServerTest
{
    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void DeleteFiles() => _dir.Dispose();

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [TestMethod]
    public async Task AFileUploadsListsAndDownloadsByteExact()
    {
        var run = await TestSupport.NewRunAsync(Client);
        var content = RandomBytes(300_000, 1);
        var local = _dir.File("model file #1.bin", content);

        await Client.LogArtifactAsync(run.Info.RunId, local, "model/sub");
        var root = await Client.ListArtifactsAsync(run.Info.RunId);
        var sub = await Client.ListArtifactsAsync(run.Info.RunId, "model/sub");
        var target = Path.Combine(_dir.Path, "down", "copy.bin");
        await Client.DownloadArtifactAsync(run.Info.RunId, "model/sub/model file #1.bin", target);

        var put = Server.RequestsTo("PUT", "model file #1.bin").Single();
        Assert.AreEqual($"/api/2.0/mlflow-artifacts/artifacts/{run.Info.ExperimentId}/{run.Info.RunId}/artifacts/model/sub/model%20file%20%231.bin", put.RawTarget);
        Assert.AreEqual(new ArtifactFile("model", true, null), root.Single());
        Assert.AreEqual(new ArtifactFile("model/sub/model file #1.bin", false, 300_000), sub.Single());
        CollectionAssert.AreEqual(content, File.ReadAllBytes(target));
        Assert.HasCount(1, Directory.GetFiles(Path.GetDirectoryName(target)!));
    }

    [TestMethod]
    public async Task AFolderUploadsWithItsRelativePaths()
    {
        var run = await TestSupport.NewRunAsync(Client);
        _dir.File("a.txt", "A"u8.ToArray());
        _dir.File(Path.Combine("nested", "deeper", "b.txt"), "B"u8.ToArray());

        await Client.LogArtifactsAsync(run.Info.RunId, _dir.Path, "bundle");

        var prefix = $"{run.Info.ExperimentId}/{run.Info.RunId}/artifacts/";
        CollectionAssert.AreEquivalent(new[] { prefix + "bundle/a.txt", prefix + "bundle/nested/deeper/b.txt" }, Server.State.ArtifactPaths.ToArray());
        var listed = await Client.ListArtifactsAsync(run.Info.RunId, "bundle");
        CollectionAssert.AreEquivalent(new[] { "bundle/a.txt", "bundle/nested" }, listed.Select(f => f.Path).ToArray());
    }

    [TestMethod]
    public async Task AnEmptyListingIsEmpty()
    {
        var run = await TestSupport.NewRunAsync(Client);

        Assert.IsEmpty(await Client.ListArtifactsAsync(run.Info.RunId));
    }

    [TestMethod]
    public async Task AnUploadRetriedAfter503SendsTheWholeFileAgain()
    {
        var run = await TestSupport.NewRunAsync(Client);
        var content = RandomBytes(100_000, 2);
        var local = _dir.File("weights.bin", content);
        Server.Faults.Add("PUT", "weights.bin", new Fault.Status(503), times: 2);

        await Client.LogArtifactAsync(run.Info.RunId, local);

        var puts = Server.RequestsTo("PUT", "weights.bin");
        Assert.HasCount(3, puts);
        foreach (var put in puts)
            CollectionAssert.AreEqual(content, put.Body);
    }

    [TestMethod]
    [DataRow("s3://bucket/1/abc/artifacts", "s3:")]
    [DataRow("file:///srv/mlruns/1/abc/artifacts", "file:")]
    public async Task ARunWhoseArtifactsAreNotProxiedFailsClearlyAndSendsNothing(string artifactUri, string scheme)
    {
        Server.State.ArtifactUriFor = (_, _) => artifactUri;
        var run = await TestSupport.NewRunAsync(Client);
        var local = _dir.File("x.txt", "x"u8.ToArray());

        var upload = await Assert.ThrowsExactlyAsync<MlflowException>(() => Client.LogArtifactAsync(run.Info.RunId, local));
        var download = await Assert.ThrowsExactlyAsync<MlflowException>(() => Client.DownloadArtifactAsync(run.Info.RunId, "x.txt", Path.Combine(_dir.Path, "y")));

        Assert.AreEqual("NOT_IMPLEMENTED", upload.ErrorCode);
        StringAssert.Contains(upload.Message, scheme);
        StringAssert.Contains(upload.Message, "mlflow-artifacts:");
        Assert.AreEqual("NOT_IMPLEMENTED", download.ErrorCode);
        Assert.IsEmpty(Server.Requests.Where(r => r.Path.Contains("mlflow-artifacts", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task APathWithDotDotIsRefused()
    {
        var run = await TestSupport.NewRunAsync(Client);
        var local = _dir.File("x.txt", "x"u8.ToArray());

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => Client.LogArtifactAsync(run.Info.RunId, local, "../other-run"));

        Assert.AreEqual(MlflowException.ErrorCodes.InvalidParameterValue, error.ErrorCode);
    }

    [TestMethod]
    public async Task AMissingArtifactFailsAndLeavesNoFile()
    {
        var run = await TestSupport.NewRunAsync(Client);
        var target = Path.Combine(_dir.Path, "missing.bin");

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => Client.DownloadArtifactAsync(run.Info.RunId, "missing.bin", target));

        Assert.AreEqual(MlflowException.ErrorCodes.ResourceDoesNotExist, error.ErrorCode);
        Assert.IsFalse(File.Exists(target));
        Assert.IsEmpty(Server.RequestsTo("GET", "missing.bin"), "the 500 MLflow answers for it would be retried");
    }

    [TestMethod]
    public async Task AFolderIsNotDownloadedAsAFile()
    {
        var run = await TestSupport.NewRunAsync(Client);
        await Client.LogArtifactAsync(run.Info.RunId, _dir.File("x.txt", "x"u8.ToArray()), "folder");

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => Client.DownloadArtifactAsync(run.Info.RunId, "folder", Path.Combine(_dir.Path, "y")));

        Assert.AreEqual(MlflowException.ErrorCodes.InvalidParameterValue, error.ErrorCode);
    }

    [TestMethod]
    public async Task ADownloadDroppedMidwayLeavesNoPartialFile()
    {
        var run = await TestSupport.NewRunAsync(Client);
        await Client.LogArtifactAsync(run.Info.RunId, _dir.File("x.bin", RandomBytes(1000, 3)));
        var target = _dir.File("existing.bin", "old"u8.ToArray());
        Server.Faults.Add("GET", "artifacts/x.bin", new Fault.PartialBody(1000));

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => Client.DownloadArtifactAsync(run.Info.RunId, "x.bin", target));

        Assert.AreEqual(MlflowException.ErrorCodes.Unavailable, error.ErrorCode);
        Assert.AreEqual("old", File.ReadAllText(target));
        Assert.HasCount(1, Server.RequestsTo("GET", "artifacts/x.bin"));
        Assert.HasCount(2, Directory.GetFiles(_dir.Path), "x.bin and existing.bin, no leftover .part");
    }
}
