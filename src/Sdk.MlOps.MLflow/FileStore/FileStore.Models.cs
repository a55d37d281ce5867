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
        // A damaged meta.yaml fails here (it is neither an existing model nor free to overwrite).
        if (ReadModel(dir) is not null)
            throw new MlflowException(MlflowException.ErrorCodes.ResourceAlreadyExists, $"Registered model '{name}' already exists.");
        // A folder without meta.yaml is a creation an older writer left half-way: replaced. One that holds versions
        // lost its meta.yaml afterwards: that is damage, and its versions are not thrown away.
        if (StoreLayout.VersionNumbers(dir).Any())
            throw MetaYaml.Damaged(Path.Combine(dir, StoreLayout.MetaFile), "it is missing, and the folder holds versions");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        var now = Now;
        StoreFiles.CreateFolder(dir, scratch =>
        {
            foreach (var (key, value) in modelTags) ValueFiles.Write(Path.Combine(scratch, StoreLayout.TagsFolder), key, value);
            MetaYaml.WriteAtomic(Path.Combine(scratch, StoreLayout.MetaFile), new Dictionary<string, object?>
            {
                ["creation_timestamp"] = now,
                ["description"] = description ?? "",
                ["last_updated_timestamp"] = now,
                ["name"] = name,
            });
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
        // Read whole, versions included: no version is added to a model whose files are damaged.
        if (ReadModel(modelDir) is null) throw NotFound($"Registered model '{name}' does not exist.");
        var version = StoreLayout.VersionNumbers(modelDir).DefaultIfEmpty(0).Max() + 1;
        var dir = _layout.VersionDir(name, version);
        var now = Now;
        StoreFiles.CreateFolder(dir, scratch =>
        {
            foreach (var (key, value) in versionTags) ValueFiles.Write(Path.Combine(scratch, StoreLayout.TagsFolder), key, value);
            MetaYaml.WriteAtomic(Path.Combine(scratch, StoreLayout.MetaFile), new Dictionary<string, object?>
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
        Directory.Exists(_layout.Models)
            ? Directory.EnumerateDirectories(_layout.Models).Where(d => !StoreFiles.IsScratch(Path.GetFileName(d))).Order(StringComparer.Ordinal)
            : [];

    /// <summary>Null when the folder holds no meta.yaml (half-made by an older writer); damage in it or its versions throws.</summary>
    private static RegisteredModel? ReadModel(string dir)
    {
        var path = Path.Combine(dir, StoreLayout.MetaFile);
        var meta = MetaYaml.ReadIfPresent(path);
        if (meta is null) return null;
        if (Text(meta, "name") is var name && name != Path.GetFileName(dir))
            throw MetaYaml.Damaged(path, name is null ? "it has no name" : $"its name '{name}' is not its folder's name");
        var latest = ReadVersions(dir)
            .Where(v => v.CurrentStage != StageDeleted)
            .GroupBy(v => v.CurrentStage)
            .Select(stage => stage.MaxBy(v => StoreLayout.ParseVersion(v.Version))!)
            .OrderBy(v => Array.IndexOf(Stages, v.CurrentStage) is var i and >= 0 ? i : Stages.Length)
            .ToList();
        return new RegisteredModel(
            name!,
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

    /// <summary>Null for a version folder without meta.yaml (half-made by an older writer); a damaged one throws.</summary>
    private static ModelVersion? ReadVersion(string dir, IReadOnlyDictionary<string, string> aliases)
    {
        var path = Path.Combine(dir, StoreLayout.MetaFile);
        var meta = MetaYaml.ReadIfPresent(path);
        if (meta is null) return null;
        if (Text(meta, "version") is var version && version != Path.GetFileName(dir)[StoreLayout.VersionPrefix.Length..])
            throw MetaYaml.Damaged(path, version is null ? "it has no version" : $"its version '{version}' is not its folder's number");
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
