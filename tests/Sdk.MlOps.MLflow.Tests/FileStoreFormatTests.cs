using Sdk.MlOps.MLflow;

namespace Sdk.MlOps.MLflow.Tests;

/// <summary>The hand-written YAML and metric-line formats, alone.</summary>
[TestClass]
public sealed class FileStoreFormatTests
{
    [TestMethod]
    [DataRow("plain-name_1.2")]
    [DataRow("")]
    [DataRow("yes")]
    [DataRow("null")]
    [DataRow("~")]
    [DataRow("123")]
    [DataRow("0123")]
    [DataRow("1.5")]
    [DataRow(".inf")]
    [DataRow("2026-01-01")]
    [DataRow("a: b")]
    [DataRow("ends with colon:")]
    [DataRow("it's")]
    [DataRow("#comment")]
    [DataRow("x #y")]
    [DataRow(" leading")]
    [DataRow("trailing ")]
    [DataRow("- dash")]
    [DataRow("line\nbreak")]
    [DataRow("tab\there")]
    [DataRow("quote \" and \\ backslash")]
    [DataRow("ünïcödé 名前")]
    [DataRow("file:///abs/path with space/mlruns/1")]
    public void StringsRoundTrip(string value)
    {
        var text = MetaYaml.Format(new Dictionary<string, object?> { ["name"] = value });

        Assert.AreEqual(value, MetaYaml.Parse(text)["name"], text);
    }

    [TestMethod]
    public void WritesLikeSafeDump()
    {
        var text = MetaYaml.Format(new Dictionary<string, object?>
        {
            ["version"] = 3L,
            ["name"] = "m",
            ["experiment_id"] = "12",
            ["run_id"] = "abc",
            ["description"] = "",
            ["user_id"] = null,
            ["tags"] = new YamlRaw("[]"),
            ["current_stage"] = "None",
            ["flag"] = "true",
        });

        Assert.AreEqual(
            """
            current_stage: None
            description: ''
            experiment_id: '12'
            flag: 'true'
            name: m
            run_id: 'abc'
            tags: []
            user_id: null
            version: 3

            """, text);
    }

    /// <summary>What MLflow 2.12 itself writes: folded long strings, a nested alias block, ints for old IDs.</summary>
    [TestMethod]
    public void ReadsMlflowWrittenFiles()
    {
        var meta = MetaYaml.Parse(
            """
            aliases:
              champion: '2'
            creation_timestamp: 1795761984213
            description: a long description that PyYAML folded because it ran past eighty
              columns of text
            experiment_id: 7
            name: "tab\there"
            status_message: null

            """);

        Assert.AreEqual(1795761984213L, meta["creation_timestamp"]);
        Assert.AreEqual("a long description that PyYAML folded because it ran past eighty columns of text", meta["description"]);
        Assert.AreEqual(7L, meta["experiment_id"]);
        Assert.AreEqual("tab\there", meta["name"]);
        Assert.IsNull(meta["status_message"]);
        Assert.IsInstanceOfType<YamlRaw>(meta["aliases"]);
        StringAssert.Contains(MetaYaml.Format(meta), "aliases:\n  champion: '2'\ncreation_timestamp", "kept as written on rewrite");
    }

    /// <summary>A dataset input's tags: a nested map whose keys and values are any strings MLflow allows.</summary>
    [TestMethod]
    public void NestedStringMapsRoundTrip()
    {
        var tags = new Dictionary<string, string>
        {
            ["mlflow.data.context"] = "training",
            ["a:b"] = "c: d",
            ["it's"] = "'quoted'",
            ["tab\tkey"] = "line\nbreak",
            ["123"] = "0123",
            ["yes"] = "null",
            [new string('k', 255)] = new string('v', 500),
            ["ünï 名前"] = "",
            ["#hash"] = "- dash",
        };

        var text = MetaYaml.Format(new Dictionary<string, object?> { ["source_type"] = "DATASET", ["tags"] = tags });
        var read = MetaYaml.Parse(text);

        Assert.AreEqual("DATASET", read["source_type"]);
        CollectionAssert.AreEquivalent(tags.ToArray(), MetaYaml.StringMap(read["tags"]).ToArray(), text);
        Assert.IsEmpty(MetaYaml.StringMap(MetaYaml.Parse("tags: {}\n")["tags"]));
        Assert.IsEmpty(MetaYaml.StringMap(null));
    }

    /// <summary>PyYAML's spellings in a nested map: explicit keys past 127 characters, quoted keys, plain keys with ':'.</summary>
    [TestMethod]
    public void ReadsPyYamlNestedMaps()
    {
        var longKey = new string('k', 130);
        var meta = MetaYaml.Parse(
            $"""
            tags:
              ? {longKey}
              : v
              "tab\tkey": 'it''s'
              a:b: '1'
              n: 7
              z: null
            x: 1

            """);

        CollectionAssert.AreEquivalent(
            new Dictionary<string, string> { [longKey] = "v", ["tab\tkey"] = "it's", ["a:b"] = "1", ["n"] = "7", ["z"] = "" }.ToArray(),
            MetaYaml.StringMap(meta["tags"]).ToArray());
        Assert.AreEqual(1L, meta["x"]);
        Assert.ThrowsExactly<FormatException>(() => MetaYaml.StringMap(MetaYaml.Parse("tags: [a]\n")["tags"]));
    }

    [TestMethod]
    [DataRow("1795761984213 0.9 0", 0.9, 0L)]
    [DataRow("1795761984213 0.9", 0.9, 0L)]
    [DataRow("1795761984213 1e-05 4", 1e-05, 4L)]
    [DataRow("1795761984213 -3 2 train abc123", -3.0, 2L)]
    public void ParsesMetricLines(string line, double value, long step)
    {
        var metric = MetricLine.Parse("m", line);

        Assert.AreEqual(new Metric("m", value, 1795761984213, step), metric);
    }

    [TestMethod]
    public void ParsesPythonSpellingsOfSpecials()
    {
        Assert.IsTrue(double.IsNaN(MetricLine.ParseValue("nan")));
        Assert.AreEqual(double.PositiveInfinity, MetricLine.ParseValue("inf"));
        Assert.AreEqual(double.NegativeInfinity, MetricLine.ParseValue("-inf"));
        Assert.AreEqual(double.PositiveInfinity, MetricLine.ParseValue("Infinity"));
    }

    [TestMethod]
    public void PageTokensRoundTrip()
    {
        Assert.AreEqual(0, OffsetPaging.Offset(null));
        Assert.AreEqual(1234, OffsetPaging.Offset(OffsetPaging.Token(1234)));
        Assert.ThrowsExactly<MlflowException>(() => OffsetPaging.Offset("e30="));
    }
}
