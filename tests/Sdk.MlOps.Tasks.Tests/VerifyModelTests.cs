using System.Security.Cryptography;

namespace Sdk.MlOps.Tasks.Tests;

[TestClass]
public sealed class VerifyModelTests
{
    private const string Inputs = "1111111111111111111111111111111111111111111111111111111111111111";
    private readonly TempDirectory _dir = new();
    private string _model = "", _report = "", _record = "";

    [TestInitialize]
    public void Train()
    {
        _model = _dir.Write("bin/Model.zip", [1, 2, 3, 4]);
        _report = _dir.Write("bin/Model.training.json", Report(Inputs, Sha(_model)));
        _record = _dir.Combine("obj/mlops/Model.verified");
    }

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public void AMatchingPair_IsVerifiedAndRemembered()
    {
        Assert.IsTrue(Verify().Verified);
        Assert.IsTrue(File.Exists(_record));
        var written = File.GetLastWriteTimeUtc(_record);

        Assert.IsTrue(Verify().Verified);
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(_record), "an unchanged model rewrote its record");
    }

    [TestMethod]
    public void AModelReplacedByHand_LosesItsRecord_AndIsReported()
    {
        Verify();
        File.WriteAllBytes(_model, [9, 9, 9, 9, 9]);

        var (task, engine) = Run();
        Assert.IsTrue(task.Execute());
        Assert.IsFalse(task.Verified);
        Assert.IsFalse(File.Exists(_record), "the training target must run");
        Assert.AreEqual("MLOPS2009", engine.Warnings.Single().Code);
    }

    [TestMethod]
    public void OtherInputs_OnlyDropTheRecord()
    {
        Verify();
        var (task, engine) = Run(inputHash: "2222222222222222222222222222222222222222222222222222222222222222");

        Assert.IsTrue(task.Execute());
        Assert.IsFalse(task.Verified);
        Assert.IsFalse(File.Exists(_record));
        Assert.IsEmpty(engine.Warnings);
    }

    [TestMethod]
    public void AfterTraining_AMismatch_IsAnError()
    {
        File.WriteAllBytes(_model, [7]);
        var (task, engine) = Run(record: true);

        Assert.IsFalse(task.Execute());
        Assert.AreEqual("MLOPS2009", engine.Errors.Single().Code);
    }

    private ModelIntegrityResult Verify()
    {
        var (task, engine) = Run();
        Assert.IsTrue(task.Execute(), engine.ErrorSummary);
        return new ModelIntegrityResult(task.Verified);
    }

    private (VerifyModel Task, RecordingBuildEngine Engine) Run(string inputHash = Inputs, bool record = false)
    {
        var engine = new RecordingBuildEngine();
        return (new VerifyModel
        {
            BuildEngine = engine,
            ProjectFile = _dir.Combine("Model.csproj"),
            ModelPath = _model,
            TrainingReportPath = _report,
            InputHash = inputHash,
            RecordFile = _record,
            Record = record,
        }, engine);
    }

    private sealed record ModelIntegrityResult(bool Verified);

    private static string Report(string inputHash, string sha) =>
        $"{{\n  \"modelName\": \"Model\",\n  \"inputHash\": \"{inputHash}\",\n  \"modelSha256\": \"{sha}\"\n}}\n";

    private static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
