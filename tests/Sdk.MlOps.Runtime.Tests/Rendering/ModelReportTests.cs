using Sdk.MlOps.Hosting;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Reports.Rendering;
using Sdk.MlOps.Runtime.Tests.Statistics;
using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Runtime.Tests.Rendering;

[TestClass]
public sealed class ModelReportTests
{
    [TestMethod]
    public void Binary_FourPlotsGatesComparisonAndMarkdownTables()
    {
        var data = ReportFixtures.Binary();
        using var report = new WrittenReport(data);

        var titles = report.Plots.Select(p => p.Title).ToArray();
        Assert.HasCount(4, titles, string.Join(" | ", titles));
        Assert.AreEqual("Confusion matrix", titles[0]);
        var auc = GateResult.Format(data.Evaluation.Metrics["AreaUnderRocCurve"]);
        Assert.AreEqual($"ROC curve — AUC {auc}", titles[1], "the AUC in the title is ML.NET's");
        Assert.StartsWith("Precision–recall curve — area ", titles[2]);
        Assert.AreEqual("Scores of positive and negative rows", titles[3]);
        CollectionAssert.IsSubsetOf(new[] { "negative", "positive" }, report.Plots[0].Texts, "the matrix names its classes");

        var gates = report.Rows(ReportContent.Gates);
        CollectionAssert.AreEqual(new[] { "AreaUnderRocCurve", data.Evaluation.Gates[0].Bound, auc, "passed" }, gates[0]);
        Assert.AreEqual("Accuracy", gates[1][0]);
        Assert.AreEqual("FAILED", gates[1][3]);
        Assert.Contains("1 of 2 gates failed: Accuracy", report.Html);

        var paired = data.Evaluation.Gates[0].Paired!;
        var comparison = report.Rows(ReportContent.Comparison).Single();
        Assert.AreEqual("AreaUnderRocCurve", comparison[0]);
        Assert.AreEqual("+" + GateResult.Format(paired.Difference), comparison[3]);
        Assert.AreEqual($"[+{GateResult.Format(paired.Lower)}, +{GateResult.Format(paired.Upper)}]", comparison[4]);
        Assert.AreEqual("95%", comparison[5]);
        Assert.AreEqual("significantly better", comparison[7], "a logistic regression beats one trained on shuffled labels");
        Assert.AreEqual(ScoredModels.TestRows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), comparison[8]);
        Assert.Contains("Better than the champion: it is significantly better than champion version 3 on AreaUnderRocCurve.", report.Html);

