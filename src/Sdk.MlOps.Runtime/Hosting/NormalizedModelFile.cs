using System.IO.Compression;
using Microsoft.ML;

namespace Sdk.MlOps.Hosting;

/// <summary>
/// Saves a model so that the same trained model always gives the same bytes: ML.NET's zip stamps every entry with
/// the time it was written, so two identical trainings differ. The entries are rewritten in their order with one
/// fixed time; their content is untouched, and ML.NET loads the result as it loads its own.
/// </summary>
internal static class NormalizedModelFile
{
    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Save(MLContext ml, ITransformer model, DataViewSchema inputSchema, string path)
    {
        using var raw = new MemoryStream();
        ml.Model.Save(model, inputSchema, raw);
        raw.Position = 0;
        using var source = new ZipArchive(raw, ZipArchiveMode.Read);
        using var file = File.Create(path);
        using (var target = new ZipArchive(file, ZipArchiveMode.Create))
        {
            foreach (var entry in source.Entries)
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = FixedTime;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }
    }
}
