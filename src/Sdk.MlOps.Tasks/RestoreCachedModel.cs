using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// Restores the model (and its training report) for an input hash from the local model cache, so a fresh clone
/// does not train what any build on this machine already trained. An entry is used only when its report names the
/// key it is stored under and the model's bytes are the ones the report names; a damaged or mismatched entry is
/// discarded with a warning and the model is trained again.
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
            if (Restored && Mismatch() is { } why)
            {
                Restored = false;
                cache.Discard(InputHash);
                Log.Warning(ErrorCodes.CacheUnusable, $"The model cache entry {cache.EntryPath(InputHash)} was discarded: {why}. Training instead.");
            }
            else if (Restored)
            {
                Log.LogMessage(MessageImportance.High, "Restored the model from the cache ({0}); not training.", cache.EntryPath(InputHash));
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Log.Warning(ErrorCodes.CacheUnusable, $"The model cache could not be used: {e.Message.TrimEnd('.')}. Training instead.");
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>Why the restored pair may not be used, or null. Its files are then removed: they were never verified.</summary>
    private string? Mismatch()
    {
        var facts = TrainingReportFacts.TryRead(TrainingReportPath);
        string? why = facts is null ? "its training report is not readable"
            : facts.InputHash != InputHash ? $"its training report names other inputs ({facts.InputHash.Substring(0, 12)})"
            : facts.ModelSha256 != Sha256Hex.OfFile(ModelPath) ? "its model is not the one its training report names"
            : null;
        if (why is not null)
        {
            File.Delete(ModelPath);
            File.Delete(TrainingReportPath);
        }

        return why;
    }

    /// <summary>The names files have in a cache entry, and where they belong in the build.</summary>
    internal static Dictionary<string, string> Files(string modelPath, string trainingReportPath) => new()
    {
        ["model.zip"] = modelPath,
        ["training.json"] = trainingReportPath,
    };
}
