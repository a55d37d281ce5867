namespace Sdk.MlOps.Serving.Hosting;

/// <summary>Whether the host should get traffic: its models are loaded, and it has not begun to stop.</summary>
internal sealed class ServingState
{
    private volatile bool _loaded;
    private volatile bool _stopping;

    public bool Ready => _loaded && !_stopping;

    public void Loaded() => _loaded = true;

    public void Stopping() => _stopping = true;
}
