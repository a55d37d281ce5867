using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Data;

/// <summary>Validated rows of one role (training or test), with what the manifest records about their files.</summary>
internal abstract class DataSet
{
    public required IReadOnlyList<DataFileStats> Files { get; init; }

    /// <summary>The raw label of each row (null when the model has no label column).</summary>
    public required IReadOnlyList<string?> Labels { get; init; }

    public int Count => Labels.Count;

    /// <summary>An ML.NET view over all rows, or over the rows at <paramref name="indices"/>.</summary>
    public abstract IDataView ToDataView(MLContext ml, IReadOnlyList<int>? indices = null);
}

internal sealed class DataSet<TInput> : DataSet where TInput : class, new()
{
    public required List<TInput> Rows { get; init; }

    public required SchemaDefinition Schema { get; init; }

    public override IDataView ToDataView(MLContext ml, IReadOnlyList<int>? indices = null) =>
        ml.Data.LoadFromEnumerable(indices is null ? Rows : indices.Select(i => Rows[i]).ToList(), Schema);
}

/// <summary>A data file as the manifest records it.</summary>
internal sealed record DataFileStats(string Name, string Hash, long Bytes, int Rows);
