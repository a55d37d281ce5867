using Sdk.MlOps.IntegrationTests.Infrastructure;

namespace Sdk.MlOps.IntegrationTests;

/// <summary>A training that fails or dies keeps the last good model (faults that stop a build before any model: BuildFaultTests).</summary>
[TestClass]
public sealed class FailedTrainingTests
{
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
