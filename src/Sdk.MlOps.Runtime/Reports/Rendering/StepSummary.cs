using System.Text;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// Puts the Markdown report where a CI's readers see it. GitHub Actions: appended to the file
/// <c>GITHUB_STEP_SUMMARY</c> names, the job's summary page. Azure Pipelines (<c>TF_BUILD</c>): a
/// <c>##vso[task.uploadsummary]</c> line on standard output, which attaches the file to the run's summary. GitLab and
/// others have no such page: the report is kept as an artifact instead.
/// </summary>
internal static class StepSummary
{
    /// <summary>GitHub drops a step's whole summary above 1 MiB; past this the summary only points to the report.</summary>
    public const int MaxGitHubBytes = 1000 * 1024;

    /// <summary>What was done, for the caller to log: never throws, a failure comes back as its reason.</summary>
    public sealed record Result(bool Published, string Description);

    public static Result Publish(string markdownPath) => Publish(markdownPath, Environment.GetEnvironmentVariable, Console.Out);

    public static Result Publish(string markdownPath, Func<string, string?> environment, TextWriter output)
    {
        var done = new List<string>();
        var failed = new List<string>();
        if (environment("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary)
        {
            try
            {
                AppendTo(summary, markdownPath);
                done.Add("appended the report to the GitHub Actions job summary");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failed.Add($"could not append to the GitHub Actions job summary: {e.Message}");
            }
        }
        if (string.Equals(environment("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var full = Path.GetFullPath(markdownPath);
                if (!File.Exists(full)) throw new FileNotFoundException($"'{full}' does not exist.");
                output.WriteLine($"##vso[task.uploadsummary]{full}");
                output.Flush();
                done.Add("attached the report to the Azure Pipelines run summary");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failed.Add($"could not attach the report to the Azure Pipelines run summary: {e.Message}");
            }
        }
        if (done.Count == 0 && failed.Count == 0)
            return new Result(false, string.Equals(environment("GITLAB_CI"), "true", StringComparison.OrdinalIgnoreCase)
                ? "GitLab CI has no job summary page: keep the report as a job artifact"
                : "no CI job summary to publish to");
        return new Result(done.Count > 0, string.Join("; ", done.Concat(failed)));
    }

    private static void AppendTo(string summary, string markdownPath)
    {
        var markdown = File.ReadAllText(markdownPath);
        // The limit is the step's whole summary: what earlier models of the same step appended counts too.
        var already = File.Exists(summary) ? new FileInfo(summary).Length : 0;
        if (already + Encoding.UTF8.GetByteCount(markdown) > MaxGitHubBytes)
            markdown = $"The model report {Path.GetFileName(markdownPath)} would take this step's summary over GitHub's 1 MiB limit: see it, and its HTML twin, in the job's artifacts.\n";
        // A summary an earlier step wrote to keeps its content; a blank line keeps the two apart.
        var separator = LastByte(summary) switch { null => "", (byte)'\n' => "\n", _ => "\n\n" };
        File.AppendAllText(summary, separator + markdown + (markdown.EndsWith('\n') ? "" : "\n"));
    }

    private static byte? LastByte(string path)
    {
        if (!File.Exists(path)) return null;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (file.Length == 0) return null;
        file.Seek(-1, SeekOrigin.End);
        return (byte)file.ReadByte();
    }
}
