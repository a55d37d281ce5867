using System.Collections;
using Microsoft.Build.Framework;

namespace Sdk.MlOps.Tasks.Tests;

/// <summary>Stands in for MSBuild: keeps every event a task logs so a test can assert on it.</summary>
internal sealed class RecordingBuildEngine : IBuildEngine
{
    public List<BuildErrorEventArgs> Errors { get; } = [];
    public List<BuildWarningEventArgs> Warnings { get; } = [];
    public List<BuildMessageEventArgs> Messages { get; } = [];

    /// <summary>For assertion messages: what was logged, one error per line.</summary>
    public string ErrorSummary =>
        string.Join(Environment.NewLine, Errors.Select(e => $"{e.Code} {e.File}({e.LineNumber}): {e.Message}"));

    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public string ProjectFileOfTaskNode => "";

    public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);
    public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
    public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);
    public void LogCustomEvent(CustomBuildEventArgs e) { }

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
        throw new NotSupportedException("The tasks under test build no projects.");
}
