using System.Diagnostics;

namespace Sdk.MlOps.IntegrationTests.Infrastructure;

/// <summary>Runs a program other than dotnet (git, bash) and captures what it printed.</summary>
internal static class Command
{
    public static (int ExitCode, string Output) Run(string program, string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.GetAwaiter().GetResult());
    }

    /// <summary>Runs git and returns its trimmed output; a failing git fails the test.</summary>
    public static string Git(string workingDirectory, params string[] args)
    {
        var (exitCode, output) = Run("git", workingDirectory, null, args);
        Assert.AreEqual(0, exitCode, $"git {string.Join(' ', args)}: {output}");
        return output.Trim();
    }
}
