using System.Globalization;

namespace Sdk.MlOps.MLflow;

/// <summary>
/// MLflow's file store (<c>mlruns/</c>), written in MLflow's own layout: MLflow ≤ 3.11 reads it (later ones only with <c>MLFLOW_ALLOW_FILE_STORE=true</c>),
/// and <c>mlflow migrate-filestore</c> converts it to a database; the REST API (<see cref="MlflowClient"/>) is the durable interface.
/// </summary>
/// <remarks>
/// Several processes may share one store (a parallel <c>dotnet build -m</c> of several model projects): the steps
/// that must see every other writer — a unique experiment or model name, the next version number — run under
/// an inter-process lock on <c>&lt;root&gt;/.mlops.lock</c>; everything else writes into folders no other writer
/// touches, and every file is replaced atomically and every new entity appears whole (see StoreFiles), so a
/// reader never sees half of one. A meta.yaml that is there but damaged fails with <c>DATA_LOSS</c>, naming it.
/// </remarks>
public sealed partial class FileStore : ITrackingStore, IModelRegistry
{
    private const string DefaultExperimentId = "0";
    private const string DefaultExperimentName = "Default";
    private const string ActiveStage = "active";
    /// <summary>MLflow's code for an entity in the wrong lifecycle state; <see cref="MlflowException.ErrorCodes"/> has no constant for it.</summary>
    private const string InvalidState = "INVALID_STATE";

    private readonly StoreLayout _layout;
    private readonly TimeProvider _time;

    /// <param name="rootDirectory">The <c>mlruns</c> folder. Created, with MLflow's "Default" experiment <c>0</c>, when missing.
    /// A relative path is resolved now: artifact URIs in the store are absolute.</param>
    public FileStore(string rootDirectory)
        : this(rootDirectory, TimeProvider.System)
    {
    }

    internal FileStore(string rootDirectory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        RootDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
        _layout = new StoreLayout(RootDirectory);
        _time = time;

        // As MLflow: the Default experiment comes with a new root only (a user may have deleted it since). Two
        // processes may both find the root new; the lock and the second look make exactly one create it.
        var isNew = !Directory.Exists(RootDirectory);
        Directory.CreateDirectory(RootDirectory);
        if (isNew)
        {
            using var storeLock = StoreLock.Acquire(RootDirectory, LockTimeout);
            if (!Directory.Exists(_layout.ExperimentDir(DefaultExperimentId)))
                WriteNewExperiment(DefaultExperimentId, DefaultExperimentName, tags: null);
        }
        Directory.CreateDirectory(_layout.Trash);
    }

    /// <summary>The absolute path of the <c>mlruns</c> folder.</summary>
    public string RootDirectory { get; }

    /// <summary>How long a write waits for another process's critical section before failing with TEMPORARILY_UNAVAILABLE.</summary>
    internal TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(60);

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <inheritdoc/>
    public async Task<string> CreateExperimentAsync(string name, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(name)) throw new MlflowException(MlflowException.ErrorCodes.InvalidParameterValue, "An experiment name must not be empty.");
        foreach (var (key, value) in tags ?? new Dictionary<string, string>()) Limits.CheckTag(key, value);

