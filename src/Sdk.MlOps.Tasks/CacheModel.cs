using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks;

/// <summary>Adds a freshly trained model to the local model cache, then trims the cache to its size cap.</summary>
public sealed class CacheModel : Task
{
    [Required] public string CacheDirectory { get; set; } = "";
    [Required] public string InputHash { get; set; } = "";
    [Required] public string ModelPath { get; set; } = "";
    [Required] public string TrainingReportPath { get; set; } = "";
    /// <summary>Size cap in megabytes; the least recently used entries go first.</summary>
    public int SizeLimitMegabytes { get; set; } = 10240;

    public override bool Execute()
    {
        var cache = new ModelCache(CacheDirectory);
        try
        {
            cache.Store(InputHash, RestoreCachedModel.Files(ModelPath, TrainingReportPath));
            foreach (var key in cache.Evict(SizeLimitMegabytes * 1024L * 1024L, keep: InputHash))
                Log.LogMessage(MessageImportance.Normal, "Evicted {0} from the model cache (least recently used).", key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written costs speed, never the build.
            Log.Warning(ErrorCodes.CacheNotWritten, $"The model could not be added to the cache {CacheDirectory}: {e.Message}");
        }

        return !Log.HasLoggedErrors;
    }
}
