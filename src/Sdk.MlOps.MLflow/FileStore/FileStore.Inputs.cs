using System.Security.Cryptography;
using System.Text;

namespace Sdk.MlOps.MLflow;

/// <summary>
/// Dataset inputs, in the layout of MLflow 2.12.2's file_store.py (<c>log_inputs</c>, <c>_get_all_inputs</c>):
/// <c>&lt;exp&gt;/datasets/&lt;dataset_id&gt;/meta.yaml</c> holds the dataset, shared by the experiment's runs, and
/// <c>&lt;exp&gt;/&lt;run&gt;/inputs/&lt;input_id&gt;/meta.yaml</c> links it to a run, with the input's tags. Both IDs
/// are derived, not drawn, which is what makes logging the same dataset again a no-op.
/// </summary>
public sealed partial class FileStore
{
    /// <summary>MLflow's InputVertexType names, as its input meta.yaml spells them.</summary>
    private const string DatasetVertex = "DATASET";
    private const string RunVertex = "RUN";

    /// <inheritdoc/>
    public Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> datasets, CancellationToken cancellationToken = default) =>
        Completed(() =>
        {
            ArgumentNullException.ThrowIfNull(datasets);
            foreach (var input in datasets) Limits.CheckDatasetInput(input);

            var runDir = FindRun(runId);
            CheckActive(runDir);
            var datasetsDir = Path.Combine(Path.GetDirectoryName(runDir)!, StoreLayout.DatasetsFolder);
            var inputsDir = Path.Combine(runDir, StoreLayout.InputsFolder);
            foreach (var input in datasets)
            {
                var dataset = input.Dataset;
                var datasetId = DatasetId(dataset.Name, dataset.Digest);
                Directory.CreateDirectory(datasetsDir);
                CreateOnce(Path.Combine(datasetsDir, datasetId), scratchParent: null, new Dictionary<string, object?>
                {
                    ["digest"] = dataset.Digest,
                    ["name"] = dataset.Name,
                    // MLflow writes None for a missing one (and '' when it came over REST); readers take both as none.
                    ["profile"] = NullIfEmpty(dataset.Profile),
                    ["schema"] = NullIfEmpty(dataset.Schema),
                    ["source"] = dataset.Source,
                    ["source_type"] = dataset.SourceType,
                });
                Directory.CreateDirectory(inputsDir);
                // Staged in the run folder, not in inputs/: MLflow reads every entry of inputs/ as an input, a
                // scratch folder too, and fails the whole run on one without meta.yaml.
                CreateOnce(Path.Combine(inputsDir, InputId(datasetId, runId)), scratchParent: runDir, new Dictionary<string, object?>
                {
                    // 2.12.2 writes the dataset ID here too (`"destination_id": self.source_id`), a slip no reader
                    // depends on; the run's ID is what the field means.
                    ["destination_id"] = runId,
                    ["destination_type"] = RunVertex,
                    ["source_id"] = datasetId,
                    ["source_type"] = DatasetVertex,
                    // Required on read by MLflow (`dict_from_yaml["tags"]`): written even when empty, as {}.
                    ["tags"] = new Dictionary<string, string>(input.Tags, StringComparer.Ordinal),
                });
            }
        }, cancellationToken);

    /// <summary>
    /// MLflow's <c>_get_dataset_id</c>: md5 of the UTF-8 name, then the digest, in hex; equal name and digest make
    /// the same dataset, whichever run logs it.
    /// </summary>
    internal static string DatasetId(string name, string digest) => Md5Hex(name + digest);

    /// <summary>MLflow's <c>_get_input_id</c>: md5 of the dataset ID, then the run ID, in hex; one input per dataset and run.</summary>
    internal static string InputId(string datasetId, string runId) => Md5Hex(datasetId + runId);

    // MLflow's IDs are md5 (insecure_hash.md5): matching them is the point, not secrecy.
    private static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Writes the folder whole unless it is there: as in MLflow, the first dataset and input logged under an ID stay,
    /// and a later one, even with other fields or tags, changes nothing. A folder left without meta.yaml (MLflow
    /// makes the folder first) gets one: MLflow's reader fails on such a folder, this store's skips it.
    /// </summary>
    private static void CreateOnce(string dir, string? scratchParent, Dictionary<string, object?> meta)
    {
        var metaPath = Path.Combine(dir, StoreLayout.MetaFile);
        if (File.Exists(metaPath)) return;
        if (Directory.Exists(dir))
        {
            MetaYaml.WriteAtomic(metaPath, meta);
            return;
        }
        try
        {
            StoreFiles.CreateFolder(dir, scratch => MetaYaml.WriteAtomic(Path.Combine(scratch, StoreLayout.MetaFile), meta), scratchParent);
        }
        catch (IOException) when (File.Exists(metaPath))
        {
            // Another writer logged the same dataset a moment earlier: its folder stands, as the first.
        }
    }

    /// <summary>
    /// The run's dataset inputs, read as MLflow reads them: an input whose dataset folder is missing, or of another
    /// kind than a dataset, is skipped. Half-made folders (no meta.yaml yet) are skipped too. Ordered by input ID,
    /// which is stable (MLflow's order is the file system's).
    /// </summary>
    private static RunInputs ReadInputs(string runDir)
    {
        var inputsDir = Path.Combine(runDir, StoreLayout.InputsFolder);
        var datasetsDir = Path.Combine(Path.GetDirectoryName(runDir)!, StoreLayout.DatasetsFolder);
        if (!Directory.Exists(inputsDir) || !Directory.Exists(datasetsDir)) return RunInputs.Empty;

        // Matched against the folders that exist, as MLflow does, so an ID read from a file never becomes a path.
        var datasetIds = Directory.EnumerateDirectories(datasetsDir).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        var inputs = new List<DatasetInput>();
        foreach (var inputDir in Directory.EnumerateDirectories(inputsDir).Order(StringComparer.Ordinal))
        {
            if (StoreFiles.IsScratch(Path.GetFileName(inputDir))) continue;
            var path = Path.Combine(inputDir, StoreLayout.MetaFile);
            if (MetaYaml.ReadIfPresent(path) is not { } meta || Text(meta, "source_type") != DatasetVertex) continue;
            if (Text(meta, "source_id") is not { } datasetId || !datasetIds.Contains(datasetId)) continue;
            if (ReadDataset(Path.Combine(datasetsDir, datasetId, StoreLayout.MetaFile)) is not { } dataset) continue;
            Dictionary<string, string> tags;
            try
            {
                tags = MetaYaml.StringMap(meta.GetValueOrDefault("tags"));
            }
            catch (FormatException e)
            {
                throw MetaYaml.Damaged(path, $"its tags are not a mapping of strings: {e.Message}");
            }
            inputs.Add(new DatasetInput(dataset, tags));
        }
        return inputs.Count == 0 ? RunInputs.Empty : new RunInputs(inputs);
    }

    private static MlflowDataset? ReadDataset(string path)
    {
        if (MetaYaml.ReadIfPresent(path) is not { } meta) return null;
        if (Text(meta, "name") is not { Length: > 0 } name) throw MetaYaml.Damaged(path, "it has no name");
        if (Text(meta, "digest") is not { Length: > 0 } digest) throw MetaYaml.Damaged(path, "it has no digest");
        return new MlflowDataset(name, digest, Text(meta, "source_type") ?? "", Text(meta, "source") ?? "",
            NullIfEmpty(Text(meta, "schema")), NullIfEmpty(Text(meta, "profile")));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
