using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// Counts of rows by true class (row) and predicted class (column), over the rows ML.NET's evaluator counts. Binary:
/// negative then positive, predicted at the evaluator's threshold (score above 0).
/// </summary>
internal sealed class Confusion
{
    private Confusion(IReadOnlyList<string> classes, long[,] counts)
    {
        Classes = classes;
        Counts = counts;
    }

    public IReadOnlyList<string> Classes { get; }

    public long[,] Counts { get; }

    public long RowTotal(int trueClass) => Enumerable.Range(0, Classes.Count).Sum(p => Counts[trueClass, p]);

    public long ColumnTotal(int predicted) => Enumerable.Range(0, Classes.Count).Sum(t => Counts[t, predicted]);

    /// <summary>The share of the class's rows predicted as it; NaN when the test rows have none of it.</summary>
    public double Recall(int c) => RowTotal(c) is var n and > 0 ? Counts[c, c] / (double)n : double.NaN;

    /// <summary>The share of the rows predicted as the class that are of it; NaN when none was.</summary>
    public double Precision(int c) => ColumnTotal(c) is var n and > 0 ? Counts[c, c] / (double)n : double.NaN;

    public static Confusion? From(RowOutcomes outcomes)
    {
        switch (outcomes)
        {
            case BinaryOutcomes { Task: ModelTask.BinaryClassification } binary:
                var cells = new long[2, 2];
                for (var i = 0; i < binary.Rows; i++)
                    if (binary.Counted[i]) cells[binary.Positive[i] ? 1 : 0, binary.PredictedPositive[i] ? 1 : 0]++;
                return new Confusion(["negative", "positive"], cells);
            case MulticlassOutcomes multiclass:
                var n = multiclass.ClassCount;
                var counts = new long[n, n];
                for (var i = 0; i < multiclass.Rows; i++)
                    if (multiclass.Counted[i] && multiclass.TrueClass[i] >= 0 && multiclass.PredictedClass[i] >= 0)
                        counts[multiclass.TrueClass[i], multiclass.PredictedClass[i]]++;
                return new Confusion([.. multiclass.Classes.Names], counts);
            default:
                return null;
        }
    }
}
