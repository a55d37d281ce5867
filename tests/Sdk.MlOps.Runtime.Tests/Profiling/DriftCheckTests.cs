using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Profiling;
using static Sdk.MlOps.Runtime.Tests.Profiling.Tabular;

namespace Sdk.MlOps.Runtime.Tests.Profiling;

/// <summary>How MlDriftGate items resolve against the training profile, and the verdicts they give.</summary>
[TestClass]
public sealed class DriftCheckTests
{
    private static readonly Tabular[] Same = Rows(82, 1_000);
    private static readonly Tabular[] ShiftedA = Rows(83, 1_000, shiftA: 2);
    private static readonly Tabular[] ShiftedAC = Rows(84, 1_000, shiftA: 2, shiftC: 4);

    private static string[] Names(DriftReport report) => report.Columns.Select(c => c.Column).ToArray();

    [TestMethod]
    public void AllColumns_GatesEveryFeature_NotTheLabelNorTheId()
    {
        var report = Check(Same, [Gate("allcolumns", line: 7)]);

        CollectionAssert.AreEquivalent(new[] { "A", "B", "C" }, Names(report));
        Assert.IsTrue(report.Columns.All(c => c.Gated && c.DefinedIn == Project && c.Line == 7));
        Assert.AreEqual(nameof(DriftMethod.Wasserstein), report.Columns.Single(c => c.Column == "A").Method);
        Assert.AreEqual(nameof(DriftMethod.JensenShannon), report.Columns.Single(c => c.Column == "B").Method);
        Assert.IsNull(report.Share);
        Assert.IsTrue(report.Passed);
        Assert.AreEqual(2_000, report.ReferenceRows);
        Assert.AreEqual(1_000, report.CurrentRows);
    }

    [TestMethod]
    public void AllColumns_ADriftedFeatureFailsTheGate()
    {
        var report = Check(ShiftedA, [Gate(DriftGateItem.AllColumns)]);

        CollectionAssert.AreEqual(new[] { "A" }, report.DriftedColumns.ToArray());
        Assert.IsFalse(report.Passed);
    }

    [TestMethod]
    public void Except_LeavesColumnsOut()
    {
        var all = Gate(DriftGateItem.AllColumns);
        all.Except = " c ;A";

        var report = Check(ShiftedA, [all]);

        CollectionAssert.AreEqual(new[] { "B" }, Names(report));
        Assert.IsTrue(report.Passed);
    }

    [TestMethod]
    public void MaxDriftedShare_ReportsTheColumnsAndGatesTheirShare()
    {
        var all = Gate(DriftGateItem.AllColumns, line: 14);
        all.MaxDriftedShare = 0.5;

        var one = Check(ShiftedA, [all]);
        var two = Check(ShiftedAC, [all]);

        Assert.IsTrue(one.Columns.All(c => !c.Gated));
        Assert.AreEqual(new DriftShare(1, 3, 0.5, Project, 14), one.Share);
        Assert.IsTrue(one.Passed);
        CollectionAssert.AreEquivalent(new[] { "A", "C" }, two.DriftedColumns.ToArray());
        Assert.AreEqual(2, two.Share!.Drifted);
        Assert.AreEqual(2.0 / 3, two.Share.Share, 1e-12);
        Assert.IsFalse(two.Passed);
    }

    [TestMethod]
    public void NamedColumn_OverridesMethodAndThreshold_AndStaysGated()
    {
        var all = Gate(DriftGateItem.AllColumns);
        all.MaxDriftedShare = 0.5;

        var report = Check(ShiftedA, [all, Gate("a", "psi", 1e6, line: 12)]);

        var a = report.Columns.Single(c => c.Column == "A");
        Assert.AreEqual(nameof(DriftMethod.Psi), a.Method);
        Assert.AreEqual(1e6, a.Threshold);
        Assert.AreEqual(12, a.Line);
        Assert.IsTrue(a.Gated);
        Assert.IsFalse(a.Drifted);
        Assert.HasCount(3, report.Columns);
        Assert.AreEqual(new DriftShare(0, 2, 0.5, Project, 10), report.Share);
        Assert.IsTrue(report.Passed);
    }

    [TestMethod]
    public void NamedColumn_Alone_GatesOnlyIt_WithTheDefaultThresholdOfItsMethod()
    {
        var report = Check(ShiftedA, [Gate("C", "KolmogorovSmirnov"), Gate("Label")]);

        CollectionAssert.AreEquivalent(new[] { "C", "Label" }, Names(report));
        var c = report.Columns.Single(x => x.Column == "C");
        Assert.AreEqual(0.05 / 2, c.Threshold, "two columns gated one by one: the default 0.05 shared between them (Bonferroni)");
        Assert.IsFalse(c.Drifted);
        Assert.IsTrue(report.Passed);
    }

    [TestMethod]
    [DataRow("Nope", null, null, "names no input column")]
    [DataRow("A", "Hellinger", null, "Method 'Hellinger'")]
    [DataRow("B", "KolmogorovSmirnov", null, "does not apply")]
    [DataRow("B", "Wasserstein", null, "does not apply")]
    [DataRow("A", "ChiSquared", null, "does not apply")]
    [DataRow("A", "ZTest", null, "does not apply")]
    [DataRow("B", "ChiSquared", 1.5, "between 0 and 1")]
    [DataRow("A", "KolmogorovSmirnov", 1.01, "between 0 and 1")]
    [DataRow("A", "Wasserstein", -0.1, "0 or more")]
    [DataRow("Id", null, null, "id column")]
    public void InvalidGate_IsRefusedAtItsItem(string column, string? method, double? threshold, string why)
    {
        var e = Assert.ThrowsExactly<MlOpsException>(() => new DriftCheck(Reference, [Gate(DriftGateItem.AllColumns, line: 3), Gate(column, method, threshold, line: 17)], []));

        Assert.AreEqual(ErrorCodes.DriftGateInvalid, e.Code);
        Assert.AreEqual("MLOPS3015", e.Code);
        Assert.AreEqual(new SourceLocation(Project, 17), e.Location);
        Assert.Contains(why, e.Message);
    }

    [TestMethod]
    public void ADistanceMayExceedOne()
    {
        var report = Check(Same, [Gate("A", "Wasserstein", 2.5)]);

        Assert.AreEqual(2.5, report.Columns.Single().Threshold);
    }

    [TestMethod]
    public void InvalidAllColumns_IsRefusedAtItsItem()
    {
        var share = Gate(DriftGateItem.AllColumns, line: 5);
        share.MaxDriftedShare = 1.5;
        var except = Gate(DriftGateItem.AllColumns, line: 6);
        except.Except = "A;Nope";

        foreach (var (gate, line) in new[] { (share, 5), (except, 6) })
        {
            var e = Assert.ThrowsExactly<MlOpsException>(() => new DriftCheck(Reference, [gate], []));
            Assert.AreEqual(ErrorCodes.DriftGateInvalid, e.Code);
            Assert.AreEqual(new SourceLocation(Project, line), e.Location);
        }
    }
}
