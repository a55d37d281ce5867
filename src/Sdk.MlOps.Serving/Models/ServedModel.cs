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
    public ModelFacts FactsOf(ServedPrediction prediction)
    {
        var cached = _facts;
        if (cached is not null && ReferenceEquals(cached.Identity, prediction.Identity)) return cached;
        var facts = ModelFacts.From(prediction.Identity, prediction.Predictions[0]);
        _facts = facts;
        return facts;
    }

    /// <summary>
    /// The output facts of the version answering now, for metadata: from the last prediction, or from a prediction
    /// of a row of default values (empty text, zeros) when this version has made none.
    /// </summary>
    public ModelFacts CurrentFacts()
    {
        var cached = _facts;
        if (cached is not null && ReferenceEquals(cached.Identity, Identity)) return cached;
        try
        {
            return FactsOf(Predict([DefaultRow()]));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or ObjectDisposedException)
        {
            // A pipeline that refuses empty values: metadata goes without the facts until a real request comes.
            return new ModelFacts(Identity, false, []);
        }
    }

    private object?[] DefaultRow() => Columns.All.Select(c => c.IsVector
        ? Protocol.JsonValues.NewArray(c.Type, c.VectorSize)
        : c.Type switch
        {
            TensorType.Bytes => "",
            TensorType.Fp32 => 0f,
            TensorType.Fp64 => 0d,
            TensorType.Int32 => 0,
            TensorType.Int64 => 0L,
            _ => (object)false,
        }).ToArray();
}

/// <summary>A <see cref="ModelPredictor{TInput}"/> served under a name; logs its reloads.</summary>
internal sealed class ServedModel<TInput> : ServedModel where TInput : class, new()
{
    // A request that straddles a swap is predicted again; two swaps within one request are unheard of, so a few
    // attempts bound the loop.
    private const int Attempts = 3;

    private readonly ModelPredictor<TInput> _predictor;
    private readonly ILogger _logger;
    private ModelIdentity _announced;

    public ServedModel(string name, ModelPredictor<TInput> predictor, ILogger logger)
        : base(name, InputColumns.For(typeof(TInput), predictor.ModelFile, predictor.Identity.ReadColumns))
    {
        _predictor = predictor;
        _logger = logger;
        _announced = predictor.Identity;
        predictor.Reloaded += Reloaded;
        predictor.ReloadFailed += ReloadFailed;
        Log.ModelLoaded(logger, name, _announced.Version, _announced.Task, ShortSha(_announced));
    }

    public override ModelIdentity Identity => _predictor.Identity;

    public override ServedPrediction Predict(IReadOnlyList<object?[]> rows)
    {
        var inputs = new TInput[rows.Count];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = Create(rows[i]);

        // The predictor predicts a batch with one version but does not say which: the version is read before and
        // after, and when a swap came between them the request is predicted again, by the version now in place.
        for (int attempt = 1; ; attempt++)
        {
            var before = _predictor.Identity;
            var predictions = _predictor.Predict(inputs);
            if (ReferenceEquals(before, _predictor.Identity) || attempt == Attempts)
                return new ServedPrediction(before, predictions);
        }
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
