using Microsoft.ML;
using Sdk.MlOps.Profiling;

namespace Sdk.MlOps.Monitoring;

/// <summary>
/// Rows the model met in production: a data file in the input schema, or the serving host's prediction log. Each
/// streams its rows into the column and prediction counts, and hands the rows that have a late label to
/// <see cref="LabelledRows"/>.
/// </summary>
internal interface IProductionSource
{
    /// <summary>The name reports and messages give it (as the project names it, never a machine path).</summary>
    string Name { get; }

    /// <summary>Streams the rows: into <paramref name="columns"/> (the reference's plans), <paramref name="predictions"/>, and the labelled ones to <paramref name="labelled"/>.</summary>
    void Count(IReadOnlyList<ColumnAccumulator> columns, IReadOnlyList<ColumnAccumulator>? predictions, ITransformer model, LabelledRows? labelled);
}
