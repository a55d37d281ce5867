using Sdk.MlOps.Diagnostics;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class ReporterTests
{
    private readonly CapturedReporter _captured = new();

    private Reporter Reporter => _captured.Reporter;

    [TestMethod]
    public void ErrorLineHasKindCodeFileLineColumnAndText()
    {
        Reporter.Error(ErrorCodes.ValueUnparsable, "bad value", new SourceLocation("/d/train.csv", 12, 3));

        Assert.AreEqual("##mlops|error|MLOPS1004|/d/train.csv|12|3|bad value", _captured.Lines.Single());
        Assert.IsTrue(Reporter.HasErrors);
    }

    [TestMethod]
    public void ExceptionIsReportedWithItsCodeAndLocation()
    {
        Reporter.Error(new MlOpsException(ErrorCodes.GateFailed, "too low", new SourceLocation("/p/M.csproj", 4)));

        Assert.AreEqual("##mlops|error|MLOPS3004|/p/M.csproj|4|0|too low", _captured.Lines.Single());
    }

    [TestMethod]
    public void WarningsAndInfoDoNotCountAsErrors()
    {
        Reporter.Warning(ErrorCodes.ParameterUnused, "unused");
        Reporter.Info("hello");
        Reporter.Detail("more");

        CollectionAssert.AreEqual(
            new[] { "##mlops|warning|MLOPS2005||0|0|unused", "##mlops|info|||0|0|hello", "##mlops|detail|||0|0|more" },
            _captured.Lines);
        Assert.IsFalse(Reporter.HasErrors);
    }

    [TestMethod]
    public void EveryEventStaysOnOneLineAndOnlyTheTextMayHoldBars()
    {
        Reporter.Error("MLOPS9001", "first\r\nsecond\nthird | fourth", new SourceLocation("/odd|dir/file\n.csv", 1));

        Assert.AreEqual("##mlops|error|MLOPS9001|/odd/dir/file .csv|1|0|first second third | fourth", _captured.Lines.Single());
    }
}
