using Sdk.MlOps.Reports.Rendering;
namespace Sdk.MlOps.Runtime.Tests.Rendering;
[TestClass]
public sealed class ZzzDumpTests
{
    [TestMethod]
    public void Dump()
    {
        var dir = "/tmp/scratch/reports";
        Directory.CreateDirectory(dir);
        var b = ReportFixtures.Binary() with
        {
            Importance = [new("A", 0.9, 0.62, 0.28), new("D", 0.9, 0.9, 0.0), new("B", 0.9, 0.75, 0.15), new("C", 0.9, 0.82, 0.08)],
            ImportanceMetric = "AreaUnderRocCurve",
            History = [new(ReportFixtures.Created.AddDays(-14), "2", "AreaUnderRocCurve", 0.86), new(ReportFixtures.Created.AddDays(-7), "3", "AreaUnderRocCurve", 0.88)],
            Slices = [new("Region", "eu", 420, "Accuracy", 0.81, true), new("Region", "us", 560, "Accuracy", 0.74, false), new("Region", "apac", 20, "Accuracy", 0.5, null)],
        };
        b = b with { Evaluation = b.Evaluation with { Performance = new Reports.PerformanceReport(0.05, 0.09, 0.2, 2000, 51234, 100_000, 0.01, 180, 40) } };
        foreach (var (name, data) in new[] { ("binary", b), ("multiclass", ReportFixtures.Multiclass()), ("regression", ReportFixtures.Regression()), ("anomaly", ReportFixtures.Anomaly()) })
            ModelReport.Write(data, Path.Combine(dir, name + ".html"), Path.Combine(dir, name + ".md"));
        if (Environment.GetEnvironmentVariable("DUMP_TRIAGE") == "1")
            ModelReport.Write(IncidentTriageReport.Build(), Path.Combine(dir, "triage.html"), Path.Combine(dir, "triage.md"));
    }
}
