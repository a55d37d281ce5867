using Sdk.MlOps.Diagnostics;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>The request file as WriteModelRequest writes it, read back by the model program.</summary>
[TestClass]
public sealed class RequestTests
{
    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public void DataFiles_CarryTheirContentHash()
    {
        var hash = "xxh128:0123456789abcdef0123456789abcdef";
        var request = Request.Load(_dir.File("request.json",
            $$"""{"protocolVersion":{{ProtocolVersion.Current}},"modelName":"Triage","trainingData":[{"path":"/m/data/train.csv","name":"data/train.csv","hash":"{{hash}}","length":12}]}"""));

        var file = request.TrainingData.Single();
        Assert.AreEqual(hash, file.Hash);
        Assert.AreEqual(12, file.Length);
    }

    [TestMethod]
    public void RemoteCache_IsOnUnlessTurnedOff()
    {
        Assert.IsTrue(Load("absent.json", """ "tracking":{"enabled":true} """).Tracking.RemoteCache);
        Assert.IsTrue(Load("on.json", """ "tracking":{"remoteCache":true} """).Tracking.RemoteCache);
        Assert.IsFalse(Load("off.json", """ "tracking":{"remoteCache":false} """).Tracking.RemoteCache);
    }

    [TestMethod]
    [DataRow(ProtocolVersion.Current + 1)]
    [DataRow(ProtocolVersion.Current + 100)]
    public void ARequestOfAnotherProtocolVersion_IsRefusedNamingBothVersions(int version)
    {
        var path = _dir.File("other.json", $$"""{"protocolVersion":{{version}},"seed":"not a number"}""");

        var e = Assert.ThrowsExactly<MlOpsException>(() => Request.Load(path));

        Assert.AreEqual(ErrorCodes.ProtocolMismatch, e.Code);
        Assert.Contains($"protocol version {version}", e.Message);
        Assert.Contains($"protocol version {ProtocolVersion.Current}", e.Message);
        Assert.AreEqual(path, e.Location.File);
    }

    [TestMethod]
    public void ARequestWithoutAProtocolVersion_IsRefused()
    {
        var e = Assert.ThrowsExactly<MlOpsException>(() => Request.Load(_dir.File("old.json", """{"modelName":"Triage"}""")));

        Assert.AreEqual(ErrorCodes.ProtocolMismatch, e.Code);
        Assert.Contains("no protocol version", e.Message);
    }

    [TestMethod]
    [DataRow("{\"protocolVersion\":1,")]
    [DataRow("[1]")]
    [DataRow("")]
    public void ARequestThatIsNoJsonObject_IsACodedError(string text) =>
        Assert.AreEqual(ErrorCodes.RequestUnreadable, Assert.ThrowsExactly<MlOpsException>(() => Request.Load(_dir.File("bad.json", text))).Code);

    [TestMethod]
    public void AMissingRequest_IsACodedError() =>
        Assert.AreEqual(ErrorCodes.RequestUnreadable, Assert.ThrowsExactly<MlOpsException>(() => Request.Load(Path.Combine(_dir.Path, "absent.json"))).Code);

    private Request Load(string name, string fields) =>
        Request.Load(_dir.File(name, $$"""{"protocolVersion":{{ProtocolVersion.Current}},{{fields}}}"""));
}
