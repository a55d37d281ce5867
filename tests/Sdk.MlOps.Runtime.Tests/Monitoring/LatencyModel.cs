using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Runtime.Tests.Monitoring;

/// <summary>A request's latency from the machine's load: a small regression the drift tests train in a second.</summary>
public sealed class LatencyModel : RegressionModel<LatencyModel.Request>
{
    public sealed class Request
    {
        [LoadColumn(0)] public string Id { get; set; } = "";
        [LoadColumn(1)] public float Cpu { get; set; }
        [LoadColumn(2)] public float Memory { get; set; }
        [LoadColumn(3)] public string Region { get; set; } = "";
        [LoadColumn(4)] public float LatencyMs { get; set; }
    }

    public override string LabelColumn => nameof(Request.LatencyMs);

    public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
        ml.Transforms.Categorical.OneHotEncoding("RegionKey", nameof(Request.Region))
            .Append(ml.Transforms.Concatenate("Features", nameof(Request.Cpu), nameof(Request.Memory), "RegionKey"))
            .Append(ml.Regression.Trainers.Sdca(new Microsoft.ML.Trainers.SdcaRegressionTrainer.Options { NumberOfThreads = 1, MaximumNumberOfIterations = 20 }));

    /// <summary>
    /// Rows with Cpu ~ N(50 + <paramref name="cpuShift"/>, 10), Memory ~ N(4, 1), four regions, latency from both;
    /// <paramref name="withLabel"/> false leaves the label column out, as production data has it.
    /// </summary>
    public static string Csv(int rows, int seed, double cpuShift = 0, bool withLabel = true, int firstId = 0)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        string[] regions = ["eu", "us", "asia", "sa"];
        var csv = new StringBuilder(withLabel ? "Id,Cpu,Memory,Region,LatencyMs\n" : "Id,Cpu,Memory,Region\n");
        for (int i = 0; i < rows; i++)
        {
            double cpu = 50 + cpuShift + 10 * Normal(), memory = 4 + Normal();
            var region = regions[random.Next(regions.Length)];
            double latency = 20 + 0.8 * cpu + 5 * memory + (region == "asia" ? 30 : 0) + 3 * Normal();
            csv.Append(CultureInfo.InvariantCulture, $"r{firstId + i},{cpu:0.###},{memory:0.###},{region}");
            csv.Append(withLabel ? string.Create(CultureInfo.InvariantCulture, $",{latency:0.##}\n") : "\n");
        }
        return csv.ToString();
    }
}
