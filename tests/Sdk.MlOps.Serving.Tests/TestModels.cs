using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Serving.Tests;

/// <summary>
/// Real models, trained once for the whole run: a multiclass text model in two versions (different regularisation,
/// so different bytes) and a calibrated binary model over every column type. Each host writes its own bundles.
/// </summary>
[TestClass]
public static class TestModels
{
    public static readonly string Root = Path.Combine(Path.GetTempPath(), "mlops-serving-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public static byte[] TriageV1 { get; private set; } = [];
    public static byte[] TriageV2 { get; private set; } = [];
    public static byte[] Failure { get; private set; } = [];

    public static readonly string[] Areas = ["auth", "disk", "network"];

    [AssemblyInitialize]
    public static void Train(TestContext context)
    {
        Directory.CreateDirectory(Root);
        var v1 = Task.Run(() => TrainTriage(0.01f));
        var v2 = Task.Run(() => TrainTriage(0.1f));
        Failure = TrainFailure();
        TriageV1 = v1.Result;
        TriageV2 = v2.Result;
    }

    [AssemblyCleanup]
    public static void Clean()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A fresh folder under the run's root.</summary>
    public static string NewFolder(string name)
    {
        var folder = Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Writes a bundle (model zip and manifest) into its own folder; returns the model file.</summary>
    public static string Bundle(string folder, string name, string version, byte[] model, bool labelInManifest)
    {
        var bundle = Path.Combine(folder, name);
        Directory.CreateDirectory(bundle);
        var file = Path.Combine(bundle, name + ".zip");
        File.WriteAllBytes(file, model);
        File.WriteAllText(Path.Combine(bundle, "mlops-manifest.json"), Manifest(name, version, model, labelInManifest));
        return file;
    }

    public static string Manifest(string name, string version, byte[] model, bool labelInManifest)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(model));
        object document = labelInManifest
            ? new
            {
                model = new { name, version, sha256 = sha },
                schema = new { input = new object[] { new { name = "Area", type = "String", role = "label" }, new { name = "Title", type = "String" }, new { name = "Description", type = "String" } } },
            }
            : new { model = new { name, version, sha256 = sha } };
        return JsonSerializer.Serialize(document);
    }

    private static byte[] TrainTriage(float l2)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Tickets());
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Ticket.Area))
            .Append(ml.Transforms.Text.FeaturizeText("TitleFeatures", nameof(Ticket.Title)))
            .Append(ml.Transforms.Text.FeaturizeText("DescriptionFeatures", nameof(Ticket.Description)))
            .Append(ml.Transforms.Concatenate("Features", "TitleFeatures", "DescriptionFeatures"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(l2Regularization: l2, maximumNumberOfIterations: 30))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        return Save(ml, pipeline.Fit(data), data.Schema);
    }

    private static byte[] TrainFailure()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Readings());
        var pipeline = ml.Transforms.Conversion.ConvertType(
                [new InputOutputColumnPair("MemoryF", nameof(Reading.MemoryGb)), new("ErrorsF", nameof(Reading.Errors)), new("RequestsF", nameof(Reading.Requests)), new("WeekendF", nameof(Reading.Weekend))],
                DataKind.Single)
            .Append(ml.Transforms.Concatenate("Features", nameof(Reading.Cpu), "MemoryF", "ErrorsF", "RequestsF", "WeekendF", nameof(Reading.Load)))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(l2Regularization: 0.001f, maximumNumberOfIterations: 100));
        return Save(ml, pipeline.Fit(data), data.Schema);
    }

    private static byte[] Save(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, schema, stream);
        return stream.ToArray();
    }

    private static IEnumerable<Ticket> Tickets()
    {
        string[][] titles =
        [
            ["login fails with expired password", "cannot sign in after password reset", "token rejected by identity provider", "user locked out of account", "single sign on redirect loop", "authentication timeout on login page", "password change not accepted", "mfa code never arrives", "oauth consent screen error", "session expires immediately after login", "kerberos ticket invalid", "ldap bind failed for user"],
            ["disk full on database server", "volume running out of space", "write errors on ssd", "filesystem remounted read only", "raid array degraded", "inode exhaustion on log partition", "backup disk quota exceeded", "slow disk io latency spikes", "smart errors reported on drive", "partition table corrupted", "mount point missing after reboot", "disk usage alert at 95 percent"],
            ["packet loss between datacenters", "dns resolution fails intermittently", "vpn tunnel keeps dropping", "high latency on load balancer", "firewall blocks outbound port", "network interface flapping", "tcp connection resets under load", "router bgp session down", "wifi access point unreachable", "proxy returns gateway timeout", "subnet routing misconfigured", "switch port errors increasing"],
        ];
        string[] details = ["users report the problem since this morning", "seen on several hosts in production", "started after the last change window"];
        for (int a = 0; a < Areas.Length; a++)
            for (int i = 0; i < titles[a].Length; i++)
                yield return new Ticket { Area = Areas[a], Title = titles[a][i], Description = $"{titles[a][i]}; {details[i % details.Length]}" };
    }

    private static IEnumerable<Reading> Readings()
    {
        var random = new Random(7);
        for (int i = 0; i < 80; i++)
        {
            var cpu = (float)(random.NextDouble() * 100);
            var errors = random.Next(0, 20);
            yield return new Reading
            {
                Cpu = cpu,
                MemoryGb = 4 + random.NextDouble() * 28,
                Errors = errors,
                Requests = random.Next(100, 100_000),
                Weekend = random.Next(2) == 0,
                Load = [cpu / 100f, (float)random.NextDouble(), (float)random.NextDouble()],
                Failed = cpu + 3 * errors > 90,
            };
        }
    }
}
