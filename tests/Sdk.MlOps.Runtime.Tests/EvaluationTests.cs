namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class EvaluationTests
{
    [TestMethod]
    public void MulticlassMetricsAreMlNetNamesWithoutTopK()
    {
        var names = Evaluation.MetricNames(ModelTask.MulticlassClassification);

        CollectionAssert.IsSubsetOf(new[] { "MicroAccuracy", "MacroAccuracy", "LogLoss", "LogLossReduction" }, names.ToArray());
        CollectionAssert.DoesNotContain(names.ToArray(), "TopKAccuracy");
    }

    [TestMethod]
    [DataRow(ModelTask.BinaryClassification, "AreaUnderRocCurve")]
    [DataRow(ModelTask.Regression, "RSquared")]
    [DataRow(ModelTask.AnomalyDetection, "DetectionRateAtFalsePositiveCount")]
    public void EachTaskHasItsMetrics(ModelTask task, string metric) =>
        CollectionAssert.Contains(Evaluation.MetricNames(task).ToArray(), metric);
}
