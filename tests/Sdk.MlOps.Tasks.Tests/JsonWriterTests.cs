using System.Text.Json;

namespace Sdk.MlOps.Tasks.Tests;

[TestClass]
public sealed class JsonWriterTests
{
    [TestMethod]
    [DataRow("plain")]
    [DataRow("")]
    [DataRow("say \"hi\"")]
    [DataRow(@"C:\models\out\")]
    [DataRow("line one\nline two\r\nline three")]
    [DataRow("col\tcol")]
    [DataRow("\0\u0001\u0008\u000b\u000c\u001f\u007f")]
    [DataRow("café Ünïcödé 日本語 😀 \u2028\u2029")]
    [DataRow("\\\"\\n")]
    public void StringProperty_RoundTripsThroughSystemTextJson(string value)
    {
        var json = new JsonWriter().BeginObject().Property("value", value).Property(value, "as a name").EndObject().ToString();

        using var doc = JsonDocument.Parse(json);

        Assert.AreEqual(value, doc.RootElement.GetProperty("value").GetString());
        Assert.AreEqual("as a name", doc.RootElement.GetProperty(value).GetString());
    }

    [TestMethod]
    public void ControlCharacters_AreWrittenAsEscapes()
    {
        var json = new JsonWriter().BeginObject().Property("s", "\u0001\t").EndObject().ToString();

        Assert.AreEqual("{\"s\":\"\\u0001\\t\"}", json);
    }

    [TestMethod]
    public void NestedObjectsAndArrays_GetCommasRight()
    {
        var json = new JsonWriter().BeginObject()
            .Property("a", 1)
            .BeginArray("items")
                .BeginObject().Property("x", 1).EndObject()
                .BeginObject().Property("x", 2).Property("y", true).EndObject()
                .BeginArray().EndArray()
            .EndArray()
            .BeginArray("empty").EndArray()
            .BeginObject("inner").BeginObject("deeper").EndObject().EndObject()
            .Property("after", false)
            .EndObject().ToString();

        Assert.AreEqual(
            "{\"a\":1,\"items\":[{\"x\":1},{\"x\":2,\"y\":true},[]],\"empty\":[],\"inner\":{\"deeper\":{}},\"after\":false}",
            json);
        using var doc = JsonDocument.Parse(json);
        Assert.AreEqual(3, doc.RootElement.GetProperty("items").GetArrayLength());
    }

    [TestMethod]
    public void NullProperties_AreOmitted()
    {
        var json = new JsonWriter().BeginObject()
            .Property("first", (string?)null)
            .Property("kept", "v")
            .Property("number", (double?)null)
            .Property("last", (string?)null)
            .EndObject().ToString();

        Assert.AreEqual("{\"kept\":\"v\"}", json);
    }

    [TestMethod]
    [DataRow(0.1, "0.1")]
    [DataRow(-2.5, "-2.5")]
    [DataRow(1e-7, "1E-07")]
    [DataRow(1e21, "1E+21")]
    [DataRow(0.30000000000000004, "0.30000000000000004")]
    public void Doubles_UseInvariantRoundTripFormat(double value, string expected)
    {
        var json = CommaDecimalCulture.Run(() => new JsonWriter().BeginObject().Property("d", value).Property("n", -5L).EndObject().ToString());

        Assert.AreEqual($"{{\"d\":{expected},\"n\":-5}}", json);
        using var doc = JsonDocument.Parse(json);
        Assert.AreEqual(value, doc.RootElement.GetProperty("d").GetDouble());
    }
}
