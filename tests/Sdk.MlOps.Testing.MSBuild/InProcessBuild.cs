using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;

namespace Sdk.MlOps.Testing;

/// <summary>
/// Builds a project from the test process with the .NET SDK's own MSBuild API (found by Microsoft.Build.Locator), as
/// Nerdbank.GitVersioning's tests do: no CLI start per scenario, and the logger sees what a binlog would — which
/// targets ran or were skipped and why, which tasks started.
/// </summary>
public static class InProcessBuild
{
    // BuildManager.DefaultBuildManager runs one build at a time.
    private static readonly object OneAtATime = new();

    /// <summary>Call before any other member: it makes the .NET SDK's MSBuild the one this process loads.</summary>
    public static void Register()
    {
        if (!Microsoft.Build.Locator.MSBuildLocator.IsRegistered) Microsoft.Build.Locator.MSBuildLocator.RegisterDefaults();
    }

    /// <summary>Ends the MSBuild nodes the scenarios started, so none outlives the test run.</summary>
    public static void ShutDown() => BuildManager.DefaultBuildManager.ShutdownAllNodes();

    /// <summary>A property's value as MSBuild evaluates the project (Release, as a pack or a CI build sees it).</summary>
    public static string Evaluate(string projectFile, string property)
    {
        lock (OneAtATime)
        {
            using var projects = new ProjectCollection(new Dictionary<string, string> { ["Configuration"] = "Release" });
            return projects.LoadProject(projectFile).GetPropertyValue(property);
        }
    }

    public static BuildLog Restore(string projectFile, IDictionary<string, string>? properties = null) =>
        Run(projectFile, ["Restore"], new Dictionary<string, string>(properties ?? new Dictionary<string, string>())
        {
            // As dotnet restore does: a restore session, so the restore evaluation is never reused by the build.
            ["MSBuildRestoreSessionId"] = Guid.NewGuid().ToString(),
        });

    public static BuildLog Run(string projectFile, string[] targets, IDictionary<string, string>? properties = null)
    {
        var log = new BuildLog();
        var globals = new Dictionary<string, string>
        {
            ["Configuration"] = "Release",
            // The compiler server, as Dotnet.Run uses it: a warm compiler for every scenario.
            ["UseSharedCompilation"] = "true",
            // Drawing the model report costs seconds per evaluation; a scenario about it passes MlOpsReport=true.
            ["MlOpsReport"] = "false",
        };
        foreach (var (name, value) in properties ?? new Dictionary<string, string>()) globals[name] = value;
        lock (OneAtATime)
        {
            using var projects = new ProjectCollection(globals);
            var parameters = new BuildParameters(projects)
            {
                Loggers = [log],
                // One node serves every scenario of the run (a node start costs seconds); ShutDown ends it.
                EnableNodeReuse = true,
                MaxNodeCount = 1,
                // Evaluation and scheduling stay in this process; tasks run in an MSBuild node of their own, where the
                // .NET SDK's task assemblies (GenerateDepsFile's DependencyModel) cannot clash with the test host's.
                DisableInProcNode = true,
            };
            var request = new BuildRequestData(projectFile, globals, null, targets, null, BuildRequestDataFlags.ClearCachesAfterBuild);
            var result = BuildManager.DefaultBuildManager.Build(parameters, request);
            log.Succeeded = result.OverallResult == BuildResultCode.Success;
        }

        return log;
    }
}

/// <summary>What one in-process build did.</summary>
public sealed class BuildLog : ILogger
{
    private readonly List<string> _lines = [];

    public bool Succeeded { get; set; }

    public List<string> TasksStarted { get; } = [];

    public List<string> TargetsRun { get; } = [];

    /// <summary>Targets MSBuild skipped because their outputs were up to date with their inputs.</summary>
    public List<string> TargetsUpToDate { get; } = [];

    public List<string> Errors { get; } = [];

    public string Text { get { lock (_lines) return string.Join(Environment.NewLine, _lines); } }

    public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Normal;

    public string? Parameters { get; set; }

    public void Initialize(IEventSource events)
    {
        events.TaskStarted += (_, e) => { lock (_lines) TasksStarted.Add(e.TaskName); };
        events.TargetStarted += (_, e) => { lock (_lines) TargetsRun.Add(e.TargetName); };
        events.MessageRaised += (_, e) =>
        {
            lock (_lines)
            {
                if (e is TargetSkippedEventArgs skipped && skipped.SkipReason == TargetSkipReason.OutputsUpToDate) TargetsUpToDate.Add(skipped.TargetName);
                if (e.Importance == MessageImportance.High && e is not TaskCommandLineEventArgs) _lines.Add(e.Message ?? "");
            }
        };
        events.WarningRaised += (_, e) => { lock (_lines) _lines.Add($"{e.File}({e.LineNumber}): warning {e.Code}: {e.Message}"); };
        events.ErrorRaised += (_, e) =>
        {
            lock (_lines)
            {
                Errors.Add(e.Code ?? "");
                _lines.Add($"{e.File}({e.LineNumber}): error {e.Code}: {e.Message}");
            }
        };
    }

    public void Shutdown()
    {
    }

    public BuildLog ShouldSucceed()
    {
        Assert.IsTrue(Succeeded, Text);
        return this;
    }
}