        using var storeLock = await LockAsync(cancellationToken).ConfigureAwait(false);
        // Deleted experiments count too: a database (mlflow migrate-filestore's target) keeps names unique across both.
        if (ReadExperiments(includeDeleted: true).Any(e => e.Name == name))
            throw new MlflowException(MlflowException.ErrorCodes.ResourceAlreadyExists, $"Experiment '{name}' already exists.");
        string id;
        do id = NewExperimentId();
        while (_layout.FindExperimentDir(id) is not null || Directory.Exists(_layout.ExperimentDir(id)));
        WriteNewExperiment(id, name, tags);
        return id;
    }

    /// <inheritdoc/>
    public Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default) =>
        Completed(() => ReadExperiments(includeDeleted: false).FirstOrDefault(e => e.Name == name), cancellationToken);

    /// <inheritdoc/>
    public Task<Page<Experiment>> SearchExperimentsAsync(string? filter = null, int maxResults = 1000, string? pageToken = null, CancellationToken cancellationToken = default) =>
        Completed(() =>
        {
            var search = SearchFilter.Parse(filter, ExperimentFieldKind);
            var matches = ReadExperiments(includeDeleted: false).Where(e => search.Matches((entity, key) => ExperimentField(e, entity, key)));
            // MLflow's default order: newest first.
            var sorted = matches.OrderByDescending(e => e.CreationTime).ThenByDescending(e => e.ExperimentId, StringComparer.Ordinal).ToList();
            return OffsetPaging.Take(sorted, maxResults, pageToken);
        }, cancellationToken);

    private void WriteNewExperiment(string id, string name, IReadOnlyDictionary<string, string>? tags)
    {
        var dir = _layout.ExperimentDir(id);
        var now = Now;
        // Filled aside and renamed into place: the experiment appears whole, or (disk full) not at all.
        StoreFiles.CreateFolder(dir, scratch =>
        {
            foreach (var (key, value) in tags ?? new Dictionary<string, string>())
                ValueFiles.Write(Path.Combine(scratch, StoreLayout.TagsFolder), key, value);
            MetaYaml.WriteAtomic(Path.Combine(scratch, StoreLayout.MetaFile), new Dictionary<string, object?>
            {
                ["artifact_location"] = FileUri.FromPath(dir),
                ["creation_time"] = now,
                ["experiment_id"] = id,
                ["last_update_time"] = now,
                ["lifecycle_stage"] = ActiveStage,
                ["name"] = name,
            });
        });
    }

    /// <summary>18 digits, as MLflow draws them: unique without coordination, and an int for the migrator.</summary>
    private static string NewExperimentId() =>
        Random.Shared.NextInt64(100_000_000_000_000_000, 1_000_000_000_000_000_000).ToString(CultureInfo.InvariantCulture);

    private IEnumerable<Experiment> ReadExperiments(bool includeDeleted) =>
        _layout.ExperimentDirs(includeDeleted).Select(entry => ReadExperiment(entry.Dir)).OfType<Experiment>();

    /// <summary>
    /// Null for a folder without meta.yaml (half-made by an older writer). A meta.yaml that cannot be read, has no
    /// name, or names another ID than its folder is damage: skipped, its name would look free to the next create.
    /// </summary>
    private static Experiment? ReadExperiment(string dir)
    {
        var path = Path.Combine(dir, StoreLayout.MetaFile);
        var meta = MetaYaml.ReadIfPresent(path);
        if (meta is null) return null;
        if (Text(meta, "experiment_id") is var id && id != Path.GetFileName(dir))
            throw MetaYaml.Damaged(path, id is null ? "it has no experiment_id" : $"its experiment_id '{id}' is not its folder's name");
        if (Text(meta, "name") is not { Length: > 0 } name) throw MetaYaml.Damaged(path, "it has no name");
        return new Experiment(
            Path.GetFileName(dir),
            name,
            Text(meta, "artifact_location") ?? "",
            Text(meta, "lifecycle_stage") ?? ActiveStage,
            Number(meta, "creation_time") ?? 0,
            Number(meta, "last_update_time") ?? 0,
            ValueFiles.ReadAll(Path.Combine(dir, StoreLayout.TagsFolder)));
    }

    private static FieldKind? ExperimentFieldKind(string entity, string key) => (entity, key) switch
    {
        ("attributes", "name" or "experiment_id" or "lifecycle_stage" or "artifact_location") => FieldKind.Text,
        ("attributes", "creation_time" or "last_update_time") => FieldKind.Number,
        ("tags", _) => FieldKind.Text,
        _ => null,
    };

    private static object? ExperimentField(Experiment e, string entity, string key) => (entity, key) switch
    {
        ("attributes", "name") => e.Name,
        ("attributes", "experiment_id") => e.ExperimentId,
        ("attributes", "lifecycle_stage") => e.LifecycleStage,
        ("attributes", "artifact_location") => e.ArtifactLocation,
        ("attributes", "creation_time") => e.CreationTime,
        ("attributes", "last_update_time") => e.LastUpdateTime,
        ("tags", _) => e.Tags.GetValueOrDefault(key),
        _ => null,
    };

    private Task<StoreLock> LockAsync(CancellationToken cancellationToken) => StoreLock.AcquireAsync(RootDirectory, LockTimeout, cancellationToken);

    /// <summary>
    /// Local reads are a few small files: done synchronously, handed back as a finished task, failures included
    /// (so callers see them on await, as with the REST client).
    /// </summary>
    private static Task<T> Completed<T>(Func<T> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        try
        {
            return Task.FromResult(work());
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }

    private static Task Completed(Action work, CancellationToken cancellationToken) =>
        Completed<object?>(() =>
        {
            work();
            return null;
        }, cancellationToken);

    private static string? Text(Dictionary<string, object?> meta, string key) => meta.GetValueOrDefault(key) switch
    {
        null or YamlRaw => null,
        long number => number.ToString(CultureInfo.InvariantCulture),
        var value => value.ToString(),
    };

    private static long? Number(Dictionary<string, object?> meta, string key) => meta.GetValueOrDefault(key) switch
    {
        long number => number,
        string text when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };

    private static MlflowException NotFound(string message) => new(MlflowException.ErrorCodes.ResourceDoesNotExist, message);

    private static MlflowException Invalid(string message) => new(MlflowException.ErrorCodes.InvalidParameterValue, message);
}
