using System.Reflection;
using System.Text.Json;
using Sdk.MlOps.Inference;

namespace Sdk.MlOps.Serving.Models;

/// <summary>
/// The columns of a model's input class, and which one is the label. The label is what the bundle's manifest marks
/// with <c>"role": "label"</c> in <c>schema.input</c>; without that, a column named <c>Label</c> (ML.NET's default).
/// </summary>
internal sealed class InputColumns
{
    private readonly Dictionary<string, InputColumn> _byColumn;
    private readonly Dictionary<string, InputColumn> _byProperty;

    private InputColumns(IReadOnlyList<InputColumn> all)
    {
        All = all;
        Required = all.Where(c => !c.IsLabel && !c.IsUnread).ToArray();
        _byColumn = all.ToDictionary(c => c.ColumnName, StringComparer.Ordinal);
        // JSON bodies are written in any casing (camelCase from most serializers), so fields match without case.
        _byProperty = all.ToDictionary(c => c.PropertyName, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<InputColumn> All { get; }

    /// <summary>Every column the model reads but the label: what a caller supplies, and what V2 metadata lists as inputs.</summary>
    public IReadOnlyList<InputColumn> Required { get; }

    public InputColumn? ByColumnName(string name) => _byColumn.GetValueOrDefault(name);

    public InputColumn? ByPropertyName(string name) => _byProperty.GetValueOrDefault(name);

    public int IndexOf(InputColumn column)
    {
        for (int i = 0; i < All.Count; i++)
            if (ReferenceEquals(All[i], column)) return i;
        return -1;
    }

    /// <param name="input">The model's input class.</param>
    /// <param name="modelFile">The model file, beside the manifest that names the label.</param>
    /// <param name="read">The columns the model reads (<see cref="ModelIdentity.ReadColumns"/>); the others may be left out.</param>
    public static InputColumns For(Type input, string modelFile, IReadOnlyCollection<string> read)
    {
        var columns = input.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(InputColumn.Of).OfType<InputColumn>().ToList();
        if (columns.Count == 0)
            throw new NotSupportedException($"{input.Name} has no public read-write properties: it is not a model input class.");
        var label = LabelFromManifest(modelFile) ?? "Label";
        for (int i = 0; i < columns.Count; i++)
            if (columns[i].ColumnName == label) columns[i] = columns[i].AsLabel();
            else if (read.Count > 0 && !read.Contains(columns[i].ColumnName)) columns[i] = columns[i].AsUnread();
        return new InputColumns(columns);
    }

    private static string? LabelFromManifest(string modelFile)
    {
        var manifest = Path.Combine(Path.GetDirectoryName(modelFile) ?? ".", ModelIdentity.ManifestFileName);
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(manifest));
            if (!json.RootElement.TryGetProperty("schema", out var schema) || !schema.TryGetProperty("input", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
                return null;
            foreach (var column in inputs.EnumerateArray())
                if (column.TryGetProperty("role", out var role) && role.ValueEquals("label") && column.TryGetProperty("name", out var name))
                    return name.GetString();
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or InvalidOperationException)
        {
            // No manifest, or one without a schema: the convention decides.
        }

        return null;
    }
}
