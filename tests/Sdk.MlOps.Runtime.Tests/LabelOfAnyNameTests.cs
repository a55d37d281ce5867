using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>A label column of any name, named once in <see cref="ModelBase.LabelColumn"/>: trainers and evaluator follow it.</summary>
[TestClass]
public sealed class LabelOfAnyNameTests
{
    public sealed class Incident
    {
        [LoadColumn(0)] public float Load { get; set; }
        [LoadColumn(1)] public float Errors { get; set; }
        [LoadColumn(2)] public string Severity { get; set; } = "";
    }

    public sealed class Alarm
    {
        [LoadColumn(0)] public float Load { get; set; }
        [LoadColumn(1)] public float Errors { get; set; }
        [LoadColumn(2)] public bool Severity { get; set; }
    }

    /// <summary>Names the label once; the pipeline maps "Label", ML.NET's default, and names no other column.</summary>
    public sealed class SeverityTriage : MulticlassClassificationModel<Incident>
    {
        public override string LabelColumn => nameof(Incident.Severity);

        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
            ml.Transforms.Conversion.MapValueToKey("Label")
                .Append(ml.Transforms.Concatenate("Features", nameof(Incident.Load), nameof(Incident.Errors)))
                .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new() { NumberOfThreads = 1 }))
                .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
    }

    /// <summary>Names the label once; the trainer is left with its default label column.</summary>
    public sealed class SevereAlarm : BinaryClassificationModel<Alarm>
    {
        public override string LabelColumn => nameof(Alarm.Severity);

        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
            ml.Transforms.Concatenate("Features", nameof(Alarm.Load), nameof(Alarm.Errors))
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new() { NumberOfThreads = 1 }));
    }

    /// <summary>Names a bool label once; trained without it, evaluated with it.</summary>
    public sealed class AlarmAnomaly : AnomalyDetectionModel<Alarm>
    {
        public override string LabelColumn => nameof(Alarm.Severity);

        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
            ml.Transforms.Concatenate("Features", nameof(Alarm.Load), nameof(Alarm.Errors))
                .Append(ml.AnomalyDetection.Trainers.RandomizedPca(new() { Rank = 1, Seed = 1 }));
    }

    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public void AMulticlassLabelCalledSeverity_TrainsAndPassesItsGate() =>
        TrainAndGate(new SeverityTriage(), "MicroAccuracy", i => i % 3 == 0 ? "high" : i % 3 == 1 ? "medium" : "low");

    [TestMethod]
    public void ABinaryLabelCalledSeverity_TrainsAndPassesItsGate() =>
        TrainAndGate(new SevereAlarm(), "AreaUnderRocCurve", i => i % 2 == 0 ? "true" : "false");

    [TestMethod]
    public void AnAnomalyLabelCalledSeverity_IsABoolTheEvaluatorReads() =>
        TrainAndGate(new AlarmAnomaly(), "AreaUnderRocCurve", i => i % 15 == 0 ? "true" : "false", anomalies: true);

    private void TrainAndGate(ModelBase model, string metric, Func<int, string> severity, bool anomalies = false)
    {
        // Load and errors follow the class, so a model that reads the label right scores well above chance; normal
        // rows lie along one line (errors grow with load), an anomaly far off it.
        var rows = Enumerable.Range(0, 120).Select(i => anomalies
            ? severity(i) == "true" ? $"{5 + i % 3},{40 + i % 4},true" : $"{i % 50 * 2},{i % 50 / 5 + i % 2},false"
            : $"{i % 3 * 10 + i % 7},{(i % 2) * 5 + i % 3},{severity(i)}");
        var request = TestData.Request(_dir.Path, TestData.Csv(_dir.File("incidents.csv", "Load,Errors,Severity\n" + string.Join("\n", rows) + "\n")));
        request.Gates = [new() { Metric = metric, Minimum = 0.6, DefinedIn = "/p/TestModel.csproj", Line = 9 }];
        var reporter = new CapturedReporter();

        Stages.Train(model, request, reporter.Reporter);
        var evaluation = Stages.Evaluate(model, request, reporter.Reporter);

        Assert.IsTrue(evaluation.Passed, $"{metric} = {evaluation.Metrics[metric]}\n" + string.Join("\n", reporter.Lines));
        Assert.IsEmpty(reporter.Errors);
    }
}
