using System.Globalization;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Profiling;
using static Sdk.MlOps.Runtime.Tests.Profiling.Tabular;

namespace Sdk.MlOps.Runtime.Tests.Profiling;

/// <summary>MlDataContract: bounds from the training profile or declared, and the exact shares that break them.</summary>
[TestClass]
public sealed class DataContractTests
{
    private static readonly NumericProfile TrainedA = Reference.Find("A")!.Numeric!;

    /// <summary>1,000 rows inside what training saw: A within its range, B one of its colours.</summary>
    private static Tabular[] Inside()
    {
        var rows = Rows(91, 1_000);
        foreach (var row in rows) row.A = Math.Clamp(row.A, (float)TrainedA.Min, (float)TrainedA.Max);
        return rows;
    }

    private static ContractCheck Single(DriftReport report, string column, string check) =>
        report.Contracts.Single(c => c.Column == column && c.Check == check);

    [TestMethod]
    public void AllColumns_ChecksEveryFeatureAgainstTraining()
    {
        var report = Check(Inside(), [], [Contract("AllColumns")]);

        CollectionAssert.AreEquivalent(new[] { "A", "B", "C" }, report.Contracts.Select(c => c.Column).Distinct().ToArray());
        var range = Single(report, "A", ContractCheck.RangeCheck);
        Assert.AreEqual(0, range.Value);
        Assert.AreEqual(DriftCheck.DefaultOutsideShare, range.MaxShare);
        string bounds = range.Expected;
        Assert.AreEqual($"[{TrainedA.Min.ToString("G6", CultureInfo.InvariantCulture)}, {TrainedA.Max.ToString("G6", CultureInfo.InvariantCulture)}]", bounds);
        var values = Single(report, "B", ContractCheck.ValuesCheck);
        Assert.AreEqual("the 3 values seen in training", values.Expected);
        Assert.AreEqual(0, values.Value);
        Assert.AreEqual(0.01, Single(report, "C", ContractCheck.MissingCheck).MaxShare, 1e-12);
        Assert.IsTrue(report.Contracts.All(c => c.Passed && c.DefinedIn == Project && c.Line == 20));
        Assert.IsTrue(report.Passed);
    }

    [TestMethod]
    [DataRow(10, true)]
    [DataRow(11, false)]
    [DataRow(30, false)]
    public void AllColumns_AllowsOnePercentOutsideTheTrainingRange(int above, bool passed)
    {
        var rows = Inside();
        // Half above the maximum, half below the minimum; the training extremes themselves are inside.
        for (int i = 0; i < above; i++) rows[i].A = i % 2 == 0 ? (float)TrainedA.Max + 0.5f : (float)TrainedA.Min - 0.5f;
        rows[^1].A = (float)TrainedA.Max;
        rows[^2].A = (float)TrainedA.Min;

        var range = Single(Check(rows, [], [Contract("AllColumns")]), "A", ContractCheck.RangeCheck);

        Assert.AreEqual(above / 1_000.0, range.Value, 1e-15);
        Assert.AreEqual(passed, range.Passed);
    }

    [TestMethod]
    public void AllColumns_AValueNeverSeenInTrainingIsOutside()
    {
        var rows = Inside();
        for (int i = 0; i < 20; i++) rows[i].B = "purple";

        var report = Check(rows, [], [Contract("AllColumns")]);

        var values = Single(report, "B", ContractCheck.ValuesCheck);
        Assert.AreEqual(0.02, values.Value, 1e-15);
        Assert.IsFalse(values.Passed);
        Assert.IsFalse(report.Passed);
    }

    [TestMethod]
    public void AllColumns_Except_AndANamedContractOverridesIt()
    {
        var all = Contract("AllColumns");
        all.Except = "b";
        var c = Contract("c", line: 21);
        c.Maximum = 1e9;

        var report = Check(Inside(), [], [all, c]);

        CollectionAssert.AreEquivalent(new[] { "A", "C" }, report.Contracts.Select(x => x.Column).Distinct().ToArray());
        Assert.AreEqual("[-∞, 1E+09]", Single(report, "C", ContractCheck.RangeCheck).Expected);
        Assert.AreEqual(21, Single(report, "C", ContractCheck.RangeCheck).Line);
    }

    [TestMethod]
    [DataRow(0, true)]
    [DataRow(30, false)]
    public void DeclaredMaximum_IsStrict(int above, bool passed)
    {
        var rows = Inside();
        foreach (var row in rows) row.A = Math.Clamp(row.A, -2f, 2f); // 2 itself is inside
        for (int i = 0; i < above; i++) rows[i].A = 2.001f;
        var a = Contract("A");
        a.Maximum = 2;

        var range = Single(Check(rows, [], [a]), "A", ContractCheck.RangeCheck);

        Assert.AreEqual(above / 1_000.0, range.Value, 1e-15);
        Assert.AreEqual(0, range.MaxShare);
        Assert.AreEqual("[-∞, 2]", range.Expected);
        Assert.AreEqual(passed, range.Passed);
    }

