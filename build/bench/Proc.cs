using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Bench;

/// <summary>What one child process did: exit code, everything it printed (each line stamped on arrival), wall time.</summary>
internal sealed partial record Run(string Command, int ExitCode, TimeSpan Elapsed, IReadOnlyList<(double AtSeconds, string Text)> Lines)
{
    public string Output => string.Join('\n', Lines.Select(l => l.Text));

    public double Seconds => Elapsed.TotalSeconds;

    public Run ShouldSucceed() =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"`{Command}` exited with {ExitCode}:\n{Output}");

    /// <summary>When the first line containing <paramref name="text"/> arrived, in seconds from the start.</summary>
    public double? At(string text) => Lines.FirstOrDefault(l => l.Text.Contains(text, StringComparison.Ordinal)) is { Text: not null } l ? l.AtSeconds : null;

    /// <summary>Milliseconds of one target or task from MSBuild's <c>-clp:PerformanceSummary</c>.</summary>
    public double? SummaryMs(string section, string name) => Summary(section).TryGetValue(name, out var ms) ? ms : null;

    /// <summary>A section of <c>-clp:PerformanceSummary</c> ("Target", "Task", "Project Evaluation"): name to total ms.</summary>
    public Dictionary<string, double> Summary(string section)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        bool inside = false;
        foreach (var (_, text) in Lines)
        {
            if (text.EndsWith("Performance Summary:", StringComparison.Ordinal)) { inside = text.Trim() == section + " Performance Summary:"; continue; }
            if (!inside) continue;
            var m = SummaryLine().Match(text);
            if (!m.Success) { if (text.Trim().Length > 0) inside = false; continue; }
            var name = m.Groups["name"].Value;
            result[name] = result.GetValueOrDefault(name) + double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture);
        }

        return result;
    }

    [GeneratedRegex(@"^\s*(?<ms>\d+) ms\s+(?<name>\S.*?)\s+\d+ calls\s*$")]
    private static partial Regex SummaryLine();
}

/// <summary>Runs processes the way a developer's shell would, with the same MSBuild settings for every build.</summary>
internal static class Proc
{
    /// <summary>
    /// Every build of every figure runs with these, so A and B of a comparison differ only in the project: no MSBuild
    /// node reuse (the flag and the variable), no MSBuild server, no compiler server (each compile is a cold csc).
    /// </summary>
    public static readonly string[] BuildSwitches = ["-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false"];

    public const string Settings =
        "-nodeReuse:false and MSBUILDDISABLENODEREUSE=1, DOTNET_CLI_USE_MSBUILD_SERVER=0, UseSharedCompilation=false (no compiler server), -c Release";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static Run Dotnet(string workingDirectory, params string[] args) => Exec(workingDirectory, "dotnet", args);

    /// <summary><c>dotnet build -c Release</c> with the shared switches and <paramref name="args"/>.</summary>
    public static Run Build(string projectDirectory, params string[] args) =>
        Dotnet(projectDirectory, ["build", "-c", "Release", .. BuildSwitches, .. args]);

    public static Run Exec(string workingDirectory, string file, params string[] args) => Exec(null, workingDirectory, file, args);

    /// <summary>As <see cref="Exec(string, string, string[])"/>, with extra environment variables.</summary>
    public static Run Exec(IReadOnlyDictionary<string, string>? environment, string workingDirectory, string file, string[] args)
    {
        var start = new ProcessStartInfo(file)
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
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        // `dotnet run` hands its own MSBuild location to the program; a child build must find its own.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" })
            start.Environment.Remove(name);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;

        var lines = new List<(double, string)>();
        var clock = new Stopwatch();
        using var process = new Process { StartInfo = start };
        DataReceivedEventHandler collect = (_, e) => { if (e.Data is not null) lock (lines) lines.Add((clock.Elapsed.TotalSeconds, e.Data)); };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        clock.Start();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {Timeout}");
        }

        clock.Stop();
        process.WaitForExit(); // drains the output
        return new Run($"{file} {string.Join(' ', args)}", process.ExitCode, clock.Elapsed, lines);
    }
}

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    /// <summary>"1.23 s (5 runs, 1.20–1.31)".</summary>
    public static string Describe(IReadOnlyCollection<double> seconds, string unit = "s", string format = "0.00") =>
        $"{Median(seconds).ToString(format, CultureInfo.InvariantCulture)} {unit} ({seconds.Count} runs, " +
        $"{seconds.Min().ToString(format, CultureInfo.InvariantCulture)}–{seconds.Max().ToString(format, CultureInfo.InvariantCulture)})";

    public static string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);
}
