using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// Restores the model (and its training report) for an input hash from the local model cache, so a fresh clone
/// does not train what any build on this machine already trained. A damaged entry is discarded with a warning and
/// the model is trained again.
/// </summary>
public sealed class RestoreCachedModel : Task
{
    [Required] public string CacheDirectory { get; set; } = "";
    [Required] public string InputHash { get; set; } = "";
    [Required] public string ModelPath { get; set; } = "";
    [Required] public string TrainingReportPath { get; set; } = "";

    [Output] public bool Restored { get; private set; }

    public override bool Execute()
    {
        var cache = new ModelCache(CacheDirectory);
        try
        {
            Restored = cache.TryRestore(InputHash, Files(ModelPath, TrainingReportPath));
            if (Restored)
                Log.LogMessage(MessageImportance.High, "Restored the model from the cache ({0}); not training.", cache.EntryPath(InputHash));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Log.Warning(ErrorCodes.CacheUnusable, $"The model cache could not be used: {e.Message.TrimEnd('.')}. Training instead.");
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>The names files have in a cache entry, and where they belong in the build.</summary>
    internal static Dictionary<string, string> Files(string modelPath, string trainingReportPath) => new()
    {
        ["model.zip"] = modelPath,
        ["training.json"] = trainingReportPath,
    };
}
