namespace Sdk.MlOps.Inference;

/// <summary>
/// Calls back once a model file or the manifest beside it has changed and then stayed quiet for a moment. A bundle
/// copied in place fires several events per file; a rename into place fires one. Both end in one reload.
/// </summary>
internal sealed class ModelFileWatch : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _quiet;
    private readonly TimeSpan _delay;

    public ModelFileWatch(string modelFile, TimeSpan delay, Action changed)
    {
        _delay = delay;
        _quiet = new Timer(_ => changed(), null, Timeout.Infinite, Timeout.Infinite);
        var folder = Path.GetDirectoryName(modelFile)!;
        _watcher = new FileSystemWatcher(folder)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Filters.Add(Path.GetFileName(modelFile));
        _watcher.Filters.Add(ModelIdentity.ManifestFileName);
        _watcher.Changed += Touched;
        _watcher.Created += Touched;
        _watcher.Renamed += Touched;
        _watcher.EnableRaisingEvents = true;
    }

    private void Touched(object sender, FileSystemEventArgs e) => _quiet.Change(_delay, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _watcher.Dispose();
        _quiet.Dispose();
    }
}
