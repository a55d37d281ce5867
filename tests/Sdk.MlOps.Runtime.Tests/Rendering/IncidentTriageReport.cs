using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Reports.Rendering;
using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Runtime.Tests.Rendering;

/// <summary>
/// The report of a real multiclass model: the IncidentTriage sample's issues (area from title and description),
/// everything in it measured, nothing made up. Versions 1 to 3 are the same pipeline trained on 40, 60 and 80 % of
/// the training rows a week apart (the history); version 3 is the champion version 4 is compared with, on the same
/// test rows.
/// </summary>
internal static class IncidentTriageReport
{
    public sealed class Issue
    {
        [LoadColumn(0)] public string ID { get; set; } = "";
        [LoadColumn(1)] public string Area { get; set; } = "";
        [LoadColumn(2)] public string Title { get; set; } = "";
        [LoadColumn(3)] public string Description { get; set; } = "";
    }

    public static ModelReportData Build()
    {
        var ml = new MLContext(seed: 1);
        var path = Path.Combine(TestData.RepoRoot(), "samples", "IncidentTriage", "data", "corefx-issues.tsv");
        var all = ml.Data.LoadFromTextFile<Issue>(path, separatorChar: '\t', hasHeader: true, allowQuoting: false);
        var split = ml.Data.TrainTestSplit(all, testFraction: 0.25, seed: 1);
        var train = ml.Data.CreateEnumerable<Issue>(split.TrainSet, reuseRowObject: false).ToArray();
        var test = ml.Data.Cache(split.TestSet);

        var created = new DateTime(2026, 3, 14, 9, 26, 53, DateTimeKind.Utc);
        var classes = new ClassNames();
        var history = new List<MetricHistoryPoint>();
        RowOutcomes? champion = null;
        foreach (var (share, version) in new[] { (0.4, 1), (0.6, 2), (0.8, 3) })
        {
            var earlier = Fit(ml, ml.Data.LoadFromEnumerable(train.Take((int)(train.Length * share))));
            var scored = ml.Data.Cache(earlier.Transform(test));
            var when = created.AddDays(-7 * (4 - version));
            foreach (var (metric, value) in Evaluation.Evaluate(ml, ModelTask.MulticlassClassification, scored, "Label"))
                if (metric is "MicroAccuracy" or "MacroAccuracy") history.Add(new MetricHistoryPoint(when, version.ToString(System.Globalization.CultureInfo.InvariantCulture), metric, value));
            if (version == 3) champion = RowOutcomes.From(ModelTask.MulticlassClassification, scored, "Label", classes);
        }

        var model = Fit(ml, ml.Data.LoadFromEnumerable(train));
        var candidate = ml.Data.Cache(model.Transform(test));
        var metrics = Evaluation.Evaluate(ml, ModelTask.MulticlassClassification, candidate, "Label");
        var outcomes = RowOutcomes.From(ModelTask.MulticlassClassification, candidate, "Label", classes);

        var paired = PairedBootstrap.Compare("MicroAccuracy", outcomes, champion!, 0.95, 1000, seed: 1)!;
        GateResult[] gates =
        [
            new("MicroAccuracy", 0.6, null, metrics["MicroAccuracy"], metrics["MicroAccuracy"] >= 0.6 && paired.Difference >= 0, MaxRegression: 0,
                Champion: paired.Champion, Paired: paired),
            new("MacroAccuracy", 0.5, null, metrics["MacroAccuracy"], metrics["MacroAccuracy"] >= 0.5),
            new("LogLoss", null, 1.5, metrics["LogLoss"], metrics["LogLoss"] <= 1.5),
        ];
        var evaluation = new EvaluationReport("b7e21f0c9a4d", outcomes.Rows, metrics, gates)
        {
            ChampionVersion = "3",
            ComparedRows = new SharedRows(outcomes.Rows, outcomes.Rows),
        };
        var importance = ColumnImportance.Compute(ml, model, test, [nameof(Issue.Title), nameof(Issue.Description), nameof(Issue.ID)],
            scored => ml.MulticlassClassification.Evaluate(scored).MicroAccuracy, higherIsBetter: true, seed: 1);

        return new ModelReportData("IssueTriage", "4", ModelTask.MulticlassClassification, "SdcaMaximumEntropyMulticlass", created, evaluation, outcomes)
        {
            Importance = importance,
            ImportanceMetric = "MicroAccuracy",
            History = history,
        };
    }

    private static ITransformer Fit(MLContext ml, IDataView train) =>
        ml.Transforms.Conversion.MapValueToKey("Label", nameof(Issue.Area))
            .Append(ml.Transforms.Text.FeaturizeText("Features", new Microsoft.ML.Transforms.Text.TextFeaturizingEstimator.Options(), nameof(Issue.Title), nameof(Issue.Description)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                NumberOfThreads = 1, MaximumNumberOfIterations = 10, L2Regularization = 3e-5f,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(train);
}
