using System.Globalization;
using System.Text.RegularExpressions;

namespace Sdk.MlOps.MLflow;

/// <summary>
/// Where things live in an <c>mlruns/</c> tree, and the ID checks that keep caller-given IDs from naming any
/// other path (an ID is a folder name, so "../x" must never get this far).
/// </summary>
internal sealed partial class StoreLayout(string root)
{
    public const string MetaFile = "meta.yaml";
    public const string TrashFolder = ".trash";
    public const string ModelsFolder = "models";
    public const string TagsFolder = "tags";
    public const string ParamsFolder = "params";
    public const string MetricsFolder = "metrics";
    public const string ArtifactsFolder = "artifacts";
    public const string AliasesFolder = "aliases";
    public const string DatasetsFolder = "datasets";
    public const string InputsFolder = "inputs";
    public const string VersionPrefix = "version-";

    /// <summary>Folders of an experiment that are never runs (MLflow's reserved names, newer ones included).</summary>
    private static readonly HashSet<string> ReservedInExperiment = new(StringComparer.Ordinal) { "tags", "datasets", "traces", "models" };

    public string Root { get; } = root;

    public string Trash => Path.Combine(Root, TrashFolder);

    public string Models => Path.Combine(Root, ModelsFolder);

    public string ExperimentDir(string experimentId) => Path.Combine(Root, CheckExperimentId(experimentId));

    /// <summary>Active experiments first, then those in .trash (which MLflow still finds by ID).</summary>
    public IEnumerable<(string Dir, bool Deleted)> ExperimentDirs(bool includeDeleted)
    {
        foreach (var dir in SubDirs(Root))
        {
            var name = Path.GetFileName(dir);
            if (name is TrashFolder or ModelsFolder || StoreFiles.IsScratch(name)) continue;
            yield return (dir, false);
        }
        if (!includeDeleted) yield break;
        foreach (var dir in SubDirs(Trash).Where(d => !StoreFiles.IsScratch(Path.GetFileName(d)))) yield return (dir, true);
    }

    /// <summary>The experiment folder by ID, active or deleted; null when there is none.</summary>
    public string? FindExperimentDir(string experimentId)
    {
        CheckExperimentId(experimentId);
        var active = Path.Combine(Root, experimentId);
        if (File.Exists(Path.Combine(active, MetaFile))) return active;
        var deleted = Path.Combine(Trash, experimentId);
        return File.Exists(Path.Combine(deleted, MetaFile)) ? deleted : null;
    }

    public static IEnumerable<string> RunDirs(string experimentDir) =>
        SubDirs(experimentDir).Where(dir => !ReservedInExperiment.Contains(Path.GetFileName(dir)) && !StoreFiles.IsScratch(Path.GetFileName(dir)));

    /// <summary>The run folder by ID in any experiment; null when there is none.</summary>
    public string? FindRunDir(string runId)
    {
        CheckRunId(runId);
        if (ReservedInExperiment.Contains(runId)) return null;
        foreach (var (dir, _) in ExperimentDirs(includeDeleted: true))
        {
            var runDir = Path.Combine(dir, runId);
            if (File.Exists(Path.Combine(runDir, MetaFile))) return runDir;
        }
        return null;
    }

    public string ModelDir(string name) => Path.Combine(Models, CheckModelName(name));

    public string VersionDir(string name, int version) =>
        Path.Combine(ModelDir(name), VersionPrefix + version.ToString(CultureInfo.InvariantCulture));

    /// <summary>The version numbers that have a folder, finished or not (a half-written one still takes its number).</summary>
    public static IEnumerable<int> VersionNumbers(string modelDir) =>
        SubDirs(modelDir).Select(dir => ParseVersion(Path.GetFileName(dir).StartsWith(VersionPrefix, StringComparison.Ordinal) ? Path.GetFileName(dir)[VersionPrefix.Length..] : ""))
            .Where(n => n > 0);

    /// <summary>A positive version number in its canonical spelling, else 0.</summary>
    public static int ParseVersion(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 && n.ToString(CultureInfo.InvariantCulture) == text ? n : 0;

    public static string CheckExperimentId(string experimentId) =>
        ExperimentIdPattern().IsMatch(experimentId ?? "") ? experimentId! : throw Invalid($"Invalid experiment ID '{experimentId}'.");

    public static string CheckRunId(string runId) =>
        RunIdPattern().IsMatch(runId ?? "") ? runId! : throw Invalid($"Invalid run ID '{runId}'.");

    /// <summary>
    /// MLflow forbids '/' and '%' in model names for the file store; the name is also a folder name here, so
    /// anything a file system would refuse or reinterpret is refused too.
    /// </summary>
    public static string CheckModelName(string name)
    {
        if (string.IsNullOrEmpty(name) || name is "." or ".." || name.Trim() != name || name.IndexOfAny(['/', '\\', '%']) >= 0
            || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Any(char.IsControl))
            throw Invalid($"Invalid registered model name '{name}': it must be a non-empty folder name without '/', '\\' or '%'.");
        return name;
    }

    private static IEnumerable<string> SubDirs(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal) : [];

    private static MlflowException Invalid(string message) => new(MlflowException.ErrorCodes.InvalidParameterValue, message);

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_\-]{0,63}$")]
    private static partial Regex ExperimentIdPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_\-]{0,255}$")]
    private static partial Regex RunIdPattern();
}
