using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Profiling;

namespace Sdk.MlOps.Runtime.Tests.Profiling;

/// <summary>
/// On real data (the MetricAnomaly sample's NAB features: clamped tails, point masses, a column with 49 values) the
/// profile's statistics match the exact ones computed from every value of both files.
/// </summary>
[TestClass]
public sealed class RealDataAccuracyTests
{
    private static readonly string[] Features = ["Z12", "Ext12", "Ext48", "Out48", "Out288", "LogVol288"];

    private static IDataView Load(string file)
    {
        var path = Path.Combine(TestData.RepoRoot(), "samples", "MetricAnomaly", "data", file);
        var header = File.ReadLines(path).First().Split(',');
        return new MLContext(1).Data.CreateTextLoader(new TextLoader.Options
        {
            Separators = [','], HasHeader = true,
            Columns = Features.Select(f => new TextLoader.Column(f, DataKind.Single, Array.IndexOf(header, f))).ToArray(),
        }).Load(path);
    }

    private static double[] Values(IDataView view, string column) =>
        view.GetColumn<float>(column).Select(v => (double)v).Order().ToArray();

    [TestMethod]
    public void WassersteinAndKolmogorovSmirnov_MatchTheExactValues_OnTheNabFeatures()
    {
        var train = Load("metrics-train.csv");
        var test = Load("metrics-test.csv");
        var reference = DataProfiler.Profile(train, Features.Select(f => new ProfiledColumn(f, "Single", ColumnProfile.FeatureRole)).ToArray(), "training");
        var counted = DataProfiler.Count(test, reference.Columns.Select(ColumnPlan.Like).ToArray());

        foreach (var (column, i) in Features.Select((f, i) => (f, i)))
        {
            double[] a = Values(train, column), b = Values(test, column);
            double exactW = ProfilingData.Wasserstein(a, b) / ProfilingData.StdDev(a);
            double ours = DriftStatistics.WassersteinNormed(reference.Columns[i], counted[i]);
            Assert.AreEqual(exactW, ours, Math.Max(0.005, 0.05 * exactW), $"{column}: normed Wasserstein");

            double exactD = ProfilingData.KolmogorovSmirnovD(a, b);
            double d = DriftStatistics.KolmogorovSmirnovD(reference.Columns[i].Numeric!.Quantiles, counted[i].Numbers!, reference.Columns[i].Categories is not null);
            Assert.AreEqual(exactD, d, 0.01, $"{column}: KS D");
        }
    }
}
