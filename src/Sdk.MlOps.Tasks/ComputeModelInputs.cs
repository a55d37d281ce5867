using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// Hashes everything that determines the model — data content, data options, parameters, seed, the pipeline's
/// source code and compile settings, and the versions of every package it runs on — into one input hash: the
/// model's identity and its cache key. Content, not timestamps, because CI checkouts reset timestamps; sources,
/// not the compiled assembly, because the assembly carries the clone's paths and per-commit version stamps.
/// Also resolves each data item's options and location.
/// </summary>
public sealed class ComputeModelInputs : Task
{
    [Required] public string ProjectFile { get; set; } = "";
    /// <summary>The built program: it must exist for the model to be trained or evaluated.</summary>
    [Required] public string PipelineAssembly { get; set; } = "";
    /// <summary>The project's Compile items; those under <see cref="IntermediateDirectory"/> are generated and skipped.</summary>
    public ITaskItem[] Sources { get; set; } = [];
    public string IntermediateDirectory { get; set; } = "";
    /// <summary>Where the per-file fingerprints are remembered between builds.</summary>
    public string FingerprintRecord { get; set; } = "";

    public ITaskItem[] TrainingData { get; set; } = [];
    public ITaskItem[] TestData { get; set; } = [];
    public ITaskItem[] Parameters { get; set; } = [];
    /// <summary>Resolved references; their NuGet id and version (ML.NET's, this SDK's) enter the hash.</summary>
    public ITaskItem[] References { get; set; } = [];
    /// <summary>Further name=value settings that change the model (seed, test fraction, model class, SDK version).</summary>
    public string[] Settings { get; set; } = [];
    /// <summary>
    /// The compile constants. Only those the sources test (<c>#if</c>, <c>#elif</c>, <c>[Conditional]</c>) enter the
    /// hash, so Debug and Release share one model unless the pipeline's code differs between them.
    /// </summary>
    public string DefineConstants { get; set; } = "";
    /// <summary>Compile items of referenced projects (from their SourceFilesProjectOutputGroup), hashed as sources.</summary>
    public ITaskItem[] ProjectReferenceSources { get; set; } = [];
    /// <summary>MlOpsInput items: files the pipeline reads at run time, hashed like data.</summary>
    public ITaskItem[] RuntimeInputs { get; set; } = [];

    [Output] public string InputHash { get; private set; } = "";
    [Output] public ITaskItem[] ResolvedTrainingData { get; private set; } = [];
    [Output] public ITaskItem[] ResolvedTestData { get; private set; } = [];

    public override bool Execute()
    {
        var locator = ItemLocator.For(BuildEngine, ProjectFile);
        var facts = new List<string>();
        var fingerprints = new FileFingerprints(FingerprintRecord.Length == 0 ? null : FingerprintRecord);
        ResolvedTrainingData = Resolve(TrainingData, "MlTrainingData", locator, facts, fingerprints);
        ResolvedTestData = Resolve(TestData, "MlTestData", locator, facts, fingerprints);
        if (Log.HasLoggedErrors) return false;

        facts.AddRange(Parameters.Select(p => $"param {p.ItemSpec}={p.GetMetadata("Value")}").OrderBy(s => s, StringComparer.Ordinal));
        facts.AddRange(Settings.Select(s => "setting " + s));
        facts.AddRange(References
            .Where(r => r.GetMetadata("NuGetPackageId").Length > 0)
            .Select(r => $"package {r.GetMetadata("NuGetPackageId")}/{r.GetMetadata("NuGetPackageVersion")}")
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(s => s, StringComparer.OrdinalIgnoreCase));
        facts.AddRange(RuntimeInputFacts(locator, fingerprints));
        if (Log.HasLoggedErrors) return false;
        if (!File.Exists(PipelineAssembly))
        {
            Log.Error(ErrorCodes.ModelNotTrained, $"The model program '{PipelineAssembly}' has not been built in this configuration. Build it first with the same -c and -f (e.g. dotnet build -c Release before dotnet publish --no-build, which is Release by default), or drop --no-build.", ProjectFile);
            return false;
        }

        var sources = PipelineSources().ToList();
        var referenced = new ReferencedSources(ProjectReferenceSources).ToList();
        var symbolRecord = FingerprintRecord.Length == 0 ? null : Path.Combine(Path.GetDirectoryName(FingerprintRecord)!, "tested-symbols.tsv");
        var scanned = sources.Concat(referenced.Select(r => r.Path)).Select(path => (path, fingerprints.Of(path)));
        facts.Add("setting defines=" + string.Join(";", ConditionalSymbols.Used(DefineConstants, scanned, symbolRecord)));
        facts.AddRange(sources.Select(path => $"source {Relative(ProjectDirectory, path)} {fingerprints.Of(path)}").OrderBy(s => s, StringComparer.Ordinal));
        // Code of referenced projects enters by its sources too: their compiled assembly carries each clone's paths.
        facts.AddRange(referenced.Select(r => $"project {r.Project} source {r.RelativePath} {fingerprints.Of(r.Path)}").OrderBy(s => s, StringComparer.Ordinal));
        fingerprints.Save();

        InputHash = Sha256Hex.Of(Encoding.UTF8.GetBytes(string.Join("\n", facts)));
        Log.LogMessage(MessageImportance.Low, "Model input hash {0} over:\n  {1}", InputHash, string.Join("\n  ", facts));
        return true;
    }

    private string ProjectDirectory => Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;

