using System.Globalization;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlops-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}

/// <summary>A reporter whose protocol lines the test can read back.</summary>
internal sealed class CapturedReporter
{
    private readonly StringWriter _output = new();
    private readonly List<ReportedEvent> _events = [];

    public CapturedReporter() => Reporter = new Reporter(_output, _events.Add);

    public Reporter Reporter { get; }

    /// <summary>What the reporter's observer saw, as the gate test application sees it.</summary>
    public IReadOnlyList<ReportedEvent> Events => _events;

    public string[] Lines => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The codes of the warning lines, in order.</summary>
    public string[] WarningCodes => Lines.Where(l => l.StartsWith(ModelEvent.Prefix + "warning|", StringComparison.Ordinal))
        .Select(l => l[ModelEvent.Prefix.Length..].Split('|', 6)[1]).ToArray();

    /// <summary>Error lines as their fields: kind, code, file, line, column, text.</summary>
    public string[][] Errors => Lines.Where(l => l.StartsWith(ModelEvent.Prefix + ModelEvent.Error + "|", StringComparison.Ordinal))
        .Select(l => l[ModelEvent.Prefix.Length..].Split('|', 6)).ToArray();
}

/// <summary>Runs code under another current culture, to prove parsing and formatting do not depend on it.</summary>
internal static class Culture
{
    public static T Under<T>(string name, Func<T> action)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo(name);
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}

internal static class TestData
{
    public static DataFile Csv(string path, string separator = ",", bool hasHeader = true, bool allowQuoting = true) => new()
    {
        Path = path, Name = System.IO.Path.GetFileName(path), Separator = separator,
        HasHeader = hasHeader, AllowQuoting = allowQuoting, DefinedIn = "/project/Model.csproj", Line = 7,
    };

    /// <summary>A request as the MSBuild task writes it, with every output under <paramref name="outDir"/>.</summary>
    public static Request Request(string outDir, DataFile training) => new()
    {
        Command = "train",
        ModelName = "TestModel",
        ProjectFile = "/p/TestModel.csproj",
        ModelPath = System.IO.Path.Combine(outDir, "TestModel.zip"),
        TrainingReportPath = System.IO.Path.Combine(outDir, "TestModel.training.json"),
        EvaluationReportPath = System.IO.Path.Combine(outDir, "TestModel.evaluation.json"),
        InputHash = "inputs",
        Seed = 1,
        TestFraction = 0.2,
        TrainingData = [training],
        Tracking = new TrackingSettings { LocalStore = System.IO.Path.Combine(outDir, "mlruns") },
        // Drawing the report takes a second or two; the tests that are about it turn it on.
        Report = false,
    };

    /// <summary>A training report as the trainer writes it, for tracking tests that need no training.</summary>
    public static TrainingReport Report(params Data.DataFileStats[] training) => new()
    {
        ModelName = "TestModel", ModelClass = "Tests.TestModel", Task = "Regression", Trainer = "Sdca", InputHash = "inputs", Seed = 1,
        TrainedUtc = DateTime.UtcNow, DurationSeconds = 1, Parameters = new Dictionary<string, string> { ["Iterations"] = "10" },
        Data = new DataReport(training, [], 10, 2, 0.2), Metrics = new Dictionary<string, double> { ["RSquared"] = 0.5 },
        Versions = new VersionsReport("0.0.0", "0.0.0", "10.0.0"), Schema = new SchemaReport([], []),
    };

    /// <summary>The repository root: the folder above the test assembly that holds Sdk.MlOps.sln.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Sdk.MlOps.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"No Sdk.MlOps.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>Runs a stage as the host does: with the tracking of the request (a local store in these tests).</summary>
internal static class Stages
{
    public static void Train(ModelBase model, Request request, Reporter reporter)
    {
        using var tracking = new LifecycleTracking(request, reporter);
        new Trainer(model, request, reporter).RunAsync(tracking).GetAwaiter().GetResult();
    }

    public static void Publish(ModelBase model, Request request, Reporter reporter)
    {
        using var tracking = new LifecycleTracking(request, reporter);
        new Publisher(model, request, reporter).RunAsync(tracking).GetAwaiter().GetResult();
    }

    public static EvaluationReport Evaluate(ModelBase model, Request request, Reporter reporter)
    {
        using var tracking = new LifecycleTracking(request, reporter);
        return new Evaluator(model, request, reporter).RunAsync(tracking).GetAwaiter().GetResult();
    }
}
