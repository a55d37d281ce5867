using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks.Tests;

[TestClass]
public sealed class ValidateMetricGatesTests
{
    private readonly TempDirectory _dir = new();
    private readonly RecordingBuildEngine _engine = new();
    private string _project = "";

    [TestInitialize]
    public void WriteProject() => _project = _dir.WriteProject(
        "<MlMetricGate Include=\"MicroAccuracy\" Minimum=\"0.9\" Maximum=\"0.5\" />",
        "<MlMetricGate Include=\"LogLoss\" Maximum=\"0,3\" />",
        "<MlMetricGate Include=\"F1Score\" />",
        "<MlMetricGate Include=\"MacroAccuracy\" Minimum=\"0.7\" />",
        "<MlMetricGate Include=\"RSquared\" MaxRegression=\"-0.1\" MaxRelativeRegression=\"5%\" />",
        "<MlPerformanceGate Include=\"LatencyP99Ms\" MaxRegression=\"1\" />");

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public void MinimumAboveMaximum_IsMlops3002AtTheGateLine()
    {
        Assert.IsFalse(Run(Gate("MicroAccuracy", min: "0.9", max: "0.5")));

        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS3002", error.Code);
        Assert.AreEqual(_project, error.File);
        Assert.AreEqual(TempDirectory.LineOf(_project, "\"MicroAccuracy\""), error.LineNumber);
        Assert.AreEqual(3, error.LineNumber);
    }

    [TestMethod]
    [DataRow("0,3")]
    [DataRow("abc")]
    [DataRow("NaN")]
    [DataRow("Infinity")]
    [DataRow("1,000")]
    public void NonNumberBound_IsMlops3003AtTheGateLine(string bound)
    {
        Assert.IsFalse(Run(Gate("LogLoss", max: bound)));

        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS3003", error.Code);
        Assert.AreEqual(_project, error.File);
        Assert.AreEqual(4, error.LineNumber);
        Assert.Contains("Maximum", error.Message!);
    }

    [TestMethod]
    [DataRow(null, null)]
    [DataRow("", "  ")]
    public void GateWithoutBounds_IsMlops3006(string? min, string? max)
    {
        Assert.IsFalse(Run(Gate("F1Score", min, max)));

        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS3006", error.Code);
        Assert.AreEqual(5, error.LineNumber);
    }

    [TestMethod]
    public void ValidGates_LogNoErrors()
    {
        var ok = Run(
            Gate("MacroAccuracy", min: "0.7"),
            Gate("LogLoss", max: "0.3"),
            Gate("MicroAccuracy", min: "0.8", max: "0.8"),
            Gate("RSquared", min: " -1e-3 ", max: "1E0"));

        Assert.IsTrue(ok, _engine.ErrorSummary);
        Assert.IsEmpty(_engine.Errors);
        Assert.IsEmpty(_engine.Warnings);
    }

    [TestMethod]
    [DataRow(null, null, "", "  ")]
    [DataRow("", " ", "", "")]
    public void GateWithEmptyRelativeBoundsOnly_IsMlops3006(string? min, string? max, string? maxRegression, string? maxRelative)
    {
        Assert.IsFalse(Run(Gate("F1Score", min, max, maxRegression, maxRelative)));

        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS3006", error.Code);
        Assert.AreEqual(5, error.LineNumber);
        Assert.Contains("MaxRegression", error.Message!);
        Assert.Contains("MaxRelativeRegression", error.Message!);
    }

    [TestMethod]
    [DataRow("0.02", null)]
    [DataRow(null, "0.05")]
    [DataRow("0", "0")]
    [DataRow(" 1e-3 ", "1.5")]
    public void RelativeBoundAlone_IsEnoughForAGate(string? maxRegression, string? maxRelative)
    {
        var ok = Run(Gate("F1Score", maxRegression: maxRegression, maxRelative: maxRelative));

        Assert.IsTrue(ok, _engine.ErrorSummary);
        Assert.IsEmpty(_engine.Errors);
        Assert.IsEmpty(_engine.Warnings);
    }

    [TestMethod]
    public void RelativeBoundsBesideAbsoluteOnes_AreValid()
    {
        var ok = Run(
            Gate("MacroAccuracy", min: "0.7", maxRegression: "0.01"),
            Gate("LogLoss", max: "0.3", maxRelative: "0.1"),
            Gate("RSquared", min: "-1", max: "1", maxRegression: "0.05", maxRelative: "0.02"));

        Assert.IsTrue(ok, _engine.ErrorSummary);
        Assert.IsEmpty(_engine.Errors);
    }

