using Sdk.MlOps.IntegrationTests.Infrastructure;

namespace Sdk.MlOps.IntegrationTests;

[TestClass]
public sealed class GateTests
{
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
}
