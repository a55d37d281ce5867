namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class SmokeTests
{
    [TestMethod]
    public void MulticlassMetricNamesAreMlNetNames() =>
        CollectionAssert.Contains(Evaluation.MetricNames(ModelTask.MulticlassClassification).ToList(), "MicroAccuracy");
}
