using Sdk.MlOps.Reports.Rendering;

namespace Sdk.MlOps.Runtime.Tests.Rendering;

[TestClass]
public sealed class StepSummaryTests
{
    private const string Report = "# Model report: Triage version 4\n\n| Metric | Value |\n| --- | ---: |\n| MicroAccuracy | 0.8 |\n";

    [TestMethod]
    public void GitHub_AppendsTheReport_KeepingWhatEarlierStepsWrote()
    {
        using var dir = new TempDirectory();
        var markdown = dir.File("Triage.report.md", Report);
        var summary = dir.File("step_summary.md", "## Build\nall green");
        var output = new StringWriter();

        var result = StepSummary.Publish(markdown, Env(("GITHUB_STEP_SUMMARY", summary), ("GITHUB_ACTIONS", "true")), output);

        Assert.IsTrue(result.Published, result.Description);
        Assert.Contains("GitHub Actions job summary", result.Description);
        Assert.AreEqual("## Build\nall green\n\n" + Report, File.ReadAllText(summary));
        Assert.AreEqual("", output.ToString(), "nothing printed for GitHub");
    }

    [TestMethod]
    public void GitHub_ASecondModelAppendsAfterTheFirst()
    {
        using var dir = new TempDirectory();
        var markdown = dir.File("Triage.report.md", Report);
        var summary = Path.Combine(dir.Path, "step_summary.md");

        StepSummary.Publish(markdown, Env(("GITHUB_STEP_SUMMARY", summary)), TextWriter.Null);
        StepSummary.Publish(markdown, Env(("GITHUB_STEP_SUMMARY", summary)), TextWriter.Null);

        Assert.AreEqual(Report + "\n" + Report, File.ReadAllText(summary));
    }

    [TestMethod]
    public void AzurePipelines_PrintsTheUploadSummaryCommand()
    {
        using var dir = new TempDirectory();
        var markdown = dir.File("Triage.report.md", Report);
        var output = new StringWriter();

        var result = StepSummary.Publish(markdown, Env(("TF_BUILD", "True")), output);

        Assert.IsTrue(result.Published, result.Description);
        Assert.AreEqual($"##vso[task.uploadsummary]{Path.GetFullPath(markdown)}{Environment.NewLine}", output.ToString());
    }

    [TestMethod]
    public void NoCi_WritesNothing()
    {
        using var dir = new TempDirectory();
        var markdown = dir.File("Triage.report.md", Report);
        var output = new StringWriter();

        var result = StepSummary.Publish(markdown, Env(), output);

        Assert.IsFalse(result.Published);
        Assert.AreEqual("no CI job summary to publish to", result.Description);
        Assert.AreEqual("", output.ToString());
        CollectionAssert.AreEqual(new[] { markdown }, Directory.GetFiles(dir.Path));
    }

    [TestMethod]
    public void GitLab_SaysToKeepTheArtifact()
    {
        using var dir = new TempDirectory();
        var result = StepSummary.Publish(dir.File("Triage.report.md", Report), Env(("GITLAB_CI", "true")), TextWriter.Null);

        Assert.IsFalse(result.Published);
        Assert.Contains("artifact", result.Description);
    }

    [TestMethod]
    public void AFailureIsReturned_NotThrown()
    {
        using var dir = new TempDirectory();
        var markdown = dir.File("Triage.report.md", Report);

        var unwritable = StepSummary.Publish(markdown, Env(("GITHUB_STEP_SUMMARY", dir.Path)), TextWriter.Null);
        var missing = StepSummary.Publish(Path.Combine(dir.Path, "none.md"), Env(("TF_BUILD", "True")), TextWriter.Null);

        Assert.IsFalse(unwritable.Published);
        Assert.StartsWith("could not append to the GitHub Actions job summary: ", unwritable.Description);
        Assert.IsFalse(missing.Published);
        Assert.StartsWith("could not attach the report to the Azure Pipelines run summary: ", missing.Description);
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [TestMethod]
    public void GitHub_AReportThatWouldPassTheLimit_IsPointedTo()
    {
        using var dir = new TempDirectory();
        var markdown = dir.File("Triage.report.md", Report);
        var summary = dir.File("step_summary.md", new string('x', StepSummary.MaxGitHubBytes - 10) + "\n");

        var result = StepSummary.Publish(markdown, Env(("GITHUB_STEP_SUMMARY", summary)), TextWriter.Null);

        Assert.IsTrue(result.Published, result.Description);
        var added = File.ReadAllText(summary)[(StepSummary.MaxGitHubBytes - 9)..];
        Assert.StartsWith("\nThe model report Triage.report.md would take this step's summary over GitHub's 1 MiB limit", added);
        Assert.DoesNotContain("| MicroAccuracy |", added);
    }
}
