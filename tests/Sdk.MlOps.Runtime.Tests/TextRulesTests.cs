using Sdk.MlOps.Data;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>The SDK's copy of TextLoader's field rules, used for header names and broken quoting.</summary>
[TestClass]
public sealed class TextRulesTests
{
    private static List<string> Fields(string record, char separator = ',', bool quoting = true) =>
        new TextRules(separator, quoting, trimWhitespace: false, readMultilines: true).Fields(record, out _);

    [TestMethod]
    [DataRow("tab")]
    [DataRow("Tab")]
    [DataRow("\\t")]
    [DataRow("\t")]
    public void TabSeparatorHasNames(string written) => Assert.AreEqual('\t', TextRules.ParseSeparator(written));

    [TestMethod]
    [DataRow("comma", ',')]
    [DataRow("semicolon", ';')]
    [DataRow("pipe", '|')]
    [DataRow(";", ';')]
    public void OtherSeparatorsByNameOrCharacter(string written, char expected) =>
        Assert.AreEqual(expected, TextRules.ParseSeparator(written));

    [TestMethod]
    public void MultiCharacterSeparatorIsRejected() => Assert.IsNull(TextRules.ParseSeparator(";;"));

    [TestMethod]
    public void LeadingSpacesAreDroppedTrailingKept() =>
        CollectionAssert.AreEqual(new[] { "a ", "b", "" }, Fields("  a ,  b,"));

    [TestMethod]
    public void TabsAreNotSpaces() => CollectionAssert.AreEqual(new[] { "\ta", "b" }, Fields("\ta,b"));

    [TestMethod]
    public void SpaceSeparatorKeepsEveryField() => CollectionAssert.AreEqual(new[] { "", "a", "b" }, Fields(" a b", ' '));

    [TestMethod]
    public void QuotedFieldMayHoldSeparatorAndDoubledQuotes() =>
        CollectionAssert.AreEqual(new[] { "a,b", "say \"hi\"", "c" }, Fields("\"a,b\",\"say \"\"hi\"\"\",c"));

    [TestMethod]
    public void WithoutQuotingQuotesAreCharacters() =>
        CollectionAssert.AreEqual(new[] { "\"a", "b\"" }, Fields("\"a,b\"", quoting: false));

    [TestMethod]
    [DataRow("\"open,b")]
    [DataRow("\"a\"x,b")]
    public void BrokenQuotingIsFlaggedAndTheFieldIsEmpty(string record)
    {
        var fields = new TextRules(',', true, false, false).Fields(record, out bool broken);

        Assert.IsTrue(broken);
        Assert.AreEqual("", fields[0]);
    }

    [TestMethod]
    public void RecordContinuesWhileAQuotedFieldIsOpen()
    {
        var rules = new TextRules(',', true, false, true);

        Assert.IsTrue(rules.EndsInsideQuotes("a,\"first line", insideQuotes: false));
        Assert.IsTrue(rules.EndsInsideQuotes("still \"\" inside", insideQuotes: true));
        Assert.IsFalse(rules.EndsInsideQuotes("end\",b", insideQuotes: true));
        Assert.IsFalse(rules.EndsInsideQuotes("a,\"closed\"", insideQuotes: false));
    }

    [TestMethod]
    [DataRow("", true, true)]
    [DataRow("// note", false, true)]
    [DataRow("#comment", true, true)]
    [DataRow("#data", false, false)]
    [DataRow("a,b", true, false)]
    public void SkippedLinesAreTheLoaders(string line, bool beforeFirst, bool skipped) =>
        Assert.AreEqual(skipped, TextRules.IsSkipped(line, beforeFirst));
}
