using System.Globalization;
using Microsoft.ML;
using Sdk.MlOps.Data;
using Sdk.MlOps.Reports;
using Sdk.MlOps.Statistics;
using Sdk.MlOps.Tracking;

namespace Sdk.MlOps.Hosting;

/// <summary>
/// The candidate and the champion scored on the same rows, those of today's test rows the champion never trained
/// on, and compared metric by metric: the difference with a seeded paired bootstrap interval. The comparison a
/// gate needs is made or refused here; a refusal says why, and the gate then falls back to the champion's stored
/// test metric.
/// </summary>
internal static class ChampionComparison
{
    /// <summary>Fewer shared rows than this give intervals too wide to decide anything, so none is computed.</summary>
    public const int MinimumRows = 30;

    public const int Resamples = 1000;

    public static Result Run(ModelBase model, MLContext ml, IDataView test, IReadOnlyList<DataFileStats> testFiles, CandidateRows candidate,
        Champion champion, IReadOnlyList<(string Metric, double Confidence)?> wanted, int seed)
    {
        if (champion.ModelPath is null || champion.Training is null) return Refused($"the champion's model is not available: {champion.Unavailable}");
        if (FairRows(model, test, testFiles, champion.Training) is not var (rows, total)) return Refused(
            "the champion was trained by an SDK that did not record its training rows, and the test rows come from its training files, so the rows it never saw are unknown");
        var basis = new SharedRows(rows.Length, total);
        if (rows.Length < MinimumRows) return Refused($"only {basis.Describe()}; at least {MinimumRows} are needed", basis);

        if (candidate.Rows is not { } all) return Refused($"the candidate's scores could not be read for comparison ({candidate.Problem})", basis);
        var candidateRows = all.Select(rows);
        RowOutcomes championRows;

        try
        {
            var championModel = ml.Model.Load(champion.ModelPath, out _);
            championRows = RowOutcomes.From(model.Task, championModel.Transform(test), model.EvaluationLabelColumn, candidate.Classes).Select(rows);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // E.g. the input class gained a column since the champion was trained.
            return Refused($"the champion cannot score today's test data ({e.GetType().Name}: {e.Message})", basis);
        }

        var differences = wanted.Select(w => w is var (metric, confidence)
            ? PairedBootstrap.Compare(metric, candidateRows, championRows, confidence, Resamples, seed)
            : null).ToArray();
        return new Result(differences, basis, null);
    }

    /// <summary>
    /// The test rows the champion never trained on: those its training report's row filter does not hold. A champion
    /// without one (trained by an older SDK) is fair only on test files none of its training files equals.
    /// </summary>
    private static (int[] Rows, int Total)? FairRows(ModelBase model, IDataView test, IReadOnlyList<DataFileStats> testFiles, TrainingReport champion)
    {
        var fingerprints = RowFingerprints.Of(test, model.SuppliedColumns);
        if (champion.TrainedRows is { } trained)
            return (Enumerable.Range(0, fingerprints.Length).Where(i => !trained.MayContain(fingerprints[i])).ToArray(), fingerprints.Length);
        var trainedFiles = champion.Data.Training.Select(f => f.Hash).ToHashSet(StringComparer.Ordinal);
        return testFiles.Count > 0 && testFiles.All(f => !trainedFiles.Contains(f.Hash))
            ? (Enumerable.Range(0, fingerprints.Length).ToArray(), fingerprints.Length)
            : null;
    }

    private static Result Refused(string why, SharedRows? basis = null) => new([], basis, why);

    /// <summary>The differences, one per gate (null where none was asked or the metric has no per-row form), or why there are none.</summary>
    public sealed record Result(IReadOnlyList<PairedDifference?> Differences, SharedRows? Rows, string? Refusal)
    {
        public PairedDifference? For(int gate) => gate < Differences.Count ? Differences[gate] : null;
    }
}

/// <summary>Which rows a comparison used: <see cref="Rows"/> of the <see cref="TestRows"/> test rows; the others the champion trained on.</summary>
internal sealed record SharedRows(int Rows, int TestRows)
{
    public string Describe() => Rows == TestRows
        ? $"all {TestRows} test rows (the champion trained on none of them)"
        : $"{Rows} of {TestRows} test rows ({(TestRows - Rows).ToString(CultureInfo.InvariantCulture)} the champion may have trained on are left out)";
}
