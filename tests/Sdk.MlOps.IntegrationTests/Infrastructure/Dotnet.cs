using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Sdk.MlOps.IntegrationTests.Infrastructure;

/// <summary>Runs the real dotnet CLI, as a user or a CI job would, and captures what it printed.</summary>
internal static class Dotnet
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static DotnetResult Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    public static DotnetResult Run(string workingDirectory, IDictionary<string, string>? environment, params string[] args) =>
        Run(workingDirectory, environment, kill: null, args);

    /// <summary>Runs the command and kills it as soon as <paramref name="kill"/> says; the exit code is then the killed process's.</summary>
    public static DotnetResult Run(string workingDirectory, IDictionary<string, string>? environment, Kill? kill, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        // The compiler server, as on a developer's machine (some CI images turn it off): one warm compiler serves every
        // scenario instead of a cold csc per build. PackedSdk's cleanup ends it.
        start.Environment["UseSharedCompilation"] = "true";
        // The test host's own MSBuild and test-runner settings must not leak into the child build (a child dotnet
        // test would take itself for a retry of this run).
        foreach (var name in start.Environment.Keys.Where(IsTestHostSetting).ToList())
            start.Environment.Remove(name);
        // Drawing the model report takes seconds per evaluation: off unless a scenario is about what a user gets
        // (an environment variable is an MSBuild property; the scenario's own environment can turn it back on).
        start.Environment["MlOpsReport"] = "false";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + Timeout;
        while (kill is not null && !process.HasExited && DateTime.UtcNow < deadline)
        {
            if (kill.When())
            {
                process.Kill(entireProcessTree: !kill.OnlyTheCommand);
                break;
            }

            Thread.Sleep(20);
        }

        if (!process.WaitForExit(TimeSpan.FromTicks(Math.Max(0, (deadline - DateTime.UtcNow).Ticks))))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish in {Timeout}:\n{output}");
        }

        process.WaitForExit();
        return new DotnetResult(string.Join(' ', args), process.ExitCode, output.ToString());
    }

    private static bool IsTestHostSetting(string name) =>
        name is "MSBuildExtensionsPath" or "MSBuildSDKsPath" or "MSBUILD_EXE_PATH" or "VSTEST_HOST_DEBUG"
        || name.StartsWith("TESTINGPLATFORM_", StringComparison.Ordinal) || name.StartsWith("DOTNET_CLI_TEST_", StringComparison.Ordinal);
}

/// <param name="When">Polled while the command runs.</param>
/// <param name="OnlyTheCommand">
/// Kill the dotnet process alone, as an out-of-memory killer or a crash would, leaving what it started; otherwise its
/// whole process tree, as a CI runner cancelling a job does.
/// </param>
internal sealed record Kill(Func<bool> When, bool OnlyTheCommand = false);

/// <summary>The outcome of one dotnet command, with assertions that print the whole log when they fail.</summary>
internal sealed partial record DotnetResult(string Command, int ExitCode, string Output)
{
    public DotnetResult ShouldSucceed()
    {
        Assert.AreEqual(0, ExitCode, $"dotnet {Command} failed:\n{Output}");
        return this;
    }

    /// <summary>Fails with the code, reported as a proper MSBuild error, never as a crash or a stack trace.</summary>
    public Diagnostic ShouldFailWith(string code)
    {
        Assert.AreNotEqual(0, ExitCode, $"dotnet {Command} should have failed with {code}:\n{Output}");
        ShouldHaveNoCrash();
        var error = Diagnostics("error").FirstOrDefault(d => d.Code == code);
        Assert.IsNotNull(error, $"no error {code} in dotnet {Command}:\n{Output}");
        return error;
    }

    /// <summary>
    /// Fails with the code in a failed test, as the VSTest mode of dotnet test reports one: an MSBuild error at the
    /// test's location, <c>file(line): error test failed: NAME (DURATION): CODE: message</c>.
    /// </summary>
    public Diagnostic ShouldFailTest(string code)
    {
        Assert.AreNotEqual(0, ExitCode, $"dotnet {Command} should have failed with {code}:\n{Output}");
        ShouldHaveNoCrash();
        var match = FailedTestLine().Matches(Output).FirstOrDefault(m => m.Groups["code"].Value == code);
        Assert.IsNotNull(match, $"no failed test with {code} in dotnet {Command}:\n{Output}");
        return new Diagnostic(code, match.Groups["file"].Value.Trim(), int.Parse(match.Groups["line"].Value), match.Groups["message"].Value);
    }

    public Diagnostic ShouldWarn(string code)
    {
        var warning = Diagnostics("warning").FirstOrDefault(d => d.Code == code);
        Assert.IsNotNull(warning, $"no warning {code} in dotnet {Command}:\n{Output}");
        return warning;
    }

    public void ShouldHaveNoCrash()
    {
        Assert.DoesNotContain("MSB4018", Output, "a task crashed");
        Assert.DoesNotContain("MLOPS9001", Output, "an internal error");
        Assert.IsFalse(StackFrame().IsMatch(Output), $"a stack trace reached the user:\n{Output}");
    }

    /// <summary>What the command printed about one project of a solution: MSBuild ends each of its lines with the project's path.</summary>
    public DotnetResult For(ModelProject project) =>
        this with { Output = string.Join('\n', Output.Split('\n').Where(l => l.Contains(project.ProjectFile, StringComparison.Ordinal))) };

    public bool Trained => Output.Contains("Training ", StringComparison.Ordinal) && Output.Contains("Trained ", StringComparison.Ordinal);

    public IEnumerable<Diagnostic> Diagnostics(string kind) =>
        DiagnosticLine().Matches(Output)
            .Where(m => m.Groups["kind"].Value == kind)
            .Select(m => new Diagnostic(
                m.Groups["code"].Value,
                m.Groups["file"].Value.Trim(),
                m.Groups["line"].Success ? int.Parse(m.Groups["line"].Value) : 0,
                m.Groups["message"].Value));

    // MSBuild's canonical form: file(line[,col]): error CODE: message
    [GeneratedRegex(@"^\s*(?<file>[^\r\n(]*?)(\((?<line>\d+)(,\d+)?\))?\s*:\s+(?<kind>error|warning)\s+(?<code>MLOPS\d{4}):\s*(?<message>[^\r\n]*)", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();

    [GeneratedRegex(@"^\s*(?<file>[^\r\n(]*?)\((?<line>\d+)\): error test failed: (?<test>[^\r\n]*?) \([^)\r\n]*\): (?<code>MLOPS\d{4}): (?<message>[^\r\n]*)", RegexOptions.Multiline)]
    private static partial Regex FailedTestLine();

    [GeneratedRegex(@"^\s+at \S+\.\S+\(.*\)( in .*)?$", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}

internal sealed record Diagnostic(string Code, string File, int Line, string Message);
