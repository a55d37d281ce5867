using Microsoft.Extensions.Logging;
using Sdk.MlOps.Inference;
using Sdk.MlOps.Serving.Telemetry;

namespace Sdk.MlOps.Serving.Models;

/// <summary>The rows of one request, predicted by one version of a model.</summary>
internal sealed record ServedPrediction(ModelIdentity Identity, IReadOnlyList<ModelPrediction> Predictions);

/// <summary>
/// A model as the endpoints see it, whatever its input class: a name, the input columns, the version answering, and
/// prediction from parsed rows (one value per column, null where the caller gave none).
/// </summary>
internal abstract class ServedModel
{
    private volatile ModelFacts? _facts;

    protected ServedModel(string name, InputColumns columns)
    {
        Name = name;
        Columns = columns;
    }

    public string Name { get; }

    public InputColumns Columns { get; }

    public abstract ModelIdentity Identity { get; }

    public abstract ServedPrediction Predict(IReadOnlyList<object?[]> rows);

    /// <summary>The output facts of the version that made <paramref name="prediction"/>.</summary>
    public ModelFacts FactsOf(ServedPrediction prediction) => Facts(prediction.Identity);

    /// <summary>The output facts of the version answering now, for metadata.</summary>
    public ModelFacts CurrentFacts() => Facts(Identity);

    private ModelFacts Facts(ModelIdentity identity)
    {
        var cached = _facts;
        if (cached is not null && ReferenceEquals(cached.Identity, identity)) return cached;
        return _facts = ModelFacts.From(identity);
    }
}

/// <summary>A <see cref="ModelPredictor{TInput}"/> served under a name; logs its reloads.</summary>
internal sealed class ServedModel<TInput> : ServedModel where TInput : class, new()
{
    private readonly ModelPredictor<TInput> _predictor;
    private readonly ILogger _logger;
    private ModelIdentity _announced;

    public ServedModel(string name, ModelPredictor<TInput> predictor, ILogger logger)
        : base(name, InputColumns.For(typeof(TInput), predictor.Identity))
    {
        _predictor = predictor;
        _logger = logger;
        _announced = predictor.Identity;
        predictor.Reloaded += Reloaded;
        predictor.ReloadFailed += ReloadFailed;
        Log.ModelLoaded(logger, name, _announced.Version, _announced.Task, ShortSha(_announced));
        if (!File.Exists(Path.Combine(Path.GetDirectoryName(predictor.ModelFile)!, ModelIdentity.ManifestFileName)))
            Log.NoManifest(logger, name, Path.GetFileName(predictor.ModelFile));
    }

    public override ModelIdentity Identity => _predictor.Identity;

    public override ServedPrediction Predict(IReadOnlyList<object?[]> rows)
    {
        var inputs = new TInput[rows.Count];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = Create(rows[i]);

        // One version predicts the whole request, and says which it was: a reload may swap versions at any moment.
        var predictions = _predictor.Predict(inputs, out var answeredBy);
        return new ServedPrediction(answeredBy, predictions);
    }

    private TInput Create(object?[] row)
    {
        var input = new TInput();
        var columns = Columns.All;
        for (int c = 0; c < columns.Count; c++)
            if (row[c] is { } value) columns[c].Set(input, value);
        return input;
    }

    private void Reloaded(ModelIdentity next)
    {
        var previous = Interlocked.Exchange(ref _announced, next);
        Log.ModelReloaded(_logger, Name, previous.Version, next.Version, ShortSha(previous), ShortSha(next));
    }

    private void ReloadFailed(Exception e) =>
        Log.ModelReloadFailed(_logger, Name, _predictor.Identity.Version, e.GetType().Name, e.Message);

    private static string ShortSha(ModelIdentity identity) => identity.Sha256[..Math.Min(12, identity.Sha256.Length)];
}
