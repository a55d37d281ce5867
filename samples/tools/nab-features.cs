// Builds metrics-train.csv / metrics-test.csv for the MetricAnomaly sample from the Numenta Anomaly Benchmark, and
// monitor/<series>.csv: series in neither split, as production data to compare with the training data's profile.
// Usage: dotnet run tools/nab-features.cs -- <nab-root> <out-dir>
// Every feature of a row is computed only from that point and earlier points of the same series, so the
// model could score a live metric stream. Output is byte-for-byte deterministic (invariant culture, fixed
// series order, "G6" number formatting).
using System.Globalization;
using System.Text;
using System.Text.Json;

if (args.Length != 2) { Console.Error.WriteLine("usage: dotnet run tools/nab-features.cs -- <nab-root> <out-dir>"); return 1; }
var (nab, outDir) = (args[0], args[1]);
var ci = CultureInfo.InvariantCulture;

// Split by whole series, so the test measures generalisation to machines the model never saw.
// Test: one series per metric kind (EC2 CPU, disk, network, ELB requests, RDS CPU, request latency).
string[] test =
[
    "realAWSCloudwatch/ec2_cpu_utilization_825cc2", "realAWSCloudwatch/ec2_disk_write_bytes_c0d644",
    "realAWSCloudwatch/ec2_network_in_257a54", "realAWSCloudwatch/elb_request_count_8c0756",
    "realAWSCloudwatch/rds_cpu_utilization_e47b3b", "realKnownCause/ec2_request_latency_system_failure",
];
string[] train =
[
    "realAWSCloudwatch/ec2_cpu_utilization_24ae8d", "realAWSCloudwatch/ec2_cpu_utilization_53ea38",
    "realAWSCloudwatch/ec2_cpu_utilization_5f5533", "realAWSCloudwatch/ec2_cpu_utilization_77c1ca",
    "realAWSCloudwatch/ec2_cpu_utilization_ac20cd", "realAWSCloudwatch/ec2_cpu_utilization_c6585a",
    "realAWSCloudwatch/ec2_cpu_utilization_fe7f93", "realAWSCloudwatch/ec2_disk_write_bytes_1ef3de",
    "realAWSCloudwatch/ec2_network_in_5abac7", "realAWSCloudwatch/grok_asg_anomaly",
    "realAWSCloudwatch/rds_cpu_utilization_cc0c53", "realKnownCause/cpu_utilization_asg_misconfiguration",
    "realKnownCause/machine_temperature_system_failure",
];
// Monitoring: one file per series, same columns, for drift detection and, once labels arrive, live metrics.
// iio_..._NetworkIn is a server metric like the training series (5-minute points); nyc_taxi (taxi passengers every
// 30 minutes) and ambient_temperature_system_failure (office temperature every hour) are other kinds of signal at
// other sampling rates. Their measured drift is in MetricAnomaly/data/PROVENANCE.md.
string[] monitor =
[
    "realAWSCloudwatch/iio_us-east-1_i-a2eb1cd9_NetworkIn", "realKnownCause/nyc_taxi",
    "realKnownCause/ambient_temperature_system_failure",
];
// Its labels are also written apart, as monitor/<series>-labels.csv (Timestamp,Label): labels that arrive later
// and are joined to the predictions by timestamp, which is unique within a series.
const string LabelsArriveLater = "realKnownCause/nyc_taxi";

const int Baseline = 2016; // "normal" reference: up to one week of 5-minute points before the recent period
const int Skip = 600;      // first ~2 days: PrevExt288 needs 2 x 288 points plus some baseline
const int Stride = 5;      // keep every 5th point (25 min): anomaly windows span hours, and this keeps the files small

using var labels = JsonDocument.Parse(File.ReadAllText(Path.Combine(nab, "labels", "combined_windows.json")));
const string Header = "Series,Timestamp,Z12,Ext12,Ext48,Ext144,Ext288,Out48,Out288,PrevExt48,PrevExt288,LogVol288,Label";
Directory.CreateDirectory(Path.Combine(outDir, "monitor"));
Write("metrics-train.csv", train);
Write("metrics-test.csv", test);
foreach (var rel in monitor)
{
    string name = Path.GetFileName(rel);
    var rows = Write($"monitor/{name}.csv", [rel]);
    if (rel == LabelsArriveLater) // Timestamp and Label of each row, in the same order
        WriteText($"monitor/{name}-labels.csv", "Timestamp,Label", rows.Select(r => { var c = r.Split(','); return $"{c[1]},{c[^1]}"; }));
}
return 0;

// Writes the rows of the series and returns them (without the header).
string[] Write(string file, string[] series)
{
    var sb = new StringBuilder();
    foreach (var s in series) AppendSeries(sb, s);
    var rows = sb.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    WriteText(file, Header, rows);
    return rows;
}

