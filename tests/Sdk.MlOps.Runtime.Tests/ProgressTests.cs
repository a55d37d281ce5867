using Microsoft.ML;
using Sdk.MlOps.Diagnostics;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class ProgressTests
{
    [TestMethod]
    public void ALongStep_PrintsAnInfoLineEachInterval_WithTheElapsedTime()
    {
        var reporter = new CapturedReporter();
        using (new Progress(reporter.Reporter, "Training Triage", interval: TimeSpan.FromMilliseconds(100)))
            Thread.Sleep(TimeSpan.FromMilliseconds(650));

        var lines = reporter.Events.Where(e => e.Kind == "info").Select(e => e.Text).ToList();
        Assert.IsGreaterThanOrEqualTo(2, lines.Count, string.Join("\n", lines));
        Assert.IsTrue(lines.All(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Training Triage: 0m 0\ds so far\.\.\.$")), string.Join("\n", lines));
    }

    [TestMethod]
    public void AStepShorterThanOneInterval_PrintsNothing_AndNothingAfterItEnds()
    {
        var reporter = new CapturedReporter();
        using (new Progress(reporter.Reporter, "Training Triage", interval: TimeSpan.FromMilliseconds(200)))
            Thread.Sleep(TimeSpan.FromMilliseconds(20));
        Thread.Sleep(TimeSpan.FromMilliseconds(400));

        Assert.IsEmpty(reporter.Events);
    }

    [TestMethod]
    public void ATreeTrainer_CountsTheTreesMlNetReportsBuilt_OutOfTheTotalAskedFor()
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(1);
        var rows = Enumerable.Range(0, 4000).Select(_ => new Point { A = random.NextSingle(), B = random.NextSingle() })
            .Select(p => new Point { A = p.A, B = p.B, Label = p.A * p.B > 0.25f }).ToList();
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Point.A), nameof(Point.B))
            .Append(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 300, numberOfLeaves: 8));
        var reporter = new CapturedReporter();

        using (new Progress(reporter.Reporter, "Training Triage", ml, TimeSpan.FromMilliseconds(20)))
            pipeline.Fit(ml.Data.LoadFromEnumerable(rows));

        var counts = reporter.Events.Select(e => System.Text.RegularExpressions.Regex.Match(e.Text, @", (\d+) of 300 trees\.\.\.$"))
            .Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var text = string.Join("\n", reporter.Events.Select(e => e.Text));
        Assert.IsNotEmpty(counts, text);
        Assert.IsTrue(counts.Zip(counts.Skip(1)).All(pair => pair.First <= pair.Second) && counts.All(c => c is > 0 and <= 300), text);
    }

    [TestMethod]
    public void TheDefaultIntervalIsFifteenSeconds() => Assert.AreEqual(TimeSpan.FromSeconds(15), Progress.Interval);

    private sealed class Point
    {
        public float A { get; set; }

        public float B { get; set; }

        public bool Label { get; set; }
    }
}