        Assert.Contains("| AreaUnderRocCurve | ≥ 0.8, at most 0 worse than the champion on ", report.Markdown);
        Assert.Contains("| Accuracy |", report.Markdown);
        Assert.Contains("❌ FAILED |", report.Markdown);
        Assert.Contains("✅ significantly better |", report.Markdown);
        Assert.Contains("## Metrics", report.Markdown);
        Assert.Contains("| negative |", report.Markdown, "the 2×2 confusion table");
        Assert.DoesNotContain("<svg", report.Markdown);
        Assert.Contains("FraudCheck.report.html", report.Markdown);
        Assert.IsEmpty(report.ExternalReferences());
    }

    [TestMethod]
    public void Multiclass_ConfusionMatrixNamesEveryClass_AndRecallPerClass()
    {
        using var report = new WrittenReport(ReportFixtures.Multiclass());

        var plots = report.Plots;
        CollectionAssert.AreEqual(new[] { "Confusion matrix", "Probability given to the true class", "Recall per class" }, plots.Select(p => p.Title).ToArray());
        foreach (var team in ScoredModels.Teams)
        {
            Assert.AreEqual(2, plots[0].Texts.Count(t => t == team), $"{team} on both axes of the matrix");
            Assert.Contains(team, plots[2].Texts);
        }
        var perClass = report.Rows(ReportContent.Outcomes);
        CollectionAssert.AreEquivalent(ScoredModels.Teams, perClass.Select(r => r[0]).ToArray());
        Assert.AreEqual(ScoredModels.TestRows, perClass.Sum(r => int.Parse(r[1], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.IsNotNull(report.Section(ReportContent.Outcomes).Descendants("details").SingleOrDefault(), "the table repeats the plots: folded");
        Assert.Contains("| Class | Rows | Recall | Precision |", report.Markdown);
        Assert.IsEmpty(report.ExternalReferences());
    }

    [TestMethod]
    public void Regression_ScatterResidualsAndTheirHistogram()
    {
        using var report = new WrittenReport(ReportFixtures.Regression());

        CollectionAssert.AreEqual(new[] { "Predicted against actual", "Residuals against prediction", "Residuals" }, report.Plots.Select(p => p.Title).ToArray());
        Assert.Contains("y = x", report.Plots[0].Texts, "the line a perfect model sits on is drawn and named");
        Assert.AreEqual("MeanAbsoluteError", report.Rows(ReportContent.Gates)[1][0]);
        Assert.AreEqual("significantly better", report.Rows(ReportContent.Comparison).Single()[7]);
        Assert.DoesNotContain("## Predictions", report.Markdown, "no table of predictions for regression: its plots are in the HTML");
        Assert.IsEmpty(report.ExternalReferences());
    }

    [TestMethod]
    public void Anomaly_ScoreDistributionsAndRoc()
    {
        var data = ReportFixtures.Anomaly();
        using var report = new WrittenReport(data);

        CollectionAssert.AreEqual(new[] { "Scores of anomalies and normal rows", $"ROC curve — AUC {GateResult.Format(data.Evaluation.Metrics["AreaUnderRocCurve"])}" },
            report.Plots.Select(p => p.Title).ToArray());
        Assert.IsTrue(report.Plots[0].Texts.Any(t => t.StartsWith("anomaly (", StringComparison.Ordinal)), "the legend names the groups and their rows");
        Assert.IsNull(report.Document.Descendants("section").SingleOrDefault(s => (string?)s.Attribute("id") == ReportContent.Comparison), "no champion: no comparison");
        Assert.Contains("The gate passed", report.Html);
    }

    [TestMethod]
    public void EveryPlotIsDrawnWithTheEmbeddedFont_AndTheHtmlCarriesIt()
    {
        using var report = new WrittenReport(ReportFixtures.Binary());

        var fonts = report.Document.Descendants().Where(e => e.Name.LocalName == "text").Select(e => (string?)e.Attribute("font-family")).Distinct().ToArray();
        CollectionAssert.AreEqual(new[] { ReportFont.Name }, fonts, "not a system font, which a bare CI image lacks");
        Assert.Contains("@font-face { font-family: \"DejaVu Sans\"; src: url(data:font/ttf;base64,", report.Html);
        Assert.IsTrue(report.Plots.All(p => p.Texts.Any(t => t.Any(char.IsDigit))), "every plot has its tick labels");
    }

    [TestMethod]
    public void PlotIdsAreUniqueInThePage()
    {
        using var report = new WrittenReport(ReportFixtures.Binary());

        var ids = report.Document.Descendants().Select(e => (string?)e.Attribute("id")).OfType<string>().ToArray();
        CollectionAssert.AllItemsAreUnique(ids, "each plot's clip paths are its own");
        Assert.IsTrue(ids.Count(i => i.StartsWith("plot", StringComparison.Ordinal)) >= 4);
    }

    [TestMethod]
    public void ImportanceHistorySlicesAndPerformance_AddTheirTablesAndCharts()
    {
        var data = ReportFixtures.Binary() with
        {
            Importance = [new("A", 0.9, 0.62, 0.28), new("D", 0.9, 0.9, 0.0), new("B", 0.9, 0.75, 0.15)],
            ImportanceMetric = "AreaUnderRocCurve",
            History =
            [
                new(ReportFixtures.Created.AddDays(-14), "2", "AreaUnderRocCurve", 0.86),
                new(ReportFixtures.Created.AddDays(-7), "3", "AreaUnderRocCurve", 0.88),
                new(ReportFixtures.Created.AddDays(-7), "3", "F1Score", 0.8),
            ],
            Slices = [new("Region", "eu", 420, "Accuracy", 0.81, true), new("Region", "us", 560, "Accuracy", 0.74, false), new("Region", "apac", 20, "Accuracy", 0.5, null)],
        };
        data = data with { Evaluation = data.Evaluation with { Performance = new PerformanceReport(0.05, 0.09, 0.2, 2000, 51234, 100_000, 0.01, 180, 40) } };
        using var report = new WrittenReport(data);

        var titles = report.Plots.Select(p => p.Title).ToArray();
        CollectionAssert.IsSubsetOf(new[] { "Permutation importance", "AreaUnderRocCurve over the runs", "F1Score over the runs" }, titles);
        Assert.IsLessThan(Array.IndexOf(titles, "F1Score over the runs"), Array.IndexOf(titles, "AreaUnderRocCurve over the runs"), "the gated metrics' history first");
        var importance = report.Plots.Single(p => p.Title == "Permutation importance").Texts;
        Assert.IsLessThan(Array.IndexOf(importance, "D"), Array.IndexOf(importance, "A"), "the largest drop on top (drawn first)");
        Assert.IsTrue(report.Plots.Single(p => p.Title == "AreaUnderRocCurve over the runs").Texts.Any(t => t.StartsWith("this run: ", StringComparison.Ordinal)));

        CollectionAssert.AreEqual(new[] { "A", "B", "D" }, report.Rows(ReportContent.Importance).Select(r => r[0]).ToArray());
        CollectionAssert.AreEqual(new[] { "passed", "FAILED", "too few rows: not gated" }, report.Rows(ReportContent.Slices).Select(r => r[5]).ToArray());
        Assert.AreEqual("51,234 rows/s", report.Rows(ReportContent.Performance)[3][1]);
        Assert.Contains("| Region | apac | 20 | Accuracy | 0.5 | too few rows: not gated |", report.Markdown);
        Assert.Contains("| A | +0.28 | 0.62 | 0.9 |", report.Markdown);
        Assert.Contains("| Latency p95 | 0.090 ms | latency-p95 |", report.Markdown.Replace(PerformanceProbe.LatencyP95, "latency-p95", StringComparison.Ordinal));
        Assert.Contains("## Metric history", report.Markdown);
        Assert.IsEmpty(report.ExternalReferences());
    }

    [TestMethod]
    public void WithoutOutcomes_TheTablesStay()
    {
        var data = ReportFixtures.Multiclass() with { Outcomes = null };
        using var report = new WrittenReport(data);

        Assert.IsEmpty(report.Plots);
        Assert.HasCount(2, report.Rows(ReportContent.Gates));
        Assert.Contains("could not be read", report.Section(ReportContent.Outcomes).Value);
    }

    [TestMethod]
    public void NamesThatLookLikeMarkupStayText()
    {
        var data = ReportFixtures.Binary();
        var gate = data.Evaluation.Gates[1] with { Metric = "F1<b>|&x" };
        data = data with
        {
            ModelName = "A&B <Model>",
            Evaluation = data.Evaluation with { Gates = [data.Evaluation.Gates[0], gate] },
            Slices = [new("Team", "<unk>|*all*", 30, "Accuracy", 0.7, true)],
        };
        using var report = new WrittenReport(data);

        Assert.AreEqual("A&B <Model> version 4", report.Document.Descendants("h1").Single().Value);
        Assert.AreEqual("F1<b>|&x", report.Rows(ReportContent.Gates)[1][0]);
        Assert.Contains("| F1&lt;b&gt;\\|&x |", report.Markdown);
        Assert.Contains("| Team | &lt;unk&gt;\\|\\*all\\* | 30 |", report.Markdown);
        Assert.Contains("# Model report: A&B &lt;Model&gt; version 4", report.Markdown);
    }

    [TestMethod]
    public void WritingAgainReplacesBothFiles_AndLeavesNoTempFile()
    {
        using var report = new WrittenReport(ReportFixtures.Anomaly());
        var data = ReportFixtures.Anomaly() with { Version = "5" };

        ModelReport.Write(data, report.HtmlPath, report.MarkdownPath);

        Assert.Contains("Spikes version 5", File.ReadAllText(report.HtmlPath));
        Assert.Contains("Spikes version 5", File.ReadAllText(report.MarkdownPath));
        CollectionAssert.AreEquivalent(new[] { "Spikes.report.html", "Spikes.report.md" }, Directory.GetFiles(report.Folder).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void ConfusionCountsEveryCountedRowOnce()
    {
        var outcomes = (MulticlassOutcomes)ReportFixtures.Multiclass().Outcomes!;
        var confusion = Confusion.From(outcomes)!;

        long total = 0, right = 0;
        for (var t = 0; t < confusion.Classes.Count; t++)
            for (var p = 0; p < confusion.Classes.Count; p++)
            {
                total += confusion.Counts[t, p];
                if (t == p) right += confusion.Counts[t, p];
            }
        Assert.AreEqual(outcomes.Counted.Count(c => c), total);
        Assert.AreEqual(Enumerable.Range(0, outcomes.Rows).Count(outcomes.IsRight), right);
    }

    [TestMethod]
    public void ClassNamesInAnyScript_ReachTheTablesAndThePlots()
    {
        var classes = new ClassNames();
        string[] names = ["网络", "Ελληνικά", "сеть"];
        foreach (var name in names) classes.IndexOf(name);
        int[] truth = [0, 0, 1, 1, 2, 2, 0, 1], predicted = [0, 1, 1, 1, 2, 0, 0, 1];
        var outcomes = new MulticlassOutcomes([.. truth.Select(_ => true)], [.. truth], [.. predicted], [.. truth.Select(_ => 0.6f)], classes);
        var data = ReportFixtures.Multiclass() with { Outcomes = outcomes };

        using var report = new WrittenReport(data);

        CollectionAssert.AreEqual(names, report.Rows(ReportContent.Outcomes).Select(r => r[0]).ToArray());
        var matrix = report.Plots[0].Texts;
        foreach (var name in names.Skip(1)) Assert.AreEqual(2, matrix.Count(t => t == name), $"{name}: Greek and Cyrillic are in the embedded font");
        Assert.Contains("| 网络 | 3 |", report.Markdown);
    }

    [TestMethod]
    public void DegenerateOutcomes_StillDrawEveryPlot()
    {
        // No positive row, a NaN score, a row not counted; then a multiclass model with no counted row at all.
        var binary = new BinaryOutcomes(ModelTask.BinaryClassification, [true, true, true, false], [false, false, false, true],
            [false, true, false, true], [-1f, 2f, float.NaN, 3f], null);
        var noRows = new MulticlassOutcomes([false], [-1], [-1], [float.NaN], new ClassNames());
        var history = new MetricHistoryPoint[] { new(ReportFixtures.Created.AddDays(-1), null, "AreaUnderRocCurve", double.NaN) };

        using var first = new WrittenReport(ReportFixtures.Binary() with { Outcomes = binary, History = history, Importance = [new("A", double.NaN, double.NaN, double.NaN)] });
        using var second = new WrittenReport(ReportFixtures.Multiclass() with { Outcomes = noRows });

        Assert.DoesNotContain("could not be drawn", first.Html);
        Assert.HasCount(6, first.Plots, "4 of the task, importance and history");
        Assert.AreEqual("ROC curve — AUC —", first.Plots[1].Title, "no positive row: no AUC, as in ML.NET");
        Assert.DoesNotContain("could not be drawn", second.Html);
        CollectionAssert.AreEqual(new[] { "Probability given to the true class" }, second.Plots.Select(p => p.Title).ToArray(), "no class: no matrix, no recall");
    }

    [TestMethod]
    public void DriftGatesAndContracts_AreGatesOfTheReport_WithASectionOfTheirOwn()
    {
        var data = ReportFixtures.Regression();
        var empty = new global::Sdk.MlOps.Profiling.DataProfile { Source = "test", Rows = 0, Columns = [] };
        var drift = new global::Sdk.MlOps.Profiling.DriftReport
        {
            Source = "test", ReferenceRows = 2400, CurrentRows = 600, Current = empty,
            Columns = [new("Cpu", "numeric", "Wasserstein", "Wasserstein distance (normed)", 2.01, 0.1, true, true, 1e-30, 0.025, null, 0),
                       new("Memory", "numeric", "Wasserstein", "Wasserstein distance (normed)", 0.03, 0.1, false, true, null, null, null, 0)],
            Contracts = [new("Region", global::Sdk.MlOps.Profiling.ContractCheck.ValuesCheck, 0.25, 0.01, "the 4 values seen in training", false, null, 0)],
        };
        using var report = new WrittenReport(data with { Evaluation = data.Evaluation with { Drift = drift } });

        var gates = data.Evaluation.Gates.Count;
        Assert.Contains($"of {gates + 3} gates failed", report.Html, "two drift gates and a contract count as gates");
        Assert.Contains("drift of Cpu", report.Html);
        Assert.Contains("contract of Region", report.Html);
        var rows = report.Rows(ReportContent.Drift);
        CollectionAssert.AreEqual(new[] { "Cpu", "Wasserstein distance (normed)", "2.01", "0.1", "DRIFT" }, rows[0]);
        Assert.Contains("## Data drift", report.Markdown);
    }
}
