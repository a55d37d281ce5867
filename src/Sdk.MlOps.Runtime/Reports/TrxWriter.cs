using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Sdk.MlOps.Reports;

/// <summary>
/// Writes a Visual Studio test results file (TRX) with one test per gate, so CI systems that show test
/// results (Azure Pipelines, GitHub test reporters, Jenkins) show the gates like any other test.
/// </summary>
internal static class TrxWriter
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
    private const string UnitTestType = "13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b";
    private const string ListId = "8c84fa94-04c1-424b-9868-57a2d4851a1d"; // "Results Not in a List", as VSTest writes it

    private sealed record Test(GateResult Gate, string Name, string TestId, string ExecutionId);

    public static string Write(string directory, string modelName, EvaluationReport report)
    {
        var now = DateTime.UtcNow.ToString("O");
        var tests = report.Gates.Select(g =>
        {
            var name = $"Gate({g.Metric} {g.Bound})";
            return new Test(g, name, StableId(modelName + "." + name), Guid.NewGuid().ToString());
        }).ToArray();

        var run = new XElement(Ns + "TestRun",
            new XAttribute("id", Guid.NewGuid()),
            new XAttribute("name", $"{modelName} gates"),
            new XElement(Ns + "Times", new XAttribute("creation", now), new XAttribute("start", now), new XAttribute("finish", now)),
            new XElement(Ns + "Results", tests.Select(t => Result(t, report.TestRows, now))),
            new XElement(Ns + "TestDefinitions", tests.Select(t => Definition(t, modelName))),
            new XElement(Ns + "TestEntries", tests.Select(t => new XElement(Ns + "TestEntry",
                new XAttribute("testId", t.TestId), new XAttribute("executionId", t.ExecutionId), new XAttribute("testListId", ListId)))),
            new XElement(Ns + "TestLists", new XElement(Ns + "TestList", new XAttribute("name", "Results Not in a List"), new XAttribute("id", ListId))),
            Summary(tests, report.Passed));

        Directory.CreateDirectory(directory);
        // The random part keeps two runs in the same millisecond from overwriting each other.
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd_HHmmss_fff", System.Globalization.CultureInfo.InvariantCulture);
        var path = Path.Combine(directory, $"{modelName}_{stamp}_{Guid.NewGuid().ToString("N")[..6]}.trx");
        Hosting.AtomicFile.Write(path, temp => new XDocument(run).Save(temp));
        return path;
    }

    private static XElement Result(Test t, int rows, string now)
    {
        var text = $"{t.Gate.Metric} = {GateResult.Format(t.Gate.Value)} on {rows} test rows; bound {t.Gate.Bound}";
        var output = new XElement(Ns + "Output", new XElement(Ns + "StdOut", text));
        if (!t.Gate.Passed) output.Add(new XElement(Ns + "ErrorInfo", new XElement(Ns + "Message", text)));
        return new XElement(Ns + "UnitTestResult",
            new XAttribute("executionId", t.ExecutionId), new XAttribute("testId", t.TestId), new XAttribute("testName", t.Name),
            new XAttribute("computerName", Environment.MachineName), new XAttribute("duration", "00:00:00"),
            new XAttribute("startTime", now), new XAttribute("endTime", now), new XAttribute("testType", UnitTestType),
            new XAttribute("outcome", t.Gate.Passed ? "Passed" : "Failed"), new XAttribute("testListId", ListId),
            output);
    }

    private static XElement Definition(Test t, string modelName) =>
        new(Ns + "UnitTest",
            new XAttribute("name", t.Name), new XAttribute("storage", modelName), new XAttribute("id", t.TestId),
            new XElement(Ns + "Execution", new XAttribute("id", t.ExecutionId)),
            new XElement(Ns + "TestMethod", new XAttribute("codeBase", modelName), new XAttribute("adapterTypeName", "executor://sdk-mlops/gates"),
                new XAttribute("className", modelName), new XAttribute("name", t.Name)));

    private static XElement Summary(Test[] tests, bool passed) =>
        new(Ns + "ResultSummary", new XAttribute("outcome", passed ? "Completed" : "Failed"),
            new XElement(Ns + "Counters",
                new XAttribute("total", tests.Length), new XAttribute("executed", tests.Length),
                new XAttribute("passed", tests.Count(t => t.Gate.Passed)), new XAttribute("failed", tests.Count(t => !t.Gate.Passed))));

    /// <summary>The same gate keeps the same test id across runs, so CI history can follow it.</summary>
    private static string StableId(string text) => new Guid(MD5.HashData(Encoding.UTF8.GetBytes(text))).ToString();
}
