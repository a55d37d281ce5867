using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// Runs the built model program (<c>dotnet exec Model.dll train|evaluate|publish|sync request.json</c>) so ML.NET
/// and its native libraries load from the model's own deps.json, never into MSBuild. The program's
/// <c>##mlops|</c> lines come back as MSBuild errors, warnings and messages. Cancelling the build (Ctrl+C) kills
/// the process; it writes models atomically, so the last good one stays.
/// </summary>
public sealed class RunModel : ToolTask
{
    [Required] public string Command { get; set; } = "";
    [Required] public string ModelAssembly { get; set; } = "";
    [Required] public string RequestFile { get; set; } = "";
    [Required] public string ProjectFile { get; set; } = "";
    public string DotnetHostPath { get; set; } = "";
    /// <summary>Where <c>publish</c> writes the bundle.</summary>
    public string PublishDirectory { get; set; } = "";

    /// <summary>How much of stderr explains a crash; a program that writes a lot keeps only its last lines.</summary>
    private const int StderrTail = 20;

    private readonly Queue<string> _stderr = new();

    protected override string ToolName => "dotnet";

    protected override string GenerateFullPathToTool() =>
        string.IsNullOrEmpty(DotnetHostPath) ? ToolName : DotnetHostPath;

    protected override string GenerateCommandLineCommands()
    {
        var args = new CommandLineBuilder();
        args.AppendSwitch("exec");
        args.AppendFileNameIfNotNull(ModelAssembly);
        args.AppendSwitch(Command);
        args.AppendFileNameIfNotNull(RequestFile);
        if (PublishDirectory.Length > 0) args.AppendSwitchIfNotNull("--publish ", PublishDirectory);
        return args.ToString();
    }

    protected override MessageImportance StandardOutputLoggingImportance => MessageImportance.Low;

    public override bool Execute()
    {
        // The program ends itself when this process goes (a killed build must leave no trainer behind to write bin/ later).
        EnvironmentVariables = [.. EnvironmentVariables ?? [], $"{ParentProcess.Variable}={System.Diagnostics.Process.GetCurrentProcess().Id}"];
        return base.Execute() && !Log.HasLoggedErrors;
    }

    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        var e = ModelEvent.Parse(singleLine);
        if (e is null)
        {
            // Anything else the program printed (ML.NET, the user's code) stays visible at detailed verbosity, as
            // plain text: ToolTask would turn a line shaped like "file(1,1): error X" into a build error.
            // stderr is kept to explain a crash.
            if (messageImportance == StandardErrorLoggingImportance)
            {
                _stderr.Enqueue(singleLine);
                if (_stderr.Count > StderrTail) _stderr.Dequeue();
            }

            Log.LogMessage(messageImportance, "{0}", singleLine);
            return;
        }

        // An event without a place of its own (no model class, training failed) belongs to the user's project, not
        // to the SDK's targets file in the NuGet cache where MSBuild would otherwise put it.
        var file = e.File.Length == 0 ? ProjectFile : e.File;
        switch (e.Kind)
        {
            case ModelEvent.Error: Log.Error(e.Code, e.Text, file, e.Line, e.Column); break;
            case ModelEvent.Warning: Log.Warning(e.Code, e.Text, file, e.Line, e.Column); break;
            case ModelEvent.Info: Log.LogMessage(MessageImportance.High, e.Text); break;
            default: Log.LogMessage(MessageImportance.Low, e.Text); break;
        }
    }

    protected override bool HandleTaskExecutionErrors()
    {
        if (Log.HasLoggedErrors) return false;
        var tail = string.Join(Environment.NewLine, _stderr);
        Log.Error(ErrorCodes.Internal,
            $"The model program exited with code {ExitCode} without reporting why. {(tail.Length > 0 ? "It wrote: " + tail : "Run with -v:detailed to see its output.")}",
            ProjectFile);
        return false;
    }
}
