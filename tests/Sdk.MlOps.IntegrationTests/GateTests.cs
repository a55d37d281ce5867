using Sdk.MlOps.IntegrationTests.Infrastructure;

namespace Sdk.MlOps.IntegrationTests;

[TestClass]
public sealed class GateTests
{
    [TestMethod]
    public void AGateTheModelCannotMeetFailsTestAndPublish_AndLeavesNoBundle()
    {
        var project = Models.DetectorProject("FailingGate", items: """
                <MlTrainingData Include="data/train.csv" />
                <MlTestData Include="data/test.csv" />
                <MlMetricGate Include="Accuracy" Minimum="0.999" />
            """);

        var test = project.Test();
        var error = test.ShouldFailTest("MLOPS3004");
        Assert.AreEqual(project.ProjectFile, error.File);
        Assert.AreEqual(project.LineOf("Minimum=\"0.999\""), error.Line);
        Assert.Contains("FAILED", test.Output, "the gate table shows the verdict");

        project.Publish().ShouldFailWith("MLOPS3004");
        Assert.IsFalse(File.Exists(Path.Combine(project.PublishDir, "mlops-manifest.json")));
        Assert.IsFalse(File.Exists(Path.Combine(project.PublishDir, "FailingGate.zip")));
    }

    [TestMethod]
    public void WithoutGatesTestWarnsAndPublishRefuses()
    {
        var project = Models.DetectorProject("Ungated", items: """
                <MlTrainingData Include="data/train.csv" />
                <MlTestData Include="data/test.csv" />
            """);

        project.Test().ShouldSucceed().ShouldWarn("MLOPS3005");
        project.Publish().ShouldFailWith("MLOPS3005");
        Assert.IsFalse(File.Exists(Path.Combine(project.PublishDir, "mlops-manifest.json")));
        project.Publish("-p:MlOpsAllowUngated=true").ShouldSucceed();
        Assert.IsTrue(File.Exists(Path.Combine(project.PublishDir, "mlops-manifest.json")));
    }

    [TestMethod]
    public void AGateOnAMetricTheTaskLacksFailsBeforeTraining()
    {
        var project = Models.DetectorProject("UnknownMetric", items: """
                <MlTrainingData Include="data/train.csv" />
                <MlMetricGate Include="MicroAccuracy" Minimum="0.5" />
            """);

        var build = project.Build();
        var error = build.ShouldFailWith("MLOPS3001");
        Assert.AreEqual(project.LineOf("MicroAccuracy"), error.Line);
        Assert.Contains("AreaUnderRocCurve", error.Message, "the message lists the metrics there are");
        Assert.IsFalse(build.Trained);
    }

    [TestMethod]
    public void InvertedAndNonNumericBoundsAreReportedAtTheirLines()
    {
        var project = Models.DetectorProject("BadBounds", items: """
                <MlTrainingData Include="data/train.csv" />
                <MlMetricGate Include="Accuracy" Minimum="0.9" Maximum="0.1" />
                <MlMetricGate Include="F1Score" Minimum="high" />
            """);

        var build = project.Build();
        Assert.AreEqual(project.LineOf("Maximum=\"0.1\""), build.ShouldFailWith("MLOPS3002").Line);
        Assert.AreEqual(project.LineOf("Minimum=\"high\""), build.ShouldFailWith("MLOPS3003").Line);
        Assert.IsFalse(build.Trained);
    }
}
