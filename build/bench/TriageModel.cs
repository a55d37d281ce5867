using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;
using static Microsoft.ML.Transforms.Text.NgramExtractingEstimator;

namespace Bench;

/// <summary>One row of samples/IncidentTriage/data/corefx-issues.tsv: the input class both sides of figure 7 serve.</summary>
public sealed class Issue
{
    [LoadColumn(0)] public string ID { get; set; } = "";
    [LoadColumn(1)] public string Area { get; set; } = "";
    [LoadColumn(2)] public string Title { get; set; } = "";
    [LoadColumn(3)] public string Description { get; set; } = "";
}

/// <summary>The hand-written side's typed output: the chosen class and a probability per class.</summary>
public sealed class IssueOutput
{
    public string PredictedLabel { get; set; } = "";
    public float[] Score { get; set; } = [];
}

/// <summary>
/// Figure 7's model: the IncidentTriage sample's pipeline (word 1–2-grams and char 3-grams, TF-IDF, title and
/// description featurized apart, SDCA maximum entropy with one thread), trained in process on the sample's data, and
/// written as a bundle: the zip and an <c>mlops-manifest.json</c> beside it, as <c>dotnet publish</c> writes them.
/// </summary>
internal static class TriageModel
{
    public const string Name = "triage";

    public static string DataFile(string repoRoot) => Path.Combine(repoRoot, "samples", "IncidentTriage", "data", "corefx-issues.tsv");

    /// <summary>The model zip's bytes. <paramref name="iterations"/> and <paramref name="seed"/> make the versions differ.</summary>
    public static byte[] Train(string tsv, int iterations, int seed)
    {
        var ml = new MLContext(seed: seed);
        var data = ml.Data.LoadFromTextFile<Issue>(tsv, separatorChar: '\t', hasHeader: true, allowQuoting: false);
        TextFeaturizingEstimator.Options Text() => new()
        {
            StopWordsRemoverOptions = new StopWordsRemovingEstimator.Options(),
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true, Weighting = WeightingCriteria.TfIdf },
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = false, Weighting = WeightingCriteria.TfIdf },
        };
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Issue.Area))
            .Append(ml.Transforms.Text.FeaturizeText("TitleFeatures", Text(), nameof(Issue.Title)))
            .Append(ml.Transforms.Text.FeaturizeText("DescriptionFeatures", Text(), nameof(Issue.Description)))
            .Append(ml.Transforms.Concatenate("Features", "TitleFeatures", "DescriptionFeatures"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                L2Regularization = 0.00003f,
                MaximumNumberOfIterations = iterations,
                NumberOfThreads = 1,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        return stream.ToArray();
    }

    /// <summary>
    /// The manifest of a published bundle: name, version, the zip's SHA-256, and the input schema with Area marked as
    /// the label (so a caller of <c>/predict</c> does not send it).
    /// </summary>
    public static string Manifest(string version, byte[] zip) => JsonSerializer.Serialize(new
    {
        model = new { name = Name, version, sha256 = Convert.ToHexStringLower(SHA256.HashData(zip)) },
        schema = new
        {
            input = new object[]
            {
                new { name = nameof(Issue.ID), type = "String" },
                new { name = nameof(Issue.Area), type = "String", role = "label" },
                new { name = nameof(Issue.Title), type = "String" },
                new { name = nameof(Issue.Description), type = "String" },
            },
        },
    });

    /// <summary>Writes version <paramref name="version"/> into <paramref name="folder"/>: the zip, then the manifest; returns the zip's path.</summary>
    public static string WriteBundle(string folder, string version, byte[] zip)
    {
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, Name + ".zip");
        File.WriteAllBytes(file, zip);
        File.WriteAllText(Path.Combine(folder, "mlops-manifest.json"), Manifest(version, zip));
        return file;
    }

    /// <summary>
    /// Replaces the bundle as a publish into a served folder does: each file written beside its target and renamed
    /// over it (one rename event, never a half-written file), the manifest last.
    /// </summary>
    public static void Replace(string modelFile, string version, byte[] zip)
    {
        var folder = Path.GetDirectoryName(modelFile)!;
        var manifest = Path.Combine(folder, "mlops-manifest.json");
        File.WriteAllBytes(Path.Combine(folder, ".triage.zip.tmp"), zip);
        File.WriteAllText(Path.Combine(folder, ".mlops-manifest.json.tmp"), Manifest(version, zip));
        File.Move(Path.Combine(folder, ".triage.zip.tmp"), modelFile, overwrite: true);
        File.Move(Path.Combine(folder, ".mlops-manifest.json.tmp"), manifest, overwrite: true);
    }

    /// <summary>
    /// The request bodies, one per issue of the data in file order: <c>{"id", "title", "description"}</c>, the
    /// input class without its label, as JSON (the same bytes go to both sides).
    /// </summary>
    public static IReadOnlyList<byte[]> RequestBodies(string tsv) => File.ReadLines(tsv).Skip(1)
        .Select(line => line.Split('\t'))
        .Where(cells => cells.Length >= 4)
        .Select(cells => JsonSerializer.SerializeToUtf8Bytes(new { id = cells[0], title = cells[2], description = cells[3] }))
        .ToArray();
}
