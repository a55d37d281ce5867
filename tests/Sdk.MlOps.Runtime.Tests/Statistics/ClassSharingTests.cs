using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Runtime.Tests.Statistics;

/// <summary>
/// Two multiclass models number the same classes differently when their training rows come in another order (a
/// key is the order of first appearance). Compared by key they would disagree on rows where both are right.
/// </summary>
[TestClass]
public sealed class ClassSharingTests
{
    private static readonly ScoredModels.Scored Forward = ScoredModels.Maxent(rows => rows.OrderBy(r => Array.IndexOf(ScoredModels.Teams, r.Team)));
    private static readonly ScoredModels.Scored Backward = ScoredModels.Maxent(rows => rows.OrderByDescending(r => Array.IndexOf(ScoredModels.Teams, r.Team)), l2: 1e-2f);

    [TestMethod]
    public void ModelsWithOtherKeyOrders_AgreeOnEachRowsClassByName()
    {
        CollectionAssert.AreNotEqual(SlotNames(Forward), SlotNames(Backward), "the case needs two key orders");
        var classes = new ClassNames();

        var forward = (MulticlassOutcomes)Forward.Outcomes(classes);
        var backward = (MulticlassOutcomes)Backward.Outcomes(classes);

        CollectionAssert.AreEquivalent(ScoredModels.Teams, classes.Names.ToArray());
        CollectionAssert.AreEqual(forward.TrueClass, backward.TrueClass);
        var truth = Strings(Forward, "Team");
        CollectionAssert.AreEqual(truth, forward.TrueClass.Select(c => classes.Names[c]).ToArray());
        // The pipelines map PredictedLabel back to the team's name: the outcomes must name the same team.
        CollectionAssert.AreEqual(Strings(Forward, "PredictedLabel"), forward.PredictedClass.Select(c => classes.Names[c]).ToArray());
        CollectionAssert.AreEqual(Strings(Backward, "PredictedLabel"), backward.PredictedClass.Select(c => classes.Names[c]).ToArray());
    }

    [TestMethod]
    public void ModelsWithOtherKeyOrders_ComparedByName()
    {
        var classes = new ClassNames();
        var forward = Forward.Outcomes(classes);
        var backward = Backward.Outcomes(classes);
        var truth = Strings(Forward, "Team");
        var (f, b) = (Strings(Forward, "PredictedLabel"), Strings(Backward, "PredictedLabel"));
        var forwardOnly = truth.Where((t, i) => f[i] == t && b[i] != t).Count();
        var backwardOnly = truth.Where((t, i) => b[i] == t && f[i] != t).Count();
        Assert.IsGreaterThan(0, forwardOnly + backwardOnly, "the models must differ on some rows");

        var micro = PairedBootstrap.Compare("MicroAccuracy", forward, backward, 0.95)!;
        var macro = PairedBootstrap.Compare("MacroAccuracy", forward, backward, 0.95)!;

        Assert.AreEqual(McNemar.ExactP(forwardOnly, backwardOnly), micro.McNemarP);
        Assert.AreEqual((forwardOnly - backwardOnly) / (double)truth.Length, micro.Difference, 1e-12);
        Assert.AreEqual(Forward.MlNetMetrics["MicroAccuracy"], micro.Candidate, 1e-12);
        Assert.AreEqual(Backward.MlNetMetrics["MicroAccuracy"], micro.Champion, 1e-12);
        Assert.AreEqual(Forward.MlNetMetrics["MacroAccuracy"], macro.Candidate, 1e-12);
        Assert.AreEqual(Backward.MlNetMetrics["MacroAccuracy"], macro.Champion, 1e-12);
    }

    [TestMethod]
    public void OutcomesReadIntoSeparateClassLists_AreRefused() =>
        Assert.ThrowsExactly<ArgumentException>(() => PairedBootstrap.Compare("MicroAccuracy", Forward.Outcomes(), Backward.Outcomes(), 0.95));

    private static string[] SlotNames(ScoredModels.Scored scored)
    {
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        scored.View.Schema["Score"].GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    private static string[] Strings(ScoredModels.Scored scored, string column) =>
        scored.View.GetColumn<ReadOnlyMemory<char>>(column).Select(v => v.ToString()).ToArray();
}
