using System.Reflection;
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
    private readonly Dictionary<InputColumn, int> _index;

    private InputColumns(IReadOnlyList<InputColumn> all)
    {
        All = all;
        Required = all.Where(c => !c.IsLabel && !c.IsUnread).ToArray();
        _byColumn = all.ToDictionary(c => c.ColumnName, StringComparer.Ordinal);
        _index = new Dictionary<InputColumn, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < all.Count; i++) _index[all[i]] = i;
        // JSON bodies are written in any casing (camelCase from most serializers), so fields match without case.
        _byProperty = all.ToDictionary(c => c.PropertyName, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<InputColumn> All { get; }

    /// <summary>Every column the model reads but the label: what a caller supplies, and what V2 metadata lists as inputs.</summary>
    public IReadOnlyList<InputColumn> Required { get; }

    public InputColumn? ByColumnName(string name) => _byColumn.GetValueOrDefault(name);

    public InputColumn? ByPropertyName(string name) => _byProperty.GetValueOrDefault(name);

    /// <summary>A column's position in a parsed row; looked up for every field of every row, so a dictionary.</summary>
    public int IndexOf(InputColumn column) => _index.GetValueOrDefault(column, -1);

    /// <param name="input">The model's input class.</param>
    /// <param name="identity">The loaded model: the label column its manifest names, and the columns it reads (the others may be left out).</param>
    public static InputColumns For(Type input, ModelIdentity identity)
    {
        var columns = input.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(InputColumn.Of).OfType<InputColumn>().ToList();
        if (columns.Count == 0)
            throw new NotSupportedException($"{input.Name} has no public read-write properties: it is not a model input class.");
        var label = identity.LabelColumn ?? "Label";
        for (int i = 0; i < columns.Count; i++)
            if (columns[i].ColumnName == label) columns[i] = columns[i].AsLabel();
            else if (identity.ReadColumns.Count > 0 && !identity.ReadColumns.Contains(columns[i].ColumnName)) columns[i] = columns[i].AsUnread();
        return new InputColumns(columns);
    }
}
