using Microsoft.ML;
using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Hosting;

/// <summary>
/// The evaluated model's outcome on each test row, read once, on first use, for whatever needs it: slice gates, the
/// comparison with the champion and the report's plots. <see cref="Classes"/> is the class list the champion's rows
/// must be read into, so that both models name the same class by the same index.
/// </summary>
internal sealed class CandidateRows(ModelBase model, IDataView test, ITransformer trained)
{
    private (RowOutcomes? Rows, string? Problem)? _read;

    public ClassNames Classes { get; } = new();

    /// <summary>The outcomes, or null when the scored columns cannot be read per row (<see cref="Problem"/> says why).</summary>
    public RowOutcomes? Rows => Read().Rows;

    public string? Problem => Read().Problem;

    private (RowOutcomes? Rows, string? Problem) Read()
    {
        if (_read is { } done) return done;
        try
        {
            _read = (RowOutcomes.From(model.Task, trained.Transform(test), model.EvaluationLabelColumn, Classes), null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _read = (null, $"{e.GetType().Name}: {e.Message}");
        }

        return _read.Value;
    }
}
