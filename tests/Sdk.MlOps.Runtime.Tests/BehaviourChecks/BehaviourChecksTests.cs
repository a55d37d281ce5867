using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Testing;

namespace Sdk.MlOps.Runtime.Tests.BehaviourChecks;

/// <summary>Sdk.MlOps.Testing on a real triage model of corefx issues: predictions, and checks that pass and fail.</summary>
[TestClass]
public sealed class BehaviourChecksTests
{
    public sealed class Issue
    {
        [LoadColumn(0)] public string ID { get; set; } = "";
        [LoadColumn(1)] public string Area { get; set; } = "";
        [LoadColumn(2)] public string Title { get; set; } = "";
        [LoadColumn(3)] public string Description { get; set; } = "";
    }

    private static TempDirectory s_dir = null!;
    private static TrainedModel<Issue> s_model = null!;
    private static List<Issue> s_issues = null!;

    [ClassInitialize]
    public static void TrainOnce(TestContext context)
    {
        s_dir = new TempDirectory();
        var ml = new MLContext(1);
        var file = Path.Combine(TestData.RepoRoot(), "samples", "IncidentTriage", "data", "corefx-issues.tsv");
        var data = ml.Data.LoadFromTextFile<Issue>(file, separatorChar: '\t', hasHeader: true, allowQuoting: false);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Issue.Area))
            .Append(ml.Transforms.Text.FeaturizeText("Features", nameof(Issue.Title)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new() { MaximumNumberOfIterations = 20, NumberOfThreads = 1 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(data);
        var path = Path.Combine(s_dir.Path, "Triage.zip");
        ml.Model.Save(model, data.Schema, path);
        s_model = TrainedModel<Issue>.Load(path);
        s_issues = ml.Data.CreateEnumerable<Issue>(data, reuseRowObject: false).Take(40).ToList();
    }

    [ClassCleanup]
    public static void DeleteFiles() => s_dir?.Dispose();

    [TestMethod]
    public void APrediction_HasTheLabel_AndEveryClassScore_ByName()
    {
        var prediction = s_model.Predict(s_issues[0]);

        Assert.IsNotNull(prediction.Label);
        Assert.StartsWith("area-", prediction.Label);
        Assert.AreEqual(1.0, prediction.Scores.Values.Sum(), 1e-3, "probabilities");
        Assert.AreEqual(prediction.Scores.Values.Max(), prediction.Score);
        Assert.AreEqual(prediction.Score, prediction.ScoreOf(prediction.Label));
        Assert.ThrowsExactly<KeyNotFoundException>(() => prediction.ScoreOf("area-Nowhere"));
    }

    [TestMethod]
    public void ManyInputs_ArePredictedInTheirOrder_AsOneByOne()
    {
        var together = s_model.Predict(s_issues);
        var alone = s_issues.Select(s_model.Predict).ToList();

        CollectionAssert.AreEqual(alone.Select(p => p.Label).ToList(), together.Select(p => p.Label).ToList());
    }

    [TestMethod]
    public void Expect_PassesOnKnownAnswers_AndListsEveryMiss()
    {
        var known = s_issues.Take(10).Select(i => (i, s_model.Predict(i).Label!)).ToList();
        Behaviour.Expect(s_model, known);

        var wrong = known.Select(c => (c.i, "area-Nowhere")).Take(3);
        var e = Assert.ThrowsExactly<BehaviourException>(() => Behaviour.Expect(s_model, wrong));
        Assert.StartsWith("3 of 3 minimum functionality cases failed:", e.Message);
        Assert.Contains("expected area-Nowhere, predicted area-", e.Message);
    }

    [TestMethod]
    public void Invariant_HoldsForCasing_WhichTheTextFeaturizerIgnores_AndFailsForAChangeThatMatters()
    {
        Behaviour.Invariant(s_model, s_issues, [Perturb.Copy<Issue>("upper-case title", i => i.Title = Perturb.ChangeCase(i.Title))]);

        var swapped = Perturb.Copy<Issue>("another issue's title", i => i.Title = "Regex performance in RegexInterpreter is slow with RegexOptions.Compiled");
        var e = Assert.ThrowsExactly<BehaviourException>(() => Behaviour.Invariant(s_model, s_issues, [swapped]));
        Assert.Contains("invariance cases failed", e.Message);
        Assert.Contains("another issue's title: {", e.Message);
        Assert.Contains("became {", e.Message, "the changed input is shown");
    }

    [TestMethod]
    public void Invariant_AllowsAShareOfChanges_WhenAsked()
    {
        var typo = Perturb.Copy<Issue>("typo in the title", i => i.Title = Perturb.Typo(i.Title, seed: 3));

        Behaviour.Invariant(s_model, s_issues, [typo], maxChangedShare: 1.0);
    }

    [TestMethod]
    public void Raises_HoldsWhenAWordOfAnAreaIsAdded_AndFailsTheOtherWay()
    {
        var http = Perturb.Copy<Issue>("'HttpClient' added", i => i.Title = Perturb.AddWords(i.Title, "HttpClient socket"));
        var inputs = s_issues.Where(i => i.Area != "area-System.Net").Take(10).ToList();

        Behaviour.Raises(s_model, inputs, http, label: "area-System.Net");
        var e = Assert.ThrowsExactly<BehaviourException>(() => Behaviour.Lowers(s_model, inputs, http, label: "area-System.Net"));
        Assert.Contains("direction cases failed", e.Message);
        Assert.Contains("expected lower", e.Message);
    }

    [TestMethod]
    public void Typo_SwapsTwoNeighbouringLettersInOneLongWord_TheSameForTheSameSeed()
    {
        var text = "Socket connection refused on host";
        var typo = Perturb.Typo(text, seed: 5);

        Assert.AreEqual(typo, Perturb.Typo(text, seed: 5));
        Assert.AreNotEqual(text, typo);
        Assert.AreEqual(text.Length, typo.Length);
        Assert.AreEqual(2, text.Zip(typo).Count(p => p.First != p.Second));
        Assert.AreEqual("a b c", Perturb.Typo("a b c"), "no word of four letters");
    }

    [TestMethod]
    public void Copy_LeavesTheOriginalAsItWas()
    {
        var original = s_issues[0];
        var title = original.Title;

        var changed = Perturb.Copy<Issue>("x", i => i.Title = "changed").Apply(original);

        Assert.AreEqual(title, original.Title);
        Assert.AreEqual("changed", changed.Title);
        Assert.AreEqual(original.Description, changed.Description);
    }

    [TestMethod]
    public void Load_ByInputClass_SaysWhyWhenItsAssemblyNamesNoModel()
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => TrainedModel<Issue>.Load());

        Assert.Contains("is not the input class of an Sdk.MlOps model project", e.Message);
    }
}