    /// <summary>The hand-written sources (named by their path relative to the project, the same in every clone).</summary>
    private IEnumerable<string> PipelineSources()
    {
        var generated = IntermediateDirectory.Length == 0
            ? null
            : Path.GetFullPath(IntermediateDirectory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return Sources
            .Select(s => Path.GetFullPath(Path.Combine(ProjectDirectory, s.ItemSpec)))
            .Where(path => generated is null || !path.StartsWith(generated, StringComparison.OrdinalIgnoreCase))
            .Where(File.Exists)
            .Distinct(StringComparer.OrdinalIgnoreCase);
    }

    private IEnumerable<string> RuntimeInputFacts(ItemLocator locator, FileFingerprints fingerprints)
    {
        var facts = new List<string>();
        foreach (var input in RuntimeInputs)
        {
            var path = input.GetMetadata("FullPath");
            if (!File.Exists(path))
            {
                var (file, line) = locator.Locate("MlOpsInput", input.ItemSpec);
                Log.Error(ErrorCodes.RuntimeInputMissing, $"The MlOpsInput file '{input.ItemSpec}' does not exist. Fix the Include path or add the file.", file, line);
                continue;
            }

            facts.Add($"input {Relative(ProjectDirectory, path)} {fingerprints.Of(path)}");
        }

        return facts.OrderBy(f => f, StringComparer.Ordinal);
    }

    internal static string Relative(string baseDir, string path)
    {
        var relative = new Uri(baseDir.TrimEnd('/', '\\') + "/").MakeRelativeUri(new Uri(path)).OriginalString;
        return Uri.UnescapeDataString(relative).Replace('\\', '/');
    }

    private ITaskItem[] Resolve(ITaskItem[] items, string itemType, ItemLocator locator, List<string> facts, FileFingerprints fingerprints)
    {
        var resolved = new List<ITaskItem>();
        foreach (var item in items)
        {
            var (file, line) = locator.Locate(itemType, item.ItemSpec);
            var path = item.GetMetadata("FullPath");
            if (Directory.Exists(path))
            {
                Log.Error(ErrorCodes.DataPathIsDirectory, $"The {itemType} '{item.ItemSpec}' is a folder, not a file. Name the data file itself, e.g. {item.ItemSpec.TrimEnd('/', '\\')}/train.csv.", file, line);
                continue;
            }

            if (!File.Exists(path))
            {
                Log.Error(ErrorCodes.DataFileMissing, $"The {itemType} file '{item.ItemSpec}' does not exist (looked for {path}). Fix the Include path or add the file.", file, line);
                continue;
            }

            var length = new FileInfo(path).Length;
            if (length == 0)
            {
                Log.Error(ErrorCodes.DataFileEmpty, $"The {itemType} file '{item.ItemSpec}' is empty. It needs a header and at least one row.", path);
                continue;
            }

            var extension = Path.GetExtension(path);
            var separator = Metadata(item, "Separator", extension.Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? "tab" : ",");
            var hasHeader = Metadata(item, "HasHeader", "true");
            var allowQuoting = Metadata(item, "AllowQuoting", "true");
            // A switch spelled otherwise (AllowQuoting="no") must not silently mean its opposite.
            var badSwitch = new[] { "HasHeader", "AllowQuoting", "TrimWhitespace", "ReadMultilines", "MissingRealsAsNaNs", "AllowNonFinite" }
                .FirstOrDefault(name => item.GetMetadata(name) is { Length: > 0 } v && !v.Equals("true", StringComparison.OrdinalIgnoreCase) && !v.Equals("false", StringComparison.OrdinalIgnoreCase));
            if (badSwitch is not null)
            {
                Log.Error(ErrorCodes.DataOptionInvalid, $"{badSwitch}=\"{item.GetMetadata(badSwitch)}\" of '{item.ItemSpec}' is neither true nor false. Write {badSwitch}=\"true\" or {badSwitch}=\"false\".", file, line);
                continue;
            }

            // What changes the rows ML.NET reads changes the model: TextLoader's options enter the hash.
            var reading = $"skip={Metadata(item, "SkipRows", "0")} trim={Flag(item, "TrimWhitespace")} multiline={Metadata(item, "ReadMultilines", "auto").ToLowerInvariant()} nan={Flag(item, "MissingRealsAsNaNs")} nonfinite={Flag(item, "AllowNonFinite")}";
            if (!int.TryParse(Metadata(item, "SkipRows", "0"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                Log.Error(ErrorCodes.DataOptionInvalid, $"SkipRows '{item.GetMetadata("SkipRows")}' of '{item.ItemSpec}' is not a whole number. Use e.g. SkipRows=\"2\".", file, line);
                continue;
            }

            var hash = fingerprints.Of(path);

            var output = new TaskItem(item.ItemSpec);
            item.CopyMetadataTo(output); // the reading options (SkipRows, TrimWhitespace, ...) travel to the request
            output.SetMetadata("DataPath", path);
            output.SetMetadata("Separator", separator);
            output.SetMetadata("HasHeader", hasHeader);
            output.SetMetadata("AllowQuoting", allowQuoting);
            output.SetMetadata("Hash", hash);
            output.SetMetadata("Length", length.ToString());
            output.SetMetadata("DefinedIn", file);
            output.SetMetadata("Line", line.ToString());
            resolved.Add(output);
            facts.Add($"{itemType} {item.ItemSpec.Replace('\\', '/')} sep={separator} header={hasHeader} quoting={allowQuoting} {reading} {hash}");
        }

        return resolved.ToArray();
    }

    private static string Flag(ITaskItem item, string name) =>
        item.GetMetadata(name).Equals("true", StringComparison.OrdinalIgnoreCase) ? "true" : "false";

    private static string Metadata(ITaskItem item, string name, string defaultValue)
    {
        var value = item.GetMetadata(name);
        return value.Length == 0 ? defaultValue : value;
    }
}