void WriteText(string file, string header, IEnumerable<string> rows)
{
    var lines = rows.ToArray();
    File.WriteAllText(Path.Combine(outDir, file), string.Concat(lines.Prepend(header).Select(l => l + "\n"))); // UTF-8 without BOM, '\n' line ends
    Console.WriteLine($"{file}: {lines.Length} rows, {lines.Count(l => l.EndsWith(",true", StringComparison.Ordinal))} with Label = true");
}

void AppendSeries(StringBuilder sb, string rel)
{
    var rows = File.ReadAllLines(Path.Combine(nab, "data", rel + ".csv")).Skip(1).Select(l => l.Split(',')).ToArray();
    var t = rows.Select(r => DateTime.ParseExact(r[0], "yyyy-MM-dd HH:mm:ss", ci)).ToArray();
    var v = rows.Select(r => double.Parse(r[1], ci)).ToArray();
    // NAB windows are inclusive [start, end] timestamps, written with microseconds.
    var windows = labels.RootElement.GetProperty(rel + ".csv").EnumerateArray()
        .Select(w => (From: DateTime.ParseExact(w[0].GetString()!, "yyyy-MM-dd HH:mm:ss.ffffff", ci),
                      To: DateTime.ParseExact(w[1].GetString()!, "yyyy-MM-dd HH:mm:ss.ffffff", ci))).ToArray();
    string name = Path.GetFileName(rel);

    for (int i = Skip; i < v.Length; i += Stride)
    {
        // Scale floor: flat series (CPU idling at 0.1 %) have zero spread; 1 % of the level avoids dividing by ~0.
        double floor = 1e-6 + 0.01 * Math.Abs(Mean(v[(i - 288)..i]));
        var last12 = v[(i - 12)..i];
        double z12 = (v[i] - Mean(last12)) / Math.Max(Std(last12), floor);
        var r12 = Recent(v, i, 12, floor); var r48 = Recent(v, i, 48, floor);
        var r144 = Recent(v, i, 144, floor); var r288 = Recent(v, i, 288, floor);
        // The same measure one period earlier tells a fresh disturbance (likely inside a window) from an old one.
        var p48 = Recent(v, i - 48, 48, floor); var p288 = Recent(v, i - 288, 288, floor);
        bool label = windows.Any(w => t[i] >= w.From && t[i] <= w.To);
        sb.Append(name).Append(',').Append(t[i].ToString("yyyy-MM-dd HH:mm:ss", ci));
        foreach (var x in new[] { z12, r12.Ext, r48.Ext, r144.Ext, r288.Ext, r48.Out, r288.Out, p48.Ext, p288.Ext, r288.LogVol })
            sb.Append(',').Append(Math.Clamp(x, -10, 10).ToString("G6", ci)); // clamp: one flat stretch must not dominate min-max scaling
        sb.Append(',').Append(label ? "true" : "false").Append('\n');
    }
}

// How unusual are the last k points (i-k+1..i) compared with the baseline just before them?
// Rank-based, so it is scale-free across CPU %, bytes and request counts.
static (double Ext, double Out, double LogVol) Recent(double[] v, int i, int k, double floor)
{
    int start = i - k + 1;
    var baseline = v[Math.Max(0, start - Baseline)..start].Order().ToArray();
    double lo = Quantile(baseline, 0.01), hi = Quantile(baseline, 0.99);
    double ext = 0, outside = 0;
    for (int j = start; j <= i; j++)
    {
        ext = Math.Max(ext, Math.Abs(2 * Rank(baseline, v[j]) - 1)); // 1 = beyond anything in the baseline
        if (v[j] < lo || v[j] > hi) outside++;
    }
    var recent = v[start..(i + 1)].Order().ToArray();
    double iqr(double[] a) => Math.Max(Quantile(a, 0.75) - Quantile(a, 0.25), floor);
    return (ext, outside / k, Math.Log(iqr(recent) / iqr(baseline)));
}

static double Mean(double[] a) => a.Average();
static double Std(double[] a) { double m = a.Average(); return Math.Sqrt(a.Average(x => (x - m) * (x - m))); }
static double Quantile(double[] sorted, double q) => sorted[(int)(q * (sorted.Length - 1))];
// Mid-rank of x in a sorted array, in [0, 1] (ties count half, so a flat series gives 0.5, not an extreme).
static double Rank(double[] sorted, double x) => (LowerBound(sorted, x) + LowerBound(sorted, Math.BitIncrement(x))) / 2.0 / sorted.Length;
static int LowerBound(double[] a, double x)
{
    int lo = 0, hi = a.Length;
    while (lo < hi) { int m = (lo + hi) / 2; if (a[m] < x) lo = m + 1; else hi = m; }
    return lo;
}
