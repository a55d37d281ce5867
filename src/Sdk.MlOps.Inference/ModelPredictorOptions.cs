namespace Sdk.MlOps.Inference;

/// <summary>How a <see cref="ModelPredictor{TInput}"/> loads and keeps its model.</summary>
public sealed class ModelPredictorOptions
{
    /// <summary>
    /// Reload when the model file, or the manifest beside it, is replaced (default false). A bundle is published
    /// manifest last, so a reload waits until the model's bytes match its manifest; until then the loaded version
    /// keeps answering.
    /// </summary>
    public bool WatchForChanges { get; set; }

    /// <summary>How many idle prediction engines are kept per model (default: twice the processor count).</summary>
    public int PoolSize { get; set; } = Environment.ProcessorCount * 2;

    /// <summary>How long a change must be quiet before it is loaded (default 250 ms): a copy fires many events.</summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(250);
}
