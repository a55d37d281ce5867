using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Data;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>Each way a data file can be wrong is refused with its code, at its row.</summary>
[TestClass]
public sealed class DataFaultTests
{
    public sealed class Reading
    {
        [LoadColumn(0)] public string Host { get; set; } = "";
        [LoadColumn(1)] public float Load { get; set; }
        [LoadColumn(2)] public double Latency { get; set; }
        [LoadColumn(3)] public bool Label { get; set; }
    }

    public sealed class ReadingModel : BinaryClassificationModel<Reading>
    {
        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) => throw new NotSupportedException();
    }

    private const string Header = "Host,Load,Latency,Label\n";

    private readonly TempDirectory _dir = new();
    private readonly CapturedReporter _reporter = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    private DataSet Load(DataFile file) => new ReadingModel().ReadData([file], "training", _reporter.Reporter);

    private (MlOpsException Error, string[] Line) Fails(string content, Action<DataFile>? options = null)
    {
        var file = TestData.Csv(_dir.File("r.csv", content));
        options?.Invoke(file);
        var e = Assert.ThrowsExactly<MlOpsException>(() => Load(file));
        return (e, _reporter.Errors.FirstOrDefault() ?? []);
    }

    [TestMethod]
    [DataRow("NaN")]
    [DataRow("?")]
    [DataRow("Infinity")]
    [DataRow("-Infinity")]
    [DataRow("-inf")]
    [DataRow("1e999")]
    public void NonFiniteFloatIsRefusedAtItsRow(string value)
    {
        var (e, line) = Fails(Header + "a,1,2,true\nb," + value + ",2,false\n");

        Assert.AreEqual(ErrorCodes.ValueNotFinite, e.Code);
        CollectionAssert.AreEqual(new[] { "error", ErrorCodes.ValueNotFinite, Path.Combine(_dir.Path, "r.csv"), "3" }, line[..4]);
        Assert.Contains("column 'Load'", line[5]);
        Assert.Contains("AllowNonFinite", line[5]);
    }

    [TestMethod]
    [DataRow("NaN")]
    [DataRow("1e999")]
    public void NonFiniteDoubleIsRefusedToo(string value) =>
        Assert.AreEqual(ErrorCodes.ValueNotFinite, Fails(Header + "a,1," + value + ",true\nb,2,3,false\n").Error.Code);

    [TestMethod]
    public void AllowNonFiniteKeepsWhatMLNetReads()
    {
        var file = TestData.Csv(_dir.File("r.csv", Header + "a,NaN,Infinity,true\nb,1e999,-Infinity,false\n"));
        file.AllowNonFinite = true;

        var rows = new MLContext().Data.CreateEnumerable<Reading>(Load(file).ToDataView(), false).ToArray();

        Assert.IsTrue(float.IsNaN(rows[0].Load));
        Assert.AreEqual(double.PositiveInfinity, rows[0].Latency);
        Assert.AreEqual(float.PositiveInfinity, rows[1].Load);
        Assert.AreEqual(double.NegativeInfinity, rows[1].Latency);
    }

    [TestMethod]
    public void InfinitySpellingMLNetReadsAsNaNIsRefusedEvenWhenAllowed()
    {
        var (e, line) = Fails(Header + "a,-inf,2,true\n", f => f.AllowNonFinite = true);

        Assert.AreEqual(ErrorCodes.ValueNotFinite, e.Code);
        Assert.Contains("-Infinity", line[5]);
    }

    [TestMethod]
    public void UnparsableFloatIsNotCalledNonFinite() =>
        Assert.AreEqual(ErrorCodes.ValueUnparsable, Fails(Header + "a,1.5x,2,true\n").Error.Code);

    [TestMethod]
    public void RowWithExtraFieldsIsRefusedAtItsRow()
    {
        var (e, line) = Fails(Header + "a,1,2,true\nb,1,5,2,false\nc,1,2,false\n");

        Assert.AreEqual(ErrorCodes.RowTooLong, e.Code);
        Assert.AreEqual("3", line[3]);
        Assert.Contains("has 5 fields; the header has 4", line[5]);
    }

    [TestMethod]
    public void WithoutHeaderTheFirstRowSetsTheWidth()
    {
        var (e, line) = Fails("a,1,2,true\nb,1,2,false,extra\n", f => f.HasHeader = false);

        Assert.AreEqual(ErrorCodes.RowTooLong, e.Code);
        Assert.AreEqual("2", line[3]);
    }

    [TestMethod]
    public void BrokenQuotingIsRefusedNotReadAsAnEmptyField()
    {
        var (e, line) = Fails(Header + "a,1,2,true\n\"b\"x,1,2,false\n", f => f.ReadMultilines = false);

        Assert.AreEqual(ErrorCodes.QuotingInvalid, e.Code);
        Assert.AreEqual("3", line[3]);
    }

    [TestMethod]
    public void QuoteOpenUntilTheEndOfTheFileNamesItsLine()
    {
        var (e, _) = Fails(Header + "a,1,2,true\n\"b,1,2,false\nc,1,2,true\n");

        Assert.AreEqual(ErrorCodes.QuotingInvalid, e.Code);
        Assert.AreEqual(3, e.Location.Line);
    }

    [TestMethod]
    public void RowsAreNumberedByPhysicalLineThroughCommentsAndMultilineFields()
    {
        var (_, line) = Fails("# exported\n" + Header + "\"multi\nline\",1,2,true\n// note\n\nb,x,2,false\n");

        Assert.AreEqual(ErrorCodes.ValueUnparsable, line[1]);
        Assert.AreEqual("7", line[3]);
    }

    [TestMethod]
    public void SkipRowsDropsLinesBeforeTheHeaderAndCountsThem()
    {
        var (_, line) = Fails("report of 2024\n\n" + Header + "a,1,2,true\nb,y,2,false\n", f => f.SkipRows = 2);

        Assert.AreEqual(ErrorCodes.ValueUnparsable, line[1]);
        Assert.AreEqual("5", line[3]);
    }

    [TestMethod]
    public void SkipRowsWorksWithoutHeader()
    {
        var file = TestData.Csv(_dir.File("r.csv", "Host,Load,Latency,Label\nnot,a,row,!\na,1,2,true\nb,2,3,false\n"), hasHeader: false);
        file.SkipRows = 2;

        Assert.AreEqual(2, Load(file).Count);
    }

    [TestMethod]
    public void NegativeSkipRowsIsAnOptionError() =>
        Assert.AreEqual(ErrorCodes.DataOptionInvalid, Fails(Header + "a,1,2,true\n", f => f.SkipRows = -1).Error.Code);

    [TestMethod]
    public void UnparsableBoolThatMLNetWouldThrowOnIsReported()
    {
        var (e, line) = Fails(Header + "a,1,2,maybe\n");

        Assert.AreEqual(ErrorCodes.ValueUnparsable, e.Code);
        Assert.Contains("column 'Label'", line[5]);
    }

    [TestMethod]
    public void DirectoryIsNotCalledMissing()
    {
        var file = TestData.Csv(Directory.CreateDirectory(Path.Combine(_dir.Path, "data")).FullName);

        var e = Assert.ThrowsExactly<MlOpsException>(() => Load(file));

        Assert.AreEqual(ErrorCodes.DataPathIsDirectory, e.Code);
        Assert.AreEqual(new SourceLocation("/project/Model.csproj", 7), e.Location);
    }

    [TestMethod]
    public void EchoedValuesAreBoundedAndPrintable()
    {
        var (_, line) = Fails(Header + "a," + new string('9', 5000) + "\u0001x,2,true\n");

        Assert.IsLessThan(600, line[5].Length);
        Assert.DoesNotContain("\u0001", line[5]);
    }

    [TestMethod]
    public void HugeHeaderIsNotEchoedWhole()
    {
        var names = string.Join(',', Enumerable.Range(0, 200_000).Select(i => "c" + i));

        var (e, _) = Fails(names + "\n1,2\n");

        Assert.AreEqual(ErrorCodes.ColumnMissing, e.Code);
        Assert.IsLessThan(1000, e.Message.Length);
        Assert.Contains("200000 column(s)", e.Message);
    }

    public sealed class Ticket
    {
        [LoadColumn(0)] public string Title { get; set; } = "";
        [LoadColumn(1)] public string Team { get; set; } = "";
    }

    public sealed class TicketModel : MulticlassClassificationModel<Ticket>
    {
        public override string LabelColumn => nameof(Ticket.Team);

        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) => throw new NotSupportedException();
    }

    private MlOpsException PrepareFails(ModelBase model, string content)
    {
        var request = TestData.Request(_dir.Path, TestData.Csv(_dir.File("one.csv", content)));
        return Assert.ThrowsExactly<MlOpsException>(() => PreparedData.Load(model, new MLContext(1), request, _reporter.Reporter));
    }

    [TestMethod]
    public void BinaryLabelWithOneClassIsRefusedBeforeTraining()
    {
        var e = PrepareFails(new ReadingModel(), Header + "a,1,2,true\nb,2,3,1\nc,3,4,yes\n");

        Assert.AreEqual(ErrorCodes.TooFewClasses, e.Code);
        Assert.Contains("'True'", e.Message);
        Assert.Contains("binary", e.Message);
    }

    [TestMethod]
    public void MulticlassLabelWithOneClassIsRefusedBeforeTraining()
    {
        var e = PrepareFails(new TicketModel(), "Title,Team\ndisk,infra\nnet,infra\n");

        Assert.AreEqual(ErrorCodes.TooFewClasses, e.Code);
        Assert.Contains("'infra'", e.Message);
        Assert.AreEqual(new SourceLocation("/project/Model.csproj", 7), e.Location);
    }

    public sealed class Duration
    {
        [LoadColumn(0)] public float Size { get; set; }
        [LoadColumn(1)] public float Hours { get; set; }
    }

    public sealed class DurationModel : RegressionModel<Duration>
    {
        public override string LabelColumn => nameof(Duration.Hours);

        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) => throw new NotSupportedException();
    }

    [TestMethod]
    public void FloatLabelIsReadAndAnEmptyOneRefused()
    {
        var model = new DurationModel();
        Assert.AreEqual(2, model.ReadData([TestData.Csv(_dir.File("ok.csv", "Size,Hours\n1,2.5\n2,0\n"))], "training", _reporter.Reporter).Count);

        var e = Assert.ThrowsExactly<MlOpsException>(() =>
            model.ReadData([TestData.Csv(_dir.File("bad.csv", "Size,Hours\n1,2.5\n2,\n"))], "training", _reporter.Reporter));

        Assert.AreEqual(ErrorCodes.LabelMissing, e.Code);
        Assert.AreEqual("3", _reporter.Errors.Single()[3]);
    }

    [TestMethod]
    public void UnknownSplitIsAnOptionError()
    {
        var request = TestData.Request(_dir.Path, TestData.Csv(_dir.File("t.csv", "Title,Team\na,x\nb,y\nc,x\nd,y\ne,x\n")));
        request.Split = "Random";

        var e = Assert.ThrowsExactly<MlOpsException>(() => PreparedData.Load(new TicketModel(), new MLContext(1), request, _reporter.Reporter));

        Assert.AreEqual(ErrorCodes.DataOptionInvalid, e.Code);
    }
}
