using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Data;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class DataLoaderTests
{
    public sealed class Ticket
    {
        [LoadColumn(0)] public string Title { get; set; } = "";
        [LoadColumn(1)] public float Hours { get; set; }
        [LoadColumn(2)] public string Team { get; set; } = "";
    }

    public sealed class TicketModel : MulticlassClassificationModel<Ticket>
    {
        public override string LabelColumn => nameof(Ticket.Team);

        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters parameters) => throw new NotSupportedException();
    }

    public sealed class Sensor
    {
        [LoadColumn(0)] public string Id { get; set; } = "";
        [LoadColumn(1, 3)] public float[] Values { get; set; } = [];
    }

    public sealed class SensorModel : AnomalyDetectionModel<Sensor>
    {
        public override string? LabelColumn => null;

        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters parameters) => throw new NotSupportedException();
    }

    private readonly TempDirectory _dir = new();
    private readonly CapturedReporter _reporter = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    private DataSet Load(params DataFile[] files) => new TicketModel().ReadData(files, "training", _reporter.Reporter);

    private static List<T> Rows<T>(DataSet data) where T : class, new() =>
        new MLContext().Data.CreateEnumerable<T>(data.ToDataView(), reuseRowObject: false).ToList();

    private MlOpsException LoadFails(DataFile file) => Assert.ThrowsExactly<MlOpsException>(() => Load(file));

    [TestMethod]
    public void ReadsRowsLabelsAndFileStats()
    {
        var file = TestData.Csv(_dir.File("t.csv", "Title,Hours,Team\ndisk full,1.5,infra\nlogin fails,2,auth\n"));
        file.Hash = "xxh128:0123456789abcdef0123456789abcdef";

        var data = Load(file);

        Assert.HasCount(2, Rows<Ticket>(data));
        Assert.AreEqual(1.5f, Rows<Ticket>(data)[0].Hours);
        CollectionAssert.AreEqual(new[] { "infra", "auth" }, data.Labels.ToArray());
        Assert.AreEqual(new DataFileStats("t.csv", "xxh128:0123456789abcdef0123456789abcdef", 0, 2), data.Files.Single());
    }

    [TestMethod]
    public void ColumnsAreFoundByHeaderNameWhateverTheirOrder()
    {
        var data = Load(TestData.Csv(_dir.File("t.csv", " team ;title;hours\ninfra;disk full;3\n"), separator: "semicolon"));

        var row = Rows<Ticket>(data).Single();
        Assert.AreEqual("disk full", row.Title);
        Assert.AreEqual(3f, row.Hours);
        Assert.AreEqual("infra", row.Team);
    }

    [TestMethod]
    public void WithoutHeaderColumnsArePositional()
    {
        var data = Load(TestData.Csv(_dir.File("t.csv", "disk full,4,infra\n"), hasHeader: false));

        Assert.AreEqual("infra", data.Labels.Single());
        Assert.AreEqual(4f, Rows<Ticket>(data).Single().Hours);
    }

    [TestMethod]
    public void HeaderLackingAColumnNamesFileAndHeaderLine()
    {
        var path = _dir.File("t.csv", "\nTitle,Team\ndisk full,infra\n");

        var e = LoadFails(TestData.Csv(path));

        Assert.AreEqual(ErrorCodes.ColumnMissing, e.Code);
        Assert.AreEqual(new SourceLocation(path, 2), e.Location);
        Assert.Contains("'Hours'", e.Message);
    }

    [TestMethod]
    public void BadValueIsReportedWithLineColumnAndValue()
    {
        var path = _dir.File("t.csv", "Title,Hours,Team\ndisk full,1,infra\nlogin,two hours,auth\n");

        var e = LoadFails(TestData.Csv(path));

        Assert.AreEqual(ErrorCodes.ValueUnparsable, e.Code);
        var error = _reporter.Errors.Single();
        CollectionAssert.AreEqual(new[] { "error", ErrorCodes.ValueUnparsable, path, "3" }, error[..4]);
        Assert.Contains("line 3", error[5]);
        Assert.Contains("column 'Hours'", error[5]);
        Assert.Contains("'two hours'", error[5]);
    }

    [TestMethod]
    public void ExceptionCarriesTheCodeOfTheFirstBadRow()
    {
        var e = LoadFails(TestData.Csv(_dir.File("t.csv", "Title,Hours,Team\ndisk full,1,\nlogin,x,auth\n")));

        Assert.AreEqual(ErrorCodes.LabelMissing, e.Code);
        CollectionAssert.AreEqual(new[] { ErrorCodes.LabelMissing, ErrorCodes.ValueUnparsable }, _reporter.Errors.Select(l => l[1]).ToArray());
    }

    [TestMethod]
    public void EmptyLabelIsAnError()
    {
        var e = LoadFails(TestData.Csv(_dir.File("t.csv", "Title,Hours,Team\ndisk full,1,  \n")));

        Assert.AreEqual(ErrorCodes.LabelMissing, e.Code);
        Assert.Contains("'Team'", _reporter.Errors.Single()[5]);
    }

    [TestMethod]
    public void HeaderWithoutRowsIsEmpty()
    {
        var e = LoadFails(TestData.Csv(_dir.File("t.csv", "Title,Hours,Team\n\n")));

        Assert.AreEqual(ErrorCodes.DataFileEmpty, e.Code);
        Assert.Contains("no rows", e.Message);
    }

    [TestMethod]
    public void EmptyFileIsEmpty() =>
        Assert.AreEqual(ErrorCodes.DataFileEmpty, LoadFails(TestData.Csv(_dir.File("t.csv", ""))).Code);

    [TestMethod]
    public void MissingFileIsReportedAtTheItemThatNamesIt()
    {
        var e = LoadFails(TestData.Csv(Path.Combine(_dir.Path, "absent.csv")));

        Assert.AreEqual(ErrorCodes.DataFileMissing, e.Code);
        Assert.AreEqual(new SourceLocation("/project/Model.csproj", 7), e.Location);
    }

    [TestMethod]
    public void SeparatorOfSeveralCharactersIsAnOptionError() =>
        Assert.AreEqual(ErrorCodes.DataOptionInvalid, LoadFails(TestData.Csv(_dir.File("t.csv", "a\n"), separator: "::")).Code);

    [TestMethod]
    public void RowWithTooFewFieldsIsAnError()
    {
        var e = LoadFails(TestData.Csv(_dir.File("t.csv", "Title,Hours,Team\ndisk full,1,infra\ntruncated,2\n")));

        Assert.AreEqual(ErrorCodes.RowTooShort, e.Code);
        Assert.AreEqual("3", _reporter.Errors.Single()[3]);
    }

    [TestMethod]
    public void OnlyTheFirstTenBadRowsAreListedAndTheRestCounted()
    {
        var rows = string.Concat(Enumerable.Range(1, 13).Select(i => $"t{i},bad{i},team\n"));

        var e = LoadFails(TestData.Csv(_dir.File("t.csv", "Title,Hours,Team\n" + rows)));

        Assert.HasCount(10, _reporter.Errors);
        Assert.Contains("'bad10'", _reporter.Errors[^1][5]);
        Assert.Contains("13 problem(s)", e.Message);
        Assert.Contains("3 more not shown", e.Message);
    }

    [TestMethod]
    public void RowsOfSeveralFilesAreConcatenated()
    {
        var a = TestData.Csv(_dir.File("a.csv", "Title,Hours,Team\nx,1,infra\n"));
        var b = TestData.Csv(_dir.File("b.csv", "Team,Title,Hours\nauth,y,2\nauth,z,3\n"));

        var data = Load(a, b);

        CollectionAssert.AreEqual(new[] { "infra", "auth", "auth" }, data.Labels.ToArray());
        CollectionAssert.AreEqual(new[] { 1, 2 }, data.Files.Select(f => f.Rows).ToArray());
    }

    [TestMethod]
    public void VectorIsReadByPositionAndRowsNeedNoLabel()
    {
        var data = new SensorModel().ReadData([TestData.Csv(_dir.File("s.csv", "id,x,y,z\ns1,1,,3\n"))], "training", _reporter.Reporter);

        var values = Rows<Sensor>(data).Single().Values;
        Assert.AreEqual(3, values.Length);
        Assert.AreEqual(3f, values[2]);
        Assert.AreEqual(0f, values[1], "an empty field is 0, as ML.NET reads it");
        Assert.IsNull(data.Labels.Single());
    }

    [TestMethod]
    public void HeaderNarrowerThanAVectorIsAMissingColumn()
    {
        var e = Assert.ThrowsExactly<MlOpsException>(() =>
            new SensorModel().ReadData([TestData.Csv(_dir.File("s.csv", "id,x,y\ns1,1,2\n"))], "training", _reporter.Reporter));

        Assert.AreEqual(ErrorCodes.ColumnMissing, e.Code);
        Assert.Contains("loads columns 1..3", e.Message);
    }

    [TestMethod]
    public void VectorHasAKnownSizeInTheDataView()
    {
        var data = new SensorModel().ReadData([TestData.Csv(_dir.File("s.csv", "id,x,y,z\ns1,1,2,3\n"))], "training", _reporter.Reporter);

        var type = data.ToDataView().Schema["Values"].Type;

        Assert.AreEqual(3, (type as VectorDataViewType)?.Size);
    }
}
