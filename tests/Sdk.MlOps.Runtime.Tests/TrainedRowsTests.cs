using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Data;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>Recognising the rows a model trained on in other data: row fingerprints and the filter that holds them.</summary>
[TestClass]
public sealed class TrainedRowsTests
{
    private static readonly string[] Supplied = [nameof(Incident.Title), nameof(Incident.Hosts), nameof(Incident.Night), nameof(Incident.Window)];

    private static ulong[] Fingerprints(params Incident[] rows) =>
        RowFingerprints.Of(new MLContext(1).Data.LoadFromEnumerable(rows), Supplied);

    private static Incident Row(string title, float hosts = 3, bool night = false, string team = "network") =>
        new() { Title = title, Hosts = hosts, Night = night, Window = [1, 2, 3], Team = team };

    [TestMethod]
    public void TheSameValues_GiveTheSameFingerprint_InAnyDataAndOrder()
    {
        var first = Fingerprints(Row("disk full"), Row("dns timeout"));
        var second = Fingerprints(Row("dns timeout"), Row("cpu high"), Row("disk full"));

        Assert.AreEqual(first[0], second[2]);
        Assert.AreEqual(first[1], second[0]);
        Assert.AreNotEqual(first[0], second[1]);
    }

    [TestMethod]
    public void AnyValueOfASuppliedColumn_ChangesIt_ButTheLabelDoesNot()
    {
        var original = Fingerprints(Row("disk full"))[0];

        Assert.AreNotEqual(original, Fingerprints(Row("disk ful"))[0]);
        Assert.AreNotEqual(original, Fingerprints(Row("disk full", hosts: 4))[0]);
        Assert.AreNotEqual(original, Fingerprints(Row("disk full", night: true))[0]);
        Assert.AreNotEqual(original, Fingerprints(new Incident { Title = "disk full", Hosts = 3, Window = [1, 2, 4], Team = "network" })[0]);
        Assert.AreEqual(original, Fingerprints(Row("disk full", team: "storage"))[0], "a relabelled row is still a row the model has seen");
    }

    [TestMethod]
    public void ValuesCannotRunIntoTheNextColumn()
    {
        var rows = new MLContext(1).Data.LoadFromEnumerable(new[] { new Pair { A = "ab", B = "c" }, new Pair { A = "a", B = "bc" } });
        var fingerprints = RowFingerprints.Of(rows, [nameof(Pair.A), nameof(Pair.B)]);

        Assert.AreNotEqual(fingerprints[0], fingerprints[1]);
    }

    [TestMethod]
    public void TheFilter_HoldsEveryTrainedRow_AndFewOthers_AndSurvivesItsJson()
    {
        var random = new Random(7);
        ulong Next() => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
        var trained = Enumerable.Range(0, 5000).Select(_ => Next()).ToArray();
        var others = Enumerable.Range(0, 20000).Select(_ => Next()).ToArray();

        var filter = TrainedRows.Of(trained);
        var reread = System.Text.Json.JsonSerializer.Deserialize<TrainedRows>(Json.Write(filter), Json.Options)!;

        Assert.IsTrue(trained.All(reread.MayContain), "a trained row was taken for an unseen one");
        double falsePositives = others.Count(reread.MayContain) / (double)others.Length;
        Assert.IsLessThan(0.003, falsePositives, $"false positives {falsePositives:P2}");
        Assert.IsLessThan(5000 * 2, Convert.FromBase64String(reread.Bits).Length, "about 1.8 bytes a row");
        Assert.AreEqual(5000, reread.Rows);
    }

    private sealed class Incident
    {
        public string Title { get; set; } = "";

        public float Hosts { get; set; }

        public bool Night { get; set; }

        [VectorType(3)]
        public float[] Window { get; set; } = [];

        public string Team { get; set; } = "";
    }

    private sealed class Pair
    {
        public string A { get; set; } = "";

        public string B { get; set; } = "";
    }
}
