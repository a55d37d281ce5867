namespace Sdk.MlOps.MLflow;

public sealed partial class FileStore
{
    private const string StageNone = "None";
    /// <summary>The stage MLflow gives a deleted version, which then exists for no reader.</summary>
    private const string StageDeleted = "Deleted_Internal";
    private const string StatusReady = "READY";

    /// <summary>Stages in the order <see cref="RegisteredModel.LatestVersions"/> lists them.</summary>
    private static readonly string[] Stages = [StageNone, "Staging", "Production", "Archived"];

    /// <inheritdoc/>
    public async Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        var dir = _layout.ModelDir(name);
        var modelTags = new Dictionary<string, string>(tags ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in modelTags) Limits.CheckTag(key, value);

        using var storeLock = await LockAsync(cancellationToken).ConfigureAwait(false);
        // A folder without meta.yaml is a creation that died half-way: taken over, not an existing model.
        if (File.Exists(Path.Combine(dir, StoreLayout.MetaFile)))
            throw new MlflowException(MlflowException.ErrorCodes.ResourceAlreadyExists, $"Registered model '{name}' already exists.");
        Directory.CreateDirectory(dir);
        foreach (var (key, value) in modelTags) ValueFiles.Write(Path.Combine(dir, StoreLayout.TagsFolder), key, value);
        var now = Now;
        MetaYaml.WriteAtomic(Path.Combine(dir, StoreLayout.MetaFile), new Dictionary<string, object?>
        {
            ["creation_timestamp"] = now,
            ["description"] = description ?? "",
            ["last_updated_timestamp"] = now,
            ["name"] = name,
        });
        return new RegisteredModel(name, description ?? "", now, now, modelTags, new Dictionary<string, string>(), []);
    }

    /// <inheritdoc/>
    public Task<RegisteredModel?> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default) =>
        Completed(() => ReadModel(_layout.ModelDir(name)), cancellationToken);

    /// <inheritdoc/>
    public Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(string? filter = null, int maxResults = 100, string? pageToken = null, CancellationToken cancellationToken = default) =>
        Completed(() =>
        {
            var search = SearchFilter.Parse(filter, ModelFieldKind);
            var models = ModelDirs().Select(ReadModel).OfType<RegisteredModel>()
                .Where(m => search.Matches((entity, key) => (entity, key) switch
                {
                    ("attributes", "name") => m.Name,
                    ("tags", _) => m.Tags.GetValueOrDefault(key),
                    _ => null,
                }))
                .OrderBy(m => m.Name, StringComparer.Ordinal)
                .ToList();
            return OffsetPaging.Take(models, maxResults, pageToken);
        }, cancellationToken);

    /// <summary>The next number is max + 1 over the version folders, taken under the store lock so parallel builds never share one.</summary>
    public async Task<ModelVersion> CreateModelVersionAsync(string name, string source, string runId, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        var modelDir = _layout.ModelDir(name);
        if (string.IsNullOrEmpty(source)) throw Invalid("A model version needs a source URI, e.g. runs:/<run_id>/model.");
        if (!string.IsNullOrEmpty(runId)) StoreLayout.CheckRunId(runId);
        var versionTags = new Dictionary<string, string>(tags ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in versionTags) Limits.CheckTag(key, value);

        using var storeLock = await LockAsync(cancellationToken).ConfigureAwait(false);
        if (!File.Exists(Path.Combine(modelDir, StoreLayout.MetaFile))) throw NotFound($"Registered model '{name}' does not exist.");
        var version = StoreLayout.VersionNumbers(modelDir).DefaultIfEmpty(0).Max() + 1;
        var dir = _layout.VersionDir(name, version);
        Directory.CreateDirectory(dir);
        foreach (var (key, value) in versionTags) ValueFiles.Write(Path.Combine(dir, StoreLayout.TagsFolder), key, value);
        var now = Now;
        MetaYaml.WriteAtomic(Path.Combine(dir, StoreLayout.MetaFile), new Dictionary<string, object?>
        {
            ["creation_timestamp"] = now,
            ["current_stage"] = StageNone,
            ["description"] = "",
            ["last_updated_timestamp"] = now,
            ["name"] = name,
            ["run_id"] = runId ?? "",
            ["run_link"] = "",
            ["source"] = source,
            ["status"] = StatusReady,
            ["status_message"] = null,
            ["storage_location"] = source,
            ["user_id"] = null,
            ["version"] = (long)version,
        });
        TouchModel(modelDir, now);
        return new ModelVersion(name, version.ToString(System.Globalization.CultureInfo.InvariantCulture), source, runId ?? "", StatusReady, StageNone, "",
            now, now, versionTags, []);
    }

    /// <inheritdoc/>
    public Task<ModelVersion?> GetModelVersionAsync(string name, string version, CancellationToken cancellationToken = default) =>
        Completed(() => ReadLiveVersion(name, version), cancellationToken);

    /// <inheritdoc/>
    public Task<Page<ModelVersion>> SearchModelVersionsAsync(string? filter = null, int maxResults = 100, string? pageToken = null, CancellationToken cancellationToken = default) =>
        Completed(() =>
        {
            var search = SearchFilter.Parse(filter, VersionFieldKind);
            var versions = ModelDirs().SelectMany(ReadVersions)
                .Where(v => v.CurrentStage != StageDeleted && search.Matches((entity, key) => VersionField(v, entity, key)))
                // MLflow's default order: most recently updated first, then by name, newest version first.
                .OrderByDescending(v => v.LastUpdatedTimestamp)
                .ThenBy(v => v.Name, StringComparer.Ordinal)
                .ThenByDescending(v => StoreLayout.ParseVersion(v.Version))
                .ToList();
            return OffsetPaging.Take(versions, maxResults, pageToken);
        }, cancellationToken);

    private IEnumerable<string> ModelDirs() =>
        Directory.Exists(_layout.Models) ? Directory.EnumerateDirectories(_layout.Models).Order(StringComparer.Ordinal) : [];

    /// <summary>Null when the folder holds no readable meta.yaml (missing, or still being created).</summary>
    private static RegisteredModel? ReadModel(string dir)
    {
        var meta = MetaYaml.TryRead(Path.Combine(dir, StoreLayout.MetaFile));
        if (meta is null) return null;
        var latest = ReadVersions(dir)
            .Where(v => v.CurrentStage != StageDeleted)
            .GroupBy(v => v.CurrentStage)
            .Select(stage => stage.MaxBy(v => StoreLayout.ParseVersion(v.Version))!)
            .OrderBy(v => Array.IndexOf(Stages, v.CurrentStage) is var i and >= 0 ? i : Stages.Length)
            .ToList();
        return new RegisteredModel(
            Text(meta, "name") ?? Path.GetFileName(dir),
            Text(meta, "description") ?? "",
            Number(meta, "creation_timestamp") ?? 0,
            Number(meta, "last_updated_timestamp") ?? 0,
            ValueFiles.ReadAll(Path.Combine(dir, StoreLayout.TagsFolder)),
            ReadAliases(dir),
            latest);
    }

    private ModelVersion? ReadLiveVersion(string name, string version)
    {
        var number = StoreLayout.ParseVersion(version);
        if (number == 0) throw Invalid($"Model version '{version}' is not a positive integer.");
        var dir = _layout.VersionDir(name, number);
        return ReadVersion(dir, ReadAliases(Path.GetDirectoryName(dir)!)) is { } found && found.CurrentStage != StageDeleted ? found : null;
    }

    private static IEnumerable<ModelVersion> ReadVersions(string modelDir)
    {
        var aliases = ReadAliases(modelDir);
        return StoreLayout.VersionNumbers(modelDir).Order()
            .Select(n => ReadVersion(Path.Combine(modelDir, StoreLayout.VersionPrefix + n), aliases))
            .OfType<ModelVersion>();
    }

    /// <summary>Null for a version folder without a readable meta.yaml (missing, or still being created).</summary>
    private static ModelVersion? ReadVersion(string dir, IReadOnlyDictionary<string, string> aliases)
    {
        var meta = MetaYaml.TryRead(Path.Combine(dir, StoreLayout.MetaFile));
        if (meta is null || Text(meta, "version") is not { } version) return null;
        return new ModelVersion(
            Text(meta, "name") ?? Path.GetFileName(Path.GetDirectoryName(dir))!,
            version,
            Text(meta, "source") ?? "",
            Text(meta, "run_id") ?? "",
            Text(meta, "status") ?? StatusReady,
            Text(meta, "current_stage") ?? StageNone,
            Text(meta, "description") ?? "",
            Number(meta, "creation_timestamp") ?? 0,
            Number(meta, "last_updated_timestamp") ?? 0,
            ValueFiles.ReadAll(Path.Combine(dir, StoreLayout.TagsFolder)),
            // A version's aliases are the alias files naming it, as MLflow derives them.
            aliases.Where(a => a.Value == version).Select(a => a.Key).Order(StringComparer.Ordinal).ToList());
    }

    private static Dictionary<string, string> ReadAliases(string modelDir) => ValueFiles.ReadAll(Path.Combine(modelDir, StoreLayout.AliasesFolder));

    /// <summary>Bumps the model's last_updated_timestamp, as MLflow does on every change below it; callers hold the store lock.</summary>
    private static void TouchModel(string modelDir, long now)
    {
        var path = Path.Combine(modelDir, StoreLayout.MetaFile);
        var meta = MetaYaml.Read(path);
        meta["last_updated_timestamp"] = now;
        MetaYaml.WriteAtomic(path, meta);
    }

    private static FieldKind? ModelFieldKind(string entity, string key) => (entity, key) switch
    {
        ("attributes", "name") or ("tags", _) => FieldKind.Text,
        _ => null,
    };

    private static FieldKind? VersionFieldKind(string entity, string key) => (entity, key) switch
    {
        ("attributes", "name" or "run_id" or "source" or "source_path" or "current_stage" or "status") or ("tags", _) => FieldKind.Text,
        ("attributes", "version_number") => FieldKind.Number,
        _ => null,
    };

    private static object? VersionField(ModelVersion v, string entity, string key) => (entity, key) switch
    {
        ("attributes", "name") => v.Name,
        ("attributes", "run_id") => v.RunId,
        ("attributes", "source" or "source_path") => v.Source,
        ("attributes", "current_stage") => v.CurrentStage,
        ("attributes", "status") => v.Status,
        ("attributes", "version_number") => (long)StoreLayout.ParseVersion(v.Version),
        ("tags", _) => v.Tags.GetValueOrDefault(key),
        _ => null,
    };
}