    [TestMethod]
    [DataRow("MaxRegression", "-0.1")]
    [DataRow("MaxRegression", "-1e-9")]
    [DataRow("MaxRelativeRegression", "-0.05")]
    [DataRow("MaxRelativeRegression", "5%")]
    [DataRow("MaxRelativeRegression", "0,05")]
    [DataRow("MaxRegression", "abc")]
    [DataRow("MaxRegression", "NaN")]
    [DataRow("MaxRelativeRegression", "Infinity")]
    [DataRow("MaxRelativeRegression", "-Infinity")]
    public void NegativeOrNonNumberRelativeBound_IsMlops3003AtTheGateLine(string name, string bound)
    {
        var gate = Gate("RSquared", min: "0.5");
        gate.SetMetadata(name, bound);

        Assert.IsFalse(Run(gate));

        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS3003", error.Code);
        Assert.AreEqual(_project, error.File);
        Assert.AreEqual(TempDirectory.LineOf(_project, "\"RSquared\""), error.LineNumber);
        Assert.AreEqual(7, error.LineNumber);
        Assert.Contains($"{name}=\"{bound}\"", error.Message!);
        Assert.Contains("at least 0", error.Message!);
        Assert.EndsWith("docs/errors.md#mlops3003", error.HelpLink);
    }

    [TestMethod]
    [DataRow("0.4")]
    [DataRow("1")]
    [DataRow("95%")]
    [DataRow("0,95")]
    [DataRow("NaN")]
    public void AConfidenceThatIsNoProbabilityToState_IsMlops3009AtTheGateLine(string confidence)
    {
        var gate = Gate("RSquared", maxRegression: "0");
        gate.SetMetadata("Confidence", confidence);

        Assert.IsFalse(Run(gate));

        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS3009", error.Code);
        Assert.AreEqual(7, error.LineNumber);
        Assert.Contains($"Confidence=\"{confidence}\"", error.Message!);
    }

    [TestMethod]
    [DataRow("0.5")]
    [DataRow("0.99")]
    public void AConfidenceFromAHalfToBelowOne_IsValid(string confidence)
    {
        var gate = Gate("RSquared", maxRegression: "0");
        gate.SetMetadata("Confidence", confidence);

        Assert.IsTrue(Run(gate), _engine.ErrorSummary);
    }

    [TestMethod]
    [DataRow("MaxSliceGap", "0.1", "no Slice")]
    [DataRow("MinimumSliceRows", "20", "no Slice")]
    public void SliceSettingsWithoutASlice_AreMlops3011(string name, string value, string expected)
    {
        var gate = Gate("RSquared", min: "0.5");
        gate.SetMetadata(name, value);

        Assert.IsFalse(Run(gate));

        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS3011", error.Code);
        Assert.AreEqual(7, error.LineNumber);
        Assert.Contains(expected, error.Message!);
    }

    [TestMethod]
    [DataRow("MaxRegression", "0", "mixes Slice with a bound relative to the champion")]
    [DataRow("MinimumSliceRows", "0", "MinimumSliceRows=\"0\", which is not a whole number of at least 1")]
    [DataRow("MinimumSliceRows", "2.5", "which is not a whole number")]
    public void ASliceWithARelativeBoundOrABadRowCount_IsMlops3011(string name, string value, string expected)
    {
        var gate = Gate("RSquared", min: "0.5");
        gate.SetMetadata("Slice", "Region");
        gate.SetMetadata(name, value);

        Assert.IsFalse(Run(gate));

        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS3011", error.Code);
        Assert.Contains(expected, error.Message!);
    }

    [TestMethod]
    public void ASliceGateWithOnlyAGapBound_IsValid()
    {
        var gate = Gate("RSquared");
        gate.SetMetadata("Slice", "Region");
        gate.SetMetadata("MaxSliceGap", "0.1");
        gate.SetMetadata("MinimumSliceRows", "50");

        Assert.IsTrue(Run(gate), _engine.ErrorSummary);
    }

    [TestMethod]
    public void APerformanceGate_NeedsAMinimumOrMaximum_RelativeBoundsAreNoBound()
    {
        var ok = new ValidateMetricGates { BuildEngine = _engine, ProjectFile = _project, PerformanceGates = [Gate("LatencyP99Ms", maxRegression: "1")] }.Execute();

        Assert.IsFalse(ok);
        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS3006", error.Code);
        Assert.AreEqual(TempDirectory.LineOf(_project, "\"LatencyP99Ms\""), error.LineNumber);
        Assert.Contains("MlPerformanceGate 'LatencyP99Ms' has no bound", error.Message!);
    }

    [TestMethod]
    public void APerformanceGateBoundThatIsNoNumber_IsMlops3003NamingItsItemType()
    {
        var ok = new ValidateMetricGates { BuildEngine = _engine, ProjectFile = _project, PerformanceGates = [Gate("LatencyP99Ms", max: "5ms")] }.Execute();

        Assert.IsFalse(ok);
        Assert.Contains("MlPerformanceGate 'LatencyP99Ms' has Maximum=\"5ms\"", Assert.ContainsSingle(_engine.Errors).Message!);
    }

