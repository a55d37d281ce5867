using Sdk.MlOps.IntegrationTests.Infrastructure;

namespace Sdk.MlOps.IntegrationTests;

/// <summary>Mistakes in the model code: found, explained in one coded line, and the last good model kept.</summary>
[TestClass]
public sealed class ModelCodeDiagnosticsTests
{
    private const string DetectorClass = "public sealed class Detector : BinaryClassificationModel<Point>";

    [TestMethod]
    public void NoModelClass()
    {
        var code = Models.Detector[..Models.Detector.IndexOf(DetectorClass, StringComparison.Ordinal)];
        Models.DetectorProject("NoModel", code: code).Build().ShouldFailWith("MLOPS2001");
    }

    [TestMethod]
    public void TwoModelClasses()
    {
        var second = Models.Detector[Models.Detector.IndexOf(DetectorClass, StringComparison.Ordinal)..].Replace("class Detector", "class Detector2");
        var error = Models.DetectorProject("TwoModels", code: Models.Detector + second).Build().ShouldFailWith("MLOPS2002");
        Assert.Contains("Detector2", error.Message);
    }

    [TestMethod]
    public void PipelineThatThrows_ShowsItsMessageWithoutAStackTrace()
    {
        var project = Models.DetectorProject("Throws", code: """
            using Microsoft.ML;
            using Microsoft.ML.Data;
            using Sdk.MlOps;

            public sealed class Point
            {
                [LoadColumn(2)] public float Z12 { get; set; }
                [LoadColumn(12)] public bool Label { get; set; }
            }

            public sealed class Detector : BinaryClassificationModel<Point>
            {
                public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
                    throw new System.InvalidOperationException("no features configured");
            }
            """);
        var error = project.Build().ShouldFailWith("MLOPS2003");
        Assert.Contains("no features configured", error.Message);
    }

    [TestMethod]
    public void FailedTraining_KeepsThePreviousModel()
    {
        var project = Models.DetectorProject("KeepsModel");
        project.Build().ShouldSucceed();
        var before = File.ReadAllBytes(project.ModelFile);

        // A column that does not exist: ML.NET fails inside Fit.
        project.Replace("Model.cs", "\"Z12\", \"Ext48\", \"Out288\"", "\"Z12\", \"NoSuchColumn\"");
        var error = project.Build().ShouldFailWith("MLOPS2004");
        Assert.Contains("NoSuchColumn", error.Message);
        CollectionAssert.AreEqual(before, File.ReadAllBytes(project.ModelFile), "the last good model must stay");

        // A failed training never counts as up to date: the next build tries again.
        project.Build().ShouldFailWith("MLOPS2004");

        // Back to the code that made the kept model: its inputs match again, so nothing needs training.
        project.Replace("Model.cs", "\"Z12\", \"NoSuchColumn\"", "\"Z12\", \"Ext48\", \"Out288\"");
        var fixedBuild = project.Build().ShouldSucceed();
        Assert.IsFalse(fixedBuild.Trained, fixedBuild.Output);
        CollectionAssert.AreEqual(before, File.ReadAllBytes(project.ModelFile));
    }

    [TestMethod]
    public void CrashedTrainer_KeepsThePreviousModel()
    {
        var project = Models.DetectorProject("Crash");
        project.Build().ShouldSucceed();
        var before = File.ReadAllBytes(project.ModelFile);

        // The process dies mid-run, the way a killed build or an out-of-memory would end it.
        project.Replace("Model.cs", "ml.Transforms.Concatenate(", "Die() ?? ml.Transforms.Concatenate(")
            .Replace("Model.cs", "public override IEstimator", "private static IEstimator<ITransformer>? Die() { System.Environment.Exit(137); return null; }\n    public override IEstimator");
        var build = project.Build();
        Assert.AreNotEqual(0, build.ExitCode);
        Assert.Contains("MLOPS9001", build.Output);
        Assert.Contains("exited with code 137", build.Output);
        CollectionAssert.AreEqual(before, File.ReadAllBytes(project.ModelFile));
    }
}
