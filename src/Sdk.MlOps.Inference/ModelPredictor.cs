using Microsoft.ML;

namespace Sdk.MlOps.Inference;

/// <summary>
/// A trained model ready to predict from many threads at once: pooled prediction engines over the model's input
/// class, and a zero-downtime reload (the new version is loaded and checked beside the old one, then swapped in;
/// a prediction already running finishes on the version it started with).
/// </summary>
/// <typeparam name="TInput">The model project's input class (its <c>[LoadColumn]</c> class).</typeparam>
public sealed class ModelPredictor<TInput> : IDisposable where TInput : class, new()
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly ModelPredictorOptions _options;
    private readonly object _reloading = new();
    private readonly ModelFileWatch? _watch;
    private volatile LoadedModel<TInput> _current;
    private volatile bool _disposed;

    /// <summary>Loads the model in <paramref name="modelFile"/> (a model zip, checked against the manifest beside it when there is one).</summary>
    public ModelPredictor(string modelFile, ModelPredictorOptions? options = null)
    {
        _options = options ?? new ModelPredictorOptions();
        ModelFile = Path.GetFullPath(modelFile);
        _current = LoadedModel<TInput>.Load(_ml, ModelFile, _options.PoolSize);
        if (_options.WatchForChanges)
            _watch = new ModelFileWatch(ModelFile, _options.ReloadDelay, () => TryReload());
    }

    /// <summary>The model file this predictor loads.</summary>
    public string ModelFile { get; }

    /// <summary>The version answering now.</summary>
    public ModelIdentity Identity => _current.Identity;

    /// <summary>Raised after a new version was swapped in.</summary>
    public event Action<ModelIdentity>? Reloaded;

    /// <summary>Raised when a changed model could not be loaded; the version before it keeps answering.</summary>
    public event Action<Exception>? ReloadFailed;

    /// <summary>The model's prediction for one input.</summary>
    public ModelPrediction Predict(TInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var model = Enter();
        try
        {
            return model.Predict(input);
        }
        finally
        {
            model.Exit();
        }
    }

    /// <summary>The model's predictions for many inputs, in their order, all by one version of the model.</summary>
    public IReadOnlyList<ModelPrediction> Predict(IEnumerable<TInput> inputs) => Predict(inputs, out _);

    /// <summary>
    /// The model's predictions for many inputs, in their order, all by one version of the model, and which version
    /// that was (a reload may swap the version answering at any moment).
    /// </summary>
    public IReadOnlyList<ModelPrediction> Predict(IEnumerable<TInput> inputs, out ModelIdentity answeredBy)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var model = Enter();
        try
        {
            answeredBy = model.Identity;
            return inputs.Select(model.Predict).ToArray();
        }
        finally
        {
            model.Exit();
        }
    }

    /// <summary>The version answering now, entered; a version retired in between is skipped for its successor.</summary>
    private LoadedModel<TInput> Enter()
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var model = _current;
            if (model.TryEnter()) return model;
        }
    }

    /// <summary>
    /// Loads the model file again and swaps it in when its bytes or its manifest's name or version differ from the
    /// version answering. Returns false
    /// (and raises <see cref="ReloadFailed"/>) when the file cannot be loaded; the current version stays.
    /// </summary>
    public bool TryReload()
    {
        lock (_reloading)
        {
            LoadedModel<TInput> next;
            try
            {
                next = LoadedModel<TInput>.Load(_ml, ModelFile, _options.PoolSize);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Whatever a half-written or foreign file makes ML.NET throw, the version answering now stays.
                ReloadFailed?.Invoke(e);
                return false;
            }

            // Same bytes and same manifest: nothing to swap. A new manifest over the same bytes (a new version of an
            // unchanged model) is swapped in, so answers name the version published.
            if (next.Identity.Equals(_current.Identity))
            {
                next.Dispose();
                return true;
            }

            var previous = _current;
            _current = next;
            previous.Retire();
            Reloaded?.Invoke(next.Identity);
            return true;
        }
    }

    /// <summary>Stops watching and releases the pooled engines.</summary>
    public void Dispose()
    {
        _disposed = true;
        _watch?.Dispose();
        _current.Retire();
    }
}
