namespace Sdk.MlOps.Tasks.Tests;

[TestClass]
public sealed class ModelEventTests
{
    [TestMethod]
    public void Parse_ReadsEveryField()
    {
        var e = ModelEvent.Parse("##mlops|error|MLOPS1004|/data/train.csv|12|7|bad value");

        Assert.IsNotNull(e);
        Assert.AreEqual("error", e.Kind);
        Assert.AreEqual("MLOPS1004", e.Code);
        Assert.AreEqual("/data/train.csv", e.File);
        Assert.AreEqual(12, e.Line);
        Assert.AreEqual(7, e.Column);
        Assert.AreEqual("bad value", e.Text);
    }

    [TestMethod]
    public void Parse_KeepsPipesInTheText()
    {
        var e = ModelEvent.Parse("##mlops|warning|MLOPS2005|||| a | b || c |");

        Assert.IsNotNull(e);
        Assert.AreEqual(" a | b || c |", e.Text);
        Assert.AreEqual("", e.File);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("Training the model...")]
    [DataRow(" ##mlops|error|MLOPS1004|f|1|0|leading space")]
    [DataRow("##MLOPS|error|MLOPS1004|f|1|0|wrong case")]
    [DataRow("##mlops error|MLOPS1004|f|1|0|no pipe after prefix")]
    [DataRow("##mlops|error|MLOPS1004|f|1")]
    public void Parse_ReturnsNullForOtherLines(string line) => Assert.IsNull(ModelEvent.Parse(line));

    [TestMethod]
    [DataRow("x", "")]
    [DataRow("1.5", "-")]
    [DataRow("99999999999", "two")]
    public void Parse_TurnsBadNumbersIntoZero(string line, string column)
    {
        var e = ModelEvent.Parse($"##mlops|info||f|{line}|{column}|text");

        Assert.IsNotNull(e);
        Assert.AreEqual(0, e.Line);
        Assert.AreEqual(0, e.Column);
        Assert.AreEqual("text", e.Text);
    }

    [TestMethod]
    public void Format_IsReadBackByParse_WithLineBreaksFlattenedAndBarsOnlyInTheText()
    {
        var line = new ModelEvent(ModelEvent.Warning, ErrorCodes.ParameterUnused, "/odd|dir/file\n.csv", 3, 9, "a | b\r\nc").Format();

        var e = ModelEvent.Parse(line);

        Assert.IsNotNull(e);
        Assert.AreEqual(ModelEvent.Warning, e.Kind);
        Assert.AreEqual(ErrorCodes.ParameterUnused, e.Code);
        Assert.AreEqual("/odd/dir/file .csv", e.File);
        Assert.AreEqual(3, e.Line);
        Assert.AreEqual(9, e.Column);
        Assert.AreEqual("a | b c", e.Text);
    }
}
