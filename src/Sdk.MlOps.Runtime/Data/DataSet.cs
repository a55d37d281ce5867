using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Data;

/// <summary>Checked rows of one role (training or test), in memory, with what the manifest records about their files.</summary>
internal sealed class DataSet
{
    public required IReadOnlyList<DataFileStats> Files { get; init; }

    /// <summary>The label of each row as a class name (null when the model has no label column).</summary>
    public required IReadOnlyList<string?> Labels { get; init; }

    /// <summary>The schema <c>LoadFromTextFile</c> gives the input type; <see cref="Columns"/> in its order.</summary>
    public required DataViewSchema Schema { get; init; }

    public required IReadOnlyList<StoredColumn> Columns { get; init; }

    public int Count => Labels.Count;

    /// <summary>An ML.NET view over all rows, or over the rows at <paramref name="indices"/> (in increasing order).</summary>
    public IDataView ToDataView(IReadOnlyList<int>? indices = null) => new InMemoryDataView(Schema, Columns, Count, indices);
}

/// <summary>A data file as the manifest records it.</summary>
internal sealed record DataFileStats(string Name, string Hash, long Bytes, int Rows);
