using Sdk.MlOps.Hosting;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Reports.Rendering;
using Sdk.MlOps.Runtime.Tests.Statistics;
using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Runtime.Tests.Rendering;

/// <summary>
/// Report data of the small real models the statistics tests train (one per task), with the gates a project might
/// set: one passing, one failing, and on the first a comparison with a champion (the same trainer on shuffled
/// labels, compared by the paired bootstrap for real).
/// </summary>
internal static class ReportFixtures
{
    public static readonly DateTime Created = new(2026, 3, 14, 9, 26, 53, DateTimeKind.Utc);

    public static ModelReportData Binary() => For(ScoredModels.LogisticRegression, ScoredModels.ShuffledLogisticRegression, "FraudCheck",
        "SdcaLogisticRegressionBinary", ("AreaUnderRocCurve", 0.8, null), ("Accuracy", 0.99, null));

    public static ModelReportData Multiclass() => For(ScoredModels.Maxent(rows => rows), null, "Triage", "SdcaMaximumEntropyMulticlass",
        ("MicroAccuracy", 0.5, null), ("MacroAccuracy", 0.99, null));

    public static ModelReportData Regression() => For(ScoredModels.Sdca(), ScoredModels.Sdca(shuffleLabels: true), "Latency", "SdcaRegression",
        ("RSquared", 0.5, null), ("MeanAbsoluteError", null, 0.1));

    public static ModelReportData Anomaly() => For(ScoredModels.Pca(), null, "Spikes", "RandomizedPca", ("AreaUnderRocCurve", 0.6, null));

    private static ModelReportData For(ScoredModels.Scored scored, ScoredModels.Scored? champion, string name, string trainer,
        params (string Metric, double? Minimum, double? Maximum)[] gates)
    {
        var classes = new ClassNames();
        var outcomes = scored.Outcomes(classes);
        var metrics = scored.MlNetMetrics;
        var results = gates.Select((g, i) =>
        {
            var value = metrics[g.Metric];
            var passed = (g.Minimum is not { } min || value >= min) && (g.Maximum is not { } max || value <= max);
            var paired = i == 0 && champion is not null ? PairedBootstrap.Compare(g.Metric, outcomes, champion.Outcomes(classes), 0.95, 200, seed: 1) : null;
            return new GateResult(g.Metric, g.Minimum, g.Maximum, value, passed, MaxRegression: paired is null ? null : 0,
                Champion: paired?.Champion, Paired: paired);
        }).ToArray();
        var evaluation = new EvaluationReport("3f9a0c1d2e4b5a6978", outcomes.Rows, metrics, results)
        {
            ChampionVersion = champion is null ? null : "3",
            ComparedRows = champion is null ? null : new SharedRows(outcomes.Rows, outcomes.Rows),
        };
        return new ModelReportData(name, "4", scored.Task, trainer, Created, evaluation, outcomes);
    }
}
