namespace Sdk.MlOps.Tasks.Tests;

[TestClass]
public sealed class ItemLocatorTests
{
    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public void Locate_FindsOneBasedLineOfTheGate()
    {
        var project = _dir.WriteProject(
            "<MlParameter Include=\"LogLoss\" Value=\"1\" />",
            "<MlMetricGate Include=\"MicroAccuracy\" Minimum=\"0.8\" />",
            "<MlMetricGate Include=\"LogLoss\" Maximum=\"0.5\" />");

        var (file, line) = new ItemLocator(project).Locate("MlMetricGate", "LogLoss");

        Assert.AreEqual(project, file);
        // The MlParameter with the same Include comes first; only the item type must match.
        Assert.AreEqual(TempDirectory.LineOf(project, "<MlMetricGate Include=\"LogLoss\""), line);
        Assert.AreEqual(5, line);
    }

    [TestMethod]
    [DataRow("data/train.csv", "data\\train.csv")]
    [DataRow("data\\train.csv", "data/train.csv")]
    [DataRow("data/train.csv", "data/train.csv")]
    public void Locate_MatchesForwardAndBackSlashes(string declared, string asked)
    {
        var project = _dir.WriteProject("<MlTestData Include=\"other.csv\" />", $"<MlTestData Include=\"{declared}\" />");

        var (_, line) = new ItemLocator(project).Locate("MlTestData", asked);

        Assert.AreEqual(4, line);
    }

    [TestMethod]
    public void Locate_FindsAnItemInsideASemicolonList()
    {
        var project = _dir.WriteProject("<MlTrainingData Include=\"a.csv\" />", "<MlTrainingData Include=\"b.csv;c.csv\" />");

        Assert.AreEqual(4, new ItemLocator(project).Locate("MlTrainingData", "c.csv").Line);
    }

    [TestMethod]
    public void Locate_ReturnsLineZeroForAnItemNotInTheFile()
    {
        var project = _dir.WriteProject("<MlMetricGate Include=\"MicroAccuracy\" Minimum=\"0.8\" />");

        var (file, line) = new ItemLocator(project).Locate("MlMetricGate", "F1Score");

        Assert.AreEqual(project, file);
        Assert.AreEqual(0, line);
    }

    [TestMethod]
    [DataRow("<Project><ItemGroup><MlMetricGate Include=\"X\" Minimum=\"1\" />")]
    [DataRow("")]
    [DataRow("not xml at all <<<")]
    public void Locate_SurvivesAMalformedProjectFile(string content)
    {
        var project = _dir.Write("Broken.csproj", content);

        var (file, line) = new ItemLocator(project).Locate("MlMetricGate", "X");

        Assert.AreEqual(project, file);
        Assert.AreEqual(0, line);
    }

    [TestMethod]
    public void Locate_SurvivesAMissingProjectFile()
    {
        var missing = _dir.Combine("Missing.csproj");

        Assert.AreEqual((missing, 0), new ItemLocator(missing).Locate("MlMetricGate", "X"));
    }
}
