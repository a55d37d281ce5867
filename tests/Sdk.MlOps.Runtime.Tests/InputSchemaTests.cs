using Microsoft.ML.Data;
using Sdk.MlOps.Data;
using Sdk.MlOps.Diagnostics;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class InputSchemaTests
{
    public sealed class Reading
    {
        [LoadColumn(1), ColumnName("Label")] public string Team { get; set; } = "";
        [LoadColumn(0)] public string Title { get; set; } = "";
        [LoadColumn(2, 4)] public float[] Counts { get; set; } = [];
        [LoadColumn(new[] { 6, 8 })] public float[] Picked = [];
        [LoadColumn(5)] public bool Urgent;
        public string NotLoaded { get; set; } = "";
    }

    public sealed class WithDecimal
    {
        [LoadColumn(0)] public decimal Price { get; set; }
    }

    public sealed class ScalarOverTwoColumns
    {
        [LoadColumn(0, 1)] public float Value { get; set; }
    }

    public sealed class NoLoadColumns
    {
        public string Title { get; set; } = "";
    }

    [TestMethod]
    public void ColumnsAreOrderedByFirstIndexAndNamedByColumnNameElseMember()
    {
        var schema = InputSchema.For(typeof(Reading));

        CollectionAssert.AreEqual(new[] { "Title", "Label", "Counts", "Urgent", "Picked" }, schema.Columns.Select(c => c.Name).ToArray());
        Assert.AreEqual("Team", schema.Columns[1].MemberName);
    }

    [TestMethod]
    public void RangeLoadColumnIsAVector()
    {
        var counts = InputSchema.For(typeof(Reading)).Find("Counts")!;

        Assert.IsTrue(counts.IsVector);
        Assert.AreEqual(ValueKind.Single, counts.Kind);
        CollectionAssert.AreEqual(new[] { 2, 3, 4 }, counts.Indices);
        Assert.AreEqual("Single[3]", counts.TypeName);
    }

    [TestMethod]
    public void ListedLoadColumnsOnAFieldAreAVector()
    {
        var picked = InputSchema.For(typeof(Reading)).Find("Picked")!;

        CollectionAssert.AreEqual(new[] { 6, 8 }, picked.Indices);
    }

    [TestMethod]
    public void FindMatchesColumnNameOrMemberNameIgnoringCase()
    {
        var schema = InputSchema.For(typeof(Reading));

        Assert.AreEqual("Team", schema.Find("label")?.MemberName);
        Assert.AreEqual("Team", schema.Find("TEAM")?.MemberName);
        Assert.IsNull(schema.Find("NotLoaded"));
    }

    [TestMethod]
    [DataRow(typeof(WithDecimal), "Decimal")]
    [DataRow(typeof(ScalarOverTwoColumns), "not an array")]
    [DataRow(typeof(NoLoadColumns), "no member with [LoadColumn]")]
    public void InvalidInputTypesAreRejected(Type type, string why)
    {
        var e = Assert.ThrowsExactly<MlOpsException>(() => InputSchema.For(type));

        Assert.AreEqual(ErrorCodes.InputTypeInvalid, e.Code);
        Assert.Contains(why, e.Message);
    }
}
