using Sdk.MlOps.Hosting;

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
            $$"""{"modelName":"Triage","trainingData":[{"path":"/m/data/train.csv","name":"data/train.csv","hash":"{{hash}}","length":12}]}"""));

        var file = request.TrainingData.Single();
        Assert.AreEqual(hash, file.Hash);
        Assert.AreEqual(12, file.Length);
    }

    [TestMethod]
    public void RemoteCache_IsOnUnlessTurnedOff()
    {
        Assert.IsTrue(Request.Load(_dir.File("absent.json", """{"tracking":{"enabled":true}}""")).Tracking.RemoteCache);
        Assert.IsTrue(Request.Load(_dir.File("on.json", """{"tracking":{"remoteCache":true}}""")).Tracking.RemoteCache);
        Assert.IsFalse(Request.Load(_dir.File("off.json", """{"tracking":{"remoteCache":false}}""")).Tracking.RemoteCache);
    }
}
