using System.Text.Json;

namespace Sdk.MlOps.Inference;

/// <summary>
/// Which model is loaded: its name and version from the bundle's <c>mlops-manifest.json</c> beside the model file
/// (the file name and "unknown" without one), and the SHA-256 of the bytes loaded.
/// </summary>
/// <param name="Name">The model's name.</param>
/// <param name="Version">The model's version (its Nerdbank.GitVersioning version when it was published).</param>
/// <param name="Sha256">The SHA-256 of the model file loaded, lower-case hex.</param>
/// <param name="Task">What the model predicts.</param>
public sealed record ModelIdentity(string Name, string Version, string Sha256, ModelTask Task)
{
    /// <summary>
    /// The input columns the model reads. A column of the input class that is not here (an ID, the label) is never
    /// looked at, so a caller need not supply it.
    /// </summary>
    public IReadOnlyList<string> ReadColumns { get; init; } = [];

    /// <summary>Multiclass: the classes, in the order of the model's score vector; empty otherwise.</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>Binary classification: the model is calibrated, so a prediction has a <see cref="ModelPrediction.Probability"/>.</summary>
    public bool HasProbability { get; init; }

    /// <summary>The label column the bundle's manifest names (its input schema's <c>"role": "label"</c>); null without one.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>
    /// Two identities are equal when name, version, bytes (SHA-256) and task are: what the model reads and its classes
    /// follow from its bytes, and lists would compare by reference.
    /// </summary>
    public bool Equals(ModelIdentity? other) => other is not null
        && Name == other.Name && Version == other.Version && Sha256 == other.Sha256 && Task == other.Task;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Version, Sha256, Task);

    /// <summary>The name of the manifest a bundle carries beside its model.</summary>
    public const string ManifestFileName = "mlops-manifest.json";

    /// <summary>The name, version, SHA-256 and label column the manifest beside <paramref name="modelFile"/> gives, if there is one.</summary>
    internal static (string Name, string Version, string? Sha256, string? Label)? ReadManifest(string modelFile)
    {
        var manifest = Path.Combine(Path.GetDirectoryName(modelFile) ?? ".", ManifestFileName);
        if (!File.Exists(manifest)) return null;
        using var json = Parse(manifest);
        if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{ManifestFileName} beside {Path.GetFileName(modelFile)} has no \"model\" object: it is not a bundle's manifest, or it is still being written.");
        string? Text(string name) => model.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return (Text("name") ?? Path.GetFileNameWithoutExtension(modelFile), Text("version") ?? "unknown", Text("sha256"), LabelOf(json.RootElement));
    }

    private static string? LabelOf(JsonElement manifest)
    {
        if (!manifest.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.Object
            || !schema.TryGetProperty("input", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
            return null;
        foreach (var column in inputs.EnumerateArray())
            if (column.ValueKind == JsonValueKind.Object && column.TryGetProperty("role", out var role) && role.ValueEquals("label")
                && column.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                return name.GetString();
        return null;
    }

    private static JsonDocument Parse(string manifest)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(manifest));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{ManifestFileName} is not valid JSON (line {e.LineNumber + 1}): it is damaged, or it is still being written.", e);
        }
    }
}
