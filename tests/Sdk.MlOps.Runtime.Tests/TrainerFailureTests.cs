using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>Training and evaluation that must fail with a coded error, on tiny files, and keep the last good model.</summary>
[TestClass]
public sealed class TrainerFailureTests
{
    public sealed class ThrowingPipeline : MulticlassClassificationModel<DataLoaderTests.Ticket>
    {
        public override string LabelColumn => nameof(DataLoaderTests.Ticket.Team);

        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) => throw new InvalidOperationException("typo in pipeline");
    }

    public sealed class MissingColumnPipeline : MulticlassClassificationModel<DataLoaderTests.Ticket>
    {
        public override string LabelColumn => nameof(DataLoaderTests.Ticket.Team);

        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
            ml.Transforms.Conversion.MapValueToKey("Label", nameof(DataLoaderTests.Ticket.Team))
                .Append(ml.Transforms.Concatenate("Features", "NoSuchColumn"))
                .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
    }

    public sealed class Reading
    {
        [LoadColumn(0)] public float Load { get; set; }
        [LoadColumn(1)] public bool Label { get; set; }
    }

    /// <summary>A binary model whose trainer is not calibrated, so ML.NET reports no LogLoss for it.</summary>
    public sealed class PerceptronAlarm : BinaryClassificationModel<Reading>
    {
        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
            ml.Transforms.Concatenate("Features", nameof(Reading.Load))
                .Append(ml.BinaryClassification.Trainers.AveragedPerceptron(numberOfIterations: 2));
    }

    private const string ProjectFile = "/p/TestModel.csproj";
    private const string Tickets = "Title,Hours,Team\ndisk full,1,infra\nlogin fails,2,auth\ncpu hot,3,infra\ntoken expired,1,auth\nssd dead,4,infra\npassword,2,auth\n";
    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    private Request TinyRequest(string name, string content) => TestData.Request(_dir.Path, TestData.Csv(_dir.File(name + ".csv", content)));

    private static MlOpsException TrainingFails(ModelBase model, Request request) =>
        Assert.ThrowsExactly<MlOpsException>(() => Stages.Train(model, request, new CapturedReporter().Reporter));

    [TestMethod]
    public void ThrowingPipelineKeepsTheLastGoodModel()
    {
        var request = TinyRequest("throws", Tickets);
        File.WriteAllBytes(request.ModelPath, [1, 2, 3, 4]);

        var e = TrainingFails(new ThrowingPipeline(), request);

        Assert.AreEqual(ErrorCodes.PipelineThrew, e.Code);
        Assert.Contains("typo in pipeline", e.Message);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4 }, File.ReadAllBytes(request.ModelPath));
        Assert.IsFalse(File.Exists(request.TrainingReportPath));
    }

    [TestMethod]
    public void FailedFitKeepsTheLastGoodModel()
    {
        var request = TinyRequest("fitfails", Tickets);
        File.WriteAllBytes(request.ModelPath, [5, 6]);

        var e = TrainingFails(new MissingColumnPipeline(), request);

        Assert.AreEqual(ErrorCodes.TrainingFailed, e.Code);
        Assert.Contains("NoSuchColumn", e.Message);
        CollectionAssert.AreEqual(new byte[] { 5, 6 }, File.ReadAllBytes(request.ModelPath));
        Assert.HasCount(1, Directory.GetFiles(Path.GetDirectoryName(request.ModelPath)!, "*.zip*"), "no temp file left");
    }

    [TestMethod]
    public void UnknownGateMetricStopsTrainingBeforeReadingData()
    {
        var request = TinyRequest("badgate", "");
        request.Gates = [new() { Metric = "Accuracy", Minimum = 0.5, DefinedIn = ProjectFile, Line = 30 }];

        var e = TrainingFails(new ThrowingPipeline(), request);

        Assert.AreEqual(ErrorCodes.GateUnknownMetric, e.Code);
        Assert.AreEqual(30, e.Location.Line);
    }

    [TestMethod]
    public void EvaluatingWithoutATrainedModelIsAnError()
    {
        var request = TinyRequest("untrained", Tickets);

        var e = Assert.ThrowsExactly<MlOpsException>(() => Stages.Evaluate(new ThrowingPipeline(), request, new CapturedReporter().Reporter));

        Assert.AreEqual(ErrorCodes.ModelNotTrained, e.Code);
    }

    [TestMethod]
    public void DuplicateParameterIsACodedError()
    {
        var request = TinyRequest("duplicate", Tickets);
        request.Parameters = [new() { Name = "Rate", Value = "1" }, new() { Name = "Rate", Value = "2" }];

        // Any coded error (or the last value winning) would do; an unexpected exception is what must not happen.
        Assert.Throws<MlOpsException>(() => Stages.Train(new ThrowingPipeline(), request, new CapturedReporter().Reporter));
    }

    [TestMethod]
    public void AModelMLNetCannotRead_FailsEvaluationWithACode()
    {
        var request = TinyRequest("unreadable", "Load,Label\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"{i},{i >= 10}\n")));
        Stages.Train(new PerceptronAlarm(), request, new CapturedReporter().Reporter);

        // Bytes its report names (so integrity holds) that ML.NET cannot load, as a model from a newer ML.NET would be.
        File.Delete(request.ModelPath);
        using (var zip = System.IO.Compression.ZipFile.Open(request.ModelPath, System.IO.Compression.ZipArchiveMode.Create))
            zip.CreateEntry("not-a-model.txt");
        var report = File.ReadAllText(request.TrainingReportPath);
        var recorded = System.Text.Json.JsonDocument.Parse(report).RootElement.GetProperty("modelSha256").GetString()!;
        File.WriteAllText(request.TrainingReportPath, report.Replace(recorded, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(request.ModelPath)))));

        var e = Assert.ThrowsExactly<MlOpsException>(() => Stages.Evaluate(new PerceptronAlarm(), request, new CapturedReporter().Reporter));

        Assert.AreEqual(ErrorCodes.EvaluationFailed, e.Code);
        Assert.Contains("Evaluating TestModel failed", e.Message, "the message names the model");
    }

    [TestMethod]
    public void GateOnAMetricTheTrainerDoesNotReportIsAnErrorAtTheGate()
    {
        var request = TinyRequest("uncalibrated", "Load,Label\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"{i},{i >= 10}\n")));
        request.Gates = [new() { Metric = "LogLoss", Maximum = 1, DefinedIn = ProjectFile, Line = 40 }];
        Stages.Train(new PerceptronAlarm(), request, new CapturedReporter().Reporter);

        var e = Assert.ThrowsExactly<MlOpsException>(() => Stages.Evaluate(new PerceptronAlarm(), request, new CapturedReporter().Reporter));

        Assert.AreEqual(ErrorCodes.GateUnknownMetric, e.Code);
        Assert.AreEqual(new SourceLocation(ProjectFile, 40), e.Location);
        Assert.Contains("does not report", e.Message);
    }
}