    [TestMethod]
    public void BothRelativeBoundsWrong_AreOneErrorEach()
    {
        Assert.IsFalse(Run(Gate("RSquared", maxRegression: "-0.1", maxRelative: "5%")));

        Assert.HasCount(2, _engine.Errors);
        Assert.IsTrue(_engine.Errors.All(e => e.Code == "MLOPS3003" && e.LineNumber == 7), _engine.ErrorSummary);
        Assert.IsTrue(_engine.Errors.Any(e => e.Message!.Contains("MaxRegression=\"-0.1\"")), _engine.ErrorSummary);
        Assert.IsTrue(_engine.Errors.Any(e => e.Message!.Contains("MaxRelativeRegression=\"5%\"")), _engine.ErrorSummary);
    }

    [TestMethod]
    public void NegativeMinimum_IsStillAllowed_OnlyRelativeBoundsMustNotBeNegative()
    {
        var ok = Run(Gate("RSquared", min: "-0.5", maxRegression: "0.1"));

        Assert.IsTrue(ok, _engine.ErrorSummary);
    }

    [TestMethod]
    public void MinimumAboveMaximum_IsMlops3002EvenWithARelativeBound()
    {
        Assert.IsFalse(Run(Gate("MicroAccuracy", min: "0.9", max: "0.5", maxRelative: "0.05")));

        Assert.AreEqual("MLOPS3002", Assert.ContainsSingle(_engine.Errors).Code);
    }

    [TestMethod]
    public void BoundsInMessages_AreWrittenAsTheUserWroteThem()
    {
        CommaDecimalCulture.Run(() => Run(Gate("MicroAccuracy", min: "0.9", max: "0.5")));

        Assert.Contains("Minimum 0.9 above Maximum 0.5", Assert.ContainsSingle(_engine.Errors).Message!);
    }

    [TestMethod]
    public void EveryError_HasAHelpLinkToItsSectionOfErrorsMd()
    {
        Run(Gate("MicroAccuracy", min: "0.9", max: "0.5"), Gate("LogLoss", max: "x"), Gate("F1Score"));

        CollectionAssert.AreEquivalent(new[] { "MLOPS3002", "MLOPS3003", "MLOPS3006" }, _engine.Errors.Select(e => e.Code).ToArray());
        foreach (var error in _engine.Errors)
            Assert.EndsWith("docs/errors.md#" + error.Code.ToLowerInvariant(), error.HelpLink);
    }

    [TestMethod]
    public void AWildcardDriftGate_IsOneMlops3015AtItsLine_NotOnePerFile()
    {
        var project = _dir.WriteProject("<MlMetricGate Include=\"F1Score\" Minimum=\"0.5\" />", "<MlDriftGate Include=\"*\" />");
        // What MSBuild hands the task for Include="*": the folder's files.
        var files = new[] { "Model.csproj", "Model.cs" }.Select(f => (ITaskItem)new TaskItem(Path.Combine(_dir.Path, f))).ToArray();
        File.WriteAllText(Path.Combine(_dir.Path, "Model.cs"), "");

        Assert.IsFalse(new ValidateMetricGates { BuildEngine = _engine, ProjectFile = project, DriftGates = files }.Execute());

        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS3015", error.Code);
        Assert.AreEqual(TempDirectory.LineOf(project, "MlDriftGate"), error.LineNumber);
        Assert.Contains("AllColumns", error.Message!);
    }

    [TestMethod]
    public void ADriftGateThresholdThatIsNoNumber_IsMlops3015()
    {
        var project = _dir.WriteProject("<MlDriftGate Include=\"Cpu\" Threshold=\"abc\" />");
        var gate = new TaskItem("Cpu");
        gate.SetMetadata("Threshold", "abc");

        Assert.IsFalse(new ValidateMetricGates { BuildEngine = _engine, ProjectFile = project, DriftGates = [gate] }.Execute());

        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS3015", error.Code);
        Assert.AreEqual(TempDirectory.LineOf(project, "MlDriftGate"), error.LineNumber);
    }

    private bool Run(params ITaskItem[] gates) =>
        new ValidateMetricGates { BuildEngine = _engine, ProjectFile = _project, Gates = gates }.Execute();

    private static TaskItem Gate(string metric, string? min = null, string? max = null, string? maxRegression = null, string? maxRelative = null)
    {
        var gate = new TaskItem(metric);
        if (min is not null) gate.SetMetadata("Minimum", min);
        if (max is not null) gate.SetMetadata("Maximum", max);
        if (maxRegression is not null) gate.SetMetadata("MaxRegression", maxRegression);
        if (maxRelative is not null) gate.SetMetadata("MaxRelativeRegression", maxRelative);
        return gate;
    }
}
