using Sdk.MlOps.Data;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class CsvReaderTests
{
    private static CsvRecord[] Read(string content, char separator = ',', bool allowQuoting = true)
    {
        using var dir = new TempDirectory();
        return CsvReader.Read(dir.File("data.csv", content), separator, allowQuoting).ToArray();
    }

    [TestMethod]
    public void SplitsOnComma()
    {
        var records = Read("a,b,c\n1,2,3\n");

        Assert.HasCount(2, records);
        CollectionAssert.AreEqual(new[] { "1", "2", "3" }, records[1].Fields);
    }

    [TestMethod]
    [DataRow("tab")]
    [DataRow("Tab")]
    [DataRow("\\t")]
    [DataRow("\t")]
    public void TabSeparatorHasNames(string written) => Assert.AreEqual('\t', CsvReader.ParseSeparator(written));

    [TestMethod]
    [DataRow("comma", ',')]
    [DataRow("semicolon", ';')]
    [DataRow("pipe", '|')]
    [DataRow(";", ';')]
    public void OtherSeparatorsByNameOrCharacter(string written, char expected) =>
        Assert.AreEqual(expected, CsvReader.ParseSeparator(written));

    [TestMethod]
    public void MultiCharacterSeparatorIsRejected() => Assert.IsNull(CsvReader.ParseSeparator(";;"));

    [TestMethod]
    public void SplitsOnTab()
    {
        var records = Read("x\ty,z\n", '\t');

        CollectionAssert.AreEqual(new[] { "x", "y,z" }, records[0].Fields);
    }

    [TestMethod]
    public void QuotedFieldMayHoldSeparatorAndDoubledQuotes()
    {
        var records = Read("\"a,b\",\"say \"\"hi\"\"\",c\n");

        CollectionAssert.AreEqual(new[] { "a,b", "say \"hi\"", "c" }, records[0].Fields);
    }

    [TestMethod]
    public void QuotedEmptyFieldIsEmpty()
    {
        var records = Read("\"\",x\n");

        CollectionAssert.AreEqual(new[] { "", "x" }, records[0].Fields);
    }

    [TestMethod]
    public void QuotedFieldSpansLinesAndRecordsKeepTheirPhysicalStartLine()
    {
        var records = Read("h1,h2\n1,\"first\nsecond\"\n2,plain\n");

        Assert.HasCount(3, records);
        Assert.AreEqual("first\nsecond", records[1].Fields[1]);
        Assert.AreEqual(2, records[1].Line);
        Assert.AreEqual(4, records[2].Line);
        CollectionAssert.AreEqual(new[] { "2", "plain" }, records[2].Fields);
    }

    [TestMethod]
    public void QuotesAreLiteralWhenQuotingIsOff()
    {
        var records = Read("\"a,b\",c\n", allowQuoting: false);

        CollectionAssert.AreEqual(new[] { "\"a", "b\"", "c" }, records[0].Fields);
    }

    [TestMethod]
    public void UnbalancedQuoteDoesNotSwallowLaterLinesWhenQuotingIsOff()
    {
        var records = Read("1\tsays \"hello\n2\tbye\n", '\t', allowQuoting: false);

        Assert.HasCount(2, records);
        Assert.AreEqual("says \"hello", records[0].Fields[1]);
        Assert.AreEqual(2, records[1].Line);
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void BlankLinesAreSkippedButCounted(bool allowQuoting)
    {
        var records = Read("a,b\n\n1,2\r\n\r\n3,4\n", allowQuoting: allowQuoting);

        CollectionAssert.AreEqual(new[] { 1, 3, 5 }, records.Select(r => r.Line).ToArray());
        CollectionAssert.AreEqual(new[] { "3", "4" }, records[2].Fields);
    }
}
