using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class PreparedDataTests
{
    public sealed class Alarm
    {
        [LoadColumn(0)] public float Load { get; set; }
        [LoadColumn(1)] public bool Label { get; set; }
    }

    public sealed class AlarmModel : BinaryClassificationModel<Alarm>
    {
        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) => throw new NotSupportedException();
    }

    private const string Tickets = "Title,Hours,Team\na,1,infra\nb,2,auth\nc,3,infra\nd,1,auth\ne,4,infra\nf,2,auth\ng,2,infra\nh,2,auth\ni,2,infra\nj,2,auth\n";

    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    private Request RequestFor(string training, string? test = null)
    {
        var request = TestData.Request(_dir.Path, TestData.Csv(_dir.File("train.csv", training)));
        if (test is not null) request.TestData = [TestData.Csv(_dir.File("test.csv", test))];
        return request;
    }

    private static PreparedData Load(ModelBase model, Request request) =>
        PreparedData.Load(model, new MLContext(request.Seed), request, new CapturedReporter().Reporter);

    private static MlOpsException Fails(ModelBase model, Request request) =>
        Assert.ThrowsExactly<MlOpsException>(() => Load(model, request));

    [TestMethod]
    public void WithoutTestFilesASeededFractionIsHeldOut()
    {
        var data = Load(new DataLoaderTests.TicketModel(), RequestFor(Tickets));

        Assert.AreEqual(8, data.TrainRows);
        Assert.AreEqual(2, data.TestRows);
        Assert.AreEqual(0.2, data.SplitFraction);
        Assert.IsEmpty(data.TestFiles);
    }

    [TestMethod]
    public void TestFilesReplaceTheSplit()
    {
        var data = Load(new DataLoaderTests.TicketModel(), RequestFor(Tickets, "Title,Hours,Team\nz,1,auth\n"));

        Assert.AreEqual(10, data.TrainRows);
        Assert.AreEqual(1, data.TestRows);
        Assert.IsNull(data.SplitFraction);
        Assert.AreEqual("test.csv", data.TestFiles.Single().Name);
    }

    [TestMethod]
    public void TestClassUnseenInTrainingIsAnErrorAtTheTestItem()
    {
        var e = Fails(new DataLoaderTests.TicketModel(), RequestFor(Tickets, "Title,Hours,Team\nz,1,web\ny,1,auth\n"));

        Assert.AreEqual(ErrorCodes.UnseenTestClass, e.Code);
        Assert.Contains("1 class(es) the training data lacks: web.", e.Message);
        Assert.AreEqual(7, e.Location.Line);
    }

    [TestMethod]
    public void BooleanLabelsCompareByValueNotSpelling()
    {
        var request = RequestFor("Load,Label\n1,1\n2,0\n3,1\n4,0\n", "Load,Label\n1,true\n2,false\n");

        Assert.AreEqual(2, Load(new AlarmModel(), request).TestRows);
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(1.0)]
    [DataRow(-0.5)]
    public void TestFractionOutsideZeroToOneIsAnError(double fraction)
    {
        var request = RequestFor(Tickets);
        request.TestFraction = fraction;

        Assert.AreEqual(ErrorCodes.DataOptionInvalid, Fails(new DataLoaderTests.TicketModel(), request).Code);
    }

    [TestMethod]
    public void SplitLeavingNoTestRowsIsAnError()
    {
        var request = RequestFor("Title,Hours,Team\na,1,infra\nb,2,auth\n");

        Assert.AreEqual(ErrorCodes.DataFileEmpty, Fails(new DataLoaderTests.TicketModel(), request).Code);
    }

    [TestMethod]
    public void NoTrainingFilesIsAnErrorAtTheProject()
    {
        var request = RequestFor(Tickets);
        request.TrainingData = [];

        var e = Fails(new DataLoaderTests.TicketModel(), request);

        Assert.AreEqual(ErrorCodes.NoTrainingData, e.Code);
        Assert.AreEqual(request.ProjectFile, e.Location.File);
    }
}
