using Sdk.MlOps.IntegrationTests.Infrastructure;

namespace Sdk.MlOps.IntegrationTests;

/// <summary>Every way data can be wrong gets its own code, a place to look, and no training.</summary>
[TestClass]
public sealed class DataDiagnosticsTests
{
    [TestMethod]
    public void MissingDataFile_PointsAtTheItem()
    {
        var project = Models.DetectorProject("MissingData", items: """
                <MlTrainingData Include="data/missing.csv" />
                <MlMetricGate Include="Accuracy" Minimum="0.5" />
            """);
        var error = project.Build().ShouldFailWith("MLOPS1001");
        Assert.AreEqual(project.ProjectFile, error.File);
        Assert.AreEqual(project.LineOf("data/missing.csv"), error.Line);
    }

    [TestMethod]
    public void HeaderOnlyDataFile_IsEmpty()
    {
        var project = Models.DetectorProject("EmptyData");
        var train = Path.Combine(project.Directory, "data", "train.csv");
        File.WriteAllText(train, File.ReadLines(train).First() + "\n");
        var error = project.Build().ShouldFailWith("MLOPS1002");
        Assert.AreEqual(train, error.File);
    }

    [TestMethod]
    public void HeaderWithoutANeededColumn_NamesTheColumn()
    {
        var project = Models.DetectorProject("MissingColumn").Replace("data/train.csv", "Ext48", "Ext_48");
        var error = project.Build().ShouldFailWith("MLOPS1003");
        Assert.Contains("'Ext48'", error.Message);
        Assert.AreEqual(1, error.Line, "the header line");
    }

    [TestMethod]
    public void UnparsableValue_ShowsRowColumnAndValue()
    {
        var project = Models.DetectorProject("BadValue");
        var train = Path.Combine(project.Directory, "data", "train.csv");
        var lines = File.ReadAllLines(train);
        var fields = lines[4].Split(',');
        fields[2] = "12,5".Replace(",", ";"); // a decimal comma typed with the wrong separator: not a number
        lines[4] = string.Join(',', fields);
        File.WriteAllLines(train, lines);

        var build = project.Build();
        var error = build.ShouldFailWith("MLOPS1004");
        Assert.AreEqual(train, error.File);
        Assert.AreEqual(5, error.Line);
        Assert.Contains("'Z12'", error.Message);
        Assert.Contains("'12;5'", error.Message);
        Assert.IsFalse(build.Trained);
    }

    [TestMethod]
    public void EmptyLabel_IsReportedAtItsRow()
    {
        var project = Models.DetectorProject("EmptyLabel");
        var train = Path.Combine(project.Directory, "data", "train.csv");
        var lines = File.ReadAllLines(train);
        lines[9] = lines[9][..lines[9].LastIndexOf(',')] + ",";
        File.WriteAllLines(train, lines);

        var error = project.Build().ShouldFailWith("MLOPS1005");
        Assert.AreEqual(10, error.Line);
    }

    [TestMethod]
    public void TestDataWithAClassTrainingLacks_IsRefused()
    {
        var project = Models.DetectorProject("UnseenClass");
        var train = Path.Combine(project.Directory, "data", "train.csv");
        var lines = File.ReadAllLines(train);
        File.WriteAllLines(train, lines.Take(1).Concat(lines.Skip(1).Where(l => l.EndsWith(",false", StringComparison.Ordinal))));

        var error = project.Build().ShouldFailWith("MLOPS1006");
        Assert.Contains("True", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.AreEqual(project.LineOf("data/test.csv"), error.Line);
    }
}
