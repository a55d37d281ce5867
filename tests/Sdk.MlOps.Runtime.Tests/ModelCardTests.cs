using Sdk.MlOps.Data;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class ModelCardTests
{
    private static Manifest Manifest(DescriptionInfo? description = null) => new()
    {
        Model = new ModelInfo("Triage", "1.2.3", "MulticlassClassification", "Acme.Triage", "SdcaMaximumEntropy", "Triage.zip", "modelsha", 1000),
        Source = new SourceInfo("abc1234", "main", "https://example.test/repo"),
        CreatedUtc = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc),
        InputHash = "inputhash",
        Seed = 42,
        Data = new DataReport([new DataFileStats("data/train.csv", "xxh128:" + new string('1', 32), 500, 80)], [new DataFileStats("data/test.csv", "xxh128:" + new string('2', 32), 100, 20)], 80, 20, null),
        Parameters = new Dictionary<string, string> { ["L2"] = "0.001" },
        Metrics = new MetricsInfo(
            new Dictionary<string, double> { ["MicroAccuracy"] = 0.95, ["LogLoss"] = 0.2 },
            new Dictionary<string, double> { ["MicroAccuracy"] = 0.81234, ["LogLoss"] = 0.6 }, 20),
        Gates = [new GateResult("MicroAccuracy", 0.8, null, 0.81234, true), new GateResult("LogLoss", null, 0.5, 0.6, false)],
        Versions = new VersionsReport("0.1.0", "5.0.1", "10.0.0"),
        Schema = new SchemaReport([new ColumnReport("Title", "String"), new ColumnReport("Area", "String", ColumnReport.LabelRole)], []),
        Description = description,
    };

    [TestMethod]
    public void ListsTestAndTrainingMetrics()
    {
        var card = ModelCard.Render(Manifest());

        Assert.Contains("| MicroAccuracy | 0.8123 | 0.95 |", card);
        Assert.Contains("| LogLoss | 0.6 | 0.2 |", card);
    }

    [TestMethod]
    public void ListsEveryGateWithItsVerdict()
    {
        var card = ModelCard.Render(Manifest());

        Assert.Contains("| MicroAccuracy | ≥ 0.8 | 0.8123 | passed |", card);
        Assert.Contains("| LogLoss | ≤ 0.5 | 0.6 | failed |", card);
    }

    [TestMethod]
    public void ListsDataFilesWithTheirHashes()
    {
        var card = ModelCard.Render(Manifest());

        Assert.Contains("| Role | File | Rows | Content hash |", card);
        Assert.Contains($"| training | `data/train.csv` | 80 | `xxh128:{new string('1', 32)}` |", card);
        Assert.Contains($"| test | `data/test.csv` | 20 | `xxh128:{new string('2', 32)}` |", card);
        Assert.Contains("SHA-256 `modelsha`", card);
    }

    [TestMethod]
    public void TheInputSchema_SetsTheLabelApart_FromWhatACallerSupplies()
    {
        var card = ModelCard.Render(Manifest());

        Assert.Contains("| Title | String | input |", card);
        Assert.Contains("| Area | String | label: what the model predicts, not given to it |", card);
    }

    [TestMethod]
    public void AnAnomalyModel_IsNamedWithItsArticle_AndItsLabelOnlyEvaluatesIt()
    {
        var m = Manifest();
        var card = ModelCard.Render(m with { Model = m.Model with { Task = "AnomalyDetection", Trainer = "RandomizedPcaTrainer" } });

        Assert.Contains("An anomaly detection model trained with ML.NET (RandomizedPcaTrainer).", card);
        Assert.Contains("| Area | String | label: only evaluates the model, not given to it |", card);
    }

    [TestMethod]
    [DataRow(0.00047, "0.00047")]
    [DataRow(0.0049, "0.0049")]
    [DataRow(12.345, "12.3")]
    [DataRow(282901.27, "282901")]
    public void AServingFigure_KeepsThreeSignificantDigits_NeverReadsAsZero(double value, string shown) =>
        Assert.AreEqual(shown, PerformanceReport.Figure(value));

    [TestMethod]
    public void MissingDescriptionSaysNotStated()
    {
        var card = ModelCard.Render(Manifest(new DescriptionInfo(null, "", null)));

        Assert.Contains("Not stated. Set MlOpsIntendedUse in the project.", card);
        Assert.Contains("Not stated. Set MlOpsLimitations in the project.", card);
        Assert.Contains("A multiclass classification model trained with ML.NET (SdcaMaximumEntropy).", card);
    }

    [TestMethod]
    public void StatedDescriptionIsUsed()
    {
        var card = ModelCard.Render(Manifest(new DescriptionInfo("Routes issues.", "Suggest a team.", "Old data.")));

        Assert.Contains("Routes issues.", card);
        Assert.Contains("## Intended use\n\nSuggest a team.", card.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("Not stated", card);
    }

    [TestMethod]
    public void HeldOutSplitIsDescribed()
    {
        var manifest = Manifest() with { Data = Manifest().Data with { SplitFraction = 0.2 } };

        Assert.Contains("seeded, stratified split (seed 42): 80 rows trained, 20 tested", ModelCard.Render(manifest));
    }

    [TestMethod]
    public void CreatedDateDoesNotDependOnTheCurrentCulture() =>
        Assert.Contains("2026-03-04 05:06:07 UTC", Culture.Under("th-TH", () => ModelCard.Render(Manifest())));
}
