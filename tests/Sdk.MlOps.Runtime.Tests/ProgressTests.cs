using Sdk.MlOps.Diagnostics;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class ProgressTests
{
    [TestMethod]
    public void ALongStep_PrintsAnInfoLineEachInterval_WithTheElapsedTime()
    {
        var reporter = new CapturedReporter();
        using (new Progress(reporter.Reporter, "Training Triage", TimeSpan.FromMilliseconds(100)))
            Thread.Sleep(TimeSpan.FromMilliseconds(650));

        var lines = reporter.Events.Where(e => e.Kind == "info").Select(e => e.Text).ToList();
        Assert.IsGreaterThanOrEqualTo(2, lines.Count, string.Join("\n", lines));
        Assert.IsTrue(lines.All(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Training Triage: 0m 0\ds so far\.\.\.$")), string.Join("\n", lines));
    }

    [TestMethod]
    public void AStepShorterThanOneInterval_PrintsNothing_AndNothingAfterItEnds()
    {
        var reporter = new CapturedReporter();
        using (new Progress(reporter.Reporter, "Training Triage", TimeSpan.FromMilliseconds(200)))
            Thread.Sleep(TimeSpan.FromMilliseconds(20));
        Thread.Sleep(TimeSpan.FromMilliseconds(400));

        Assert.IsEmpty(reporter.Events);
    }

    [TestMethod]
    public void TheDefaultIntervalIsFifteenSeconds() => Assert.AreEqual(TimeSpan.FromSeconds(15), Progress.Interval);
}