    [TestMethod]
    public void DeclaredMinimum_OnlyBoundsBelow()
    {
        var rows = Inside();
        for (int i = 0; i < 40; i++) rows[i].C = -1;
        for (int i = 40; i < 60; i++) rows[i].C = 1e6f;
        var c = Contract("C");
        c.Minimum = 0;
        c.MaxOutsideShare = 0.05;

        var range = Single(Check(rows, [], [c]), "C", ContractCheck.RangeCheck);

        Assert.AreEqual("[0, ∞]", range.Expected);
        Assert.AreEqual(rows.Count(r => r.C < 0) / 1_000.0, range.Value, 1e-15);
        Assert.IsGreaterThanOrEqualTo(0.04, range.Value);
        Assert.AreEqual(0.05, range.MaxShare);
    }

    [TestMethod]
    public void DeclaredValues_AreStrict()
    {
        var rows = Inside();
        var b = Contract("B");
        b.Values = "red; green";
        long blue = rows.Count(r => r.B == "blue");

        var values = Single(Check(rows, [], [b]), "B", ContractCheck.ValuesCheck);

        Assert.AreEqual(blue / 1_000.0, values.Value, 1e-15);
        Assert.AreEqual(0, values.MaxShare);
        Assert.AreEqual("2 declared values", values.Expected);
        Assert.IsFalse(values.Passed);
    }

    [TestMethod]
    [DataRow(50, true)]
    [DataRow(60, false)]
    public void MissingShare_IsBounded_AndOutsideCountsOnlyValues(int missing, bool passed)
    {
        var rows = Inside();
        for (int i = 0; i < missing; i++) { rows[i].B = ""; rows[i].A = float.NaN; }
        for (int i = 100; i < 109; i++) rows[i].A = 1e6f;
        var a = Contract("A");
        a.MaxMissingShare = 0.05;
        a.Maximum = 1e5;
        a.MaxOutsideShare = 0.5;
        var b = Contract("B");
        b.MaxMissingShare = 0.05;

        var report = Check(rows, [], [a, b]);

        foreach (var column in new[] { "A", "B" })
        {
            var check = Single(report, column, ContractCheck.MissingCheck);
            Assert.AreEqual(missing / 1_000.0, check.Value, 1e-15, column);
            Assert.AreEqual(0.05, check.MaxShare, column);
            Assert.AreEqual(passed, check.Passed, column);
        }
        Assert.AreEqual(9.0 / (1_000 - missing), Single(report, "A", ContractCheck.RangeCheck).Value, 1e-15);
    }

    [TestMethod]
    public void DefaultMissingBound_IsTrainingsSharePlusOnePercent()
    {
        var training = Rows(92, 1_000);
        for (int i = 0; i < 20; i++) training[i].C = float.NaN;
        var reference = DataProfiler.Profile(ProfilingData.View(training), Columns, "training");
        var rows = Rows(93, 1_000);
        for (int i = 0; i < 31; i++) rows[i].C = float.NaN;

        var missing = Single(Check(rows, [], [Contract("C")], reference), "C", ContractCheck.MissingCheck);

        Assert.AreEqual(0.03, missing.MaxShare, 1e-12);
        Assert.AreEqual(0.031, missing.Value, 1e-15);
        Assert.IsFalse(missing.Passed);
    }

    [TestMethod]
    [DataRow("B", 0.0, double.NaN, null, double.NaN, "need a numeric column")]
    [DataRow("A", double.NaN, double.NaN, "x;y", double.NaN, "needs a categorical column")]
    [DataRow("A", 3.0, 2.0, null, double.NaN, "Minimum is above Maximum")]
    [DataRow("A", double.NaN, double.NaN, null, 1.5, "shares between 0 and 1")]
    [DataRow("Id", double.NaN, double.NaN, null, double.NaN, "the id column")]
    [DataRow("Nope", double.NaN, double.NaN, null, double.NaN, "names no input column")]
    public void InvalidContract_IsRefusedAtItsItem(string column, double minimum, double maximum, string? values, double maxMissing, string why)
    {
        var item = Contract(column, line: 33);
        item.Minimum = double.IsNaN(minimum) ? null : minimum;
        item.Maximum = double.IsNaN(maximum) ? null : maximum;
        item.Values = values;
        item.MaxMissingShare = double.IsNaN(maxMissing) ? null : maxMissing;

        var e = Assert.ThrowsExactly<MlOpsException>(() => new DriftCheck(Reference, [], [Contract("AllColumns", line: 30), item]));

        Assert.AreEqual(ErrorCodes.DriftGateInvalid, e.Code);
        Assert.AreEqual(new SourceLocation(Project, 33), e.Location);
        Assert.Contains(why, e.Message);
    }
}
