using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Sdk.MlOps.Inference.Tests;

/// <summary>A support ticket: its text, and the team it went to (the label).</summary>
public sealed class Ticket
{
    public string Text { get; set; } = "";
    public string Category { get; set; } = "";
}

/// <summary>A point on either side of the line x + y = 1 (the label: above it).</summary>
public sealed class Point
{
    public float X { get; set; }
    public float Y { get; set; }
    public bool Label { get; set; }
}

/// <summary>A house: its size and rooms, and its price (the label).</summary>
public sealed class House
{
    public float Size { get; set; }
    public float Rooms { get; set; }
    public float Price { get; set; }
}

/// <summary>What a plain <see cref="PredictionEngine{TSrc,TDst}"/> gives for a multiclass model.</summary>
public sealed class TicketScores
{
    public string PredictedLabel { get; set; } = "";
    public float[] Score { get; set; } = [];
}

/// <summary>What a plain engine gives for a calibrated binary model.</summary>
public sealed class PointProbability
{
    public bool PredictedLabel { get; set; }
    public float Score { get; set; }
    public float Probability { get; set; }
}

/// <summary>What a plain engine gives for an uncalibrated binary model.</summary>
public sealed class PointScore
{
    public bool PredictedLabel { get; set; }
    public float Score { get; set; }
}

/// <summary>What a plain engine gives for a regression model.</summary>
public sealed class HousePrice
{
    public float Score { get; set; }
}

/// <summary>
/// Real ML.NET models, trained once per test run on small generated data (about a second in all), each saved as a
/// zip: two versions of a multiclass ticket triage (the second's classes spelt differently, so an answer tells which
/// version gave it), a calibrated and an uncalibrated binary classifier, and a regression. Tests copy them into
/// folders of their own (<see cref="NewFolder"/>) before they change anything.
/// </summary>
[TestClass]
public static class TrainedModels
{
    private static string s_root = "";

    /// <summary>The classes of the first ticket model, and the second's names for the same classes.</summary>
    public static readonly string[] ClassesV1 = ["network", "storage", "security"];
    public static readonly string[] ClassesV2 = ["net-v2", "disk-v2", "auth-v2"];

    public static string TicketsV1 { get; private set; } = "";
    public static string TicketsV2 { get; private set; } = "";
    public static string Calibrated { get; private set; } = "";
    public static string Uncalibrated { get; private set; } = "";
    public static string Regression { get; private set; } = "";

    /// <summary>Tickets not in the training data, one clearly of each class and some in between.</summary>
    public static readonly Ticket[] SampleTickets =
    [
        new() { Text = "dns lookup timeout on the proxy" },
        new() { Text = "disk full and the volume is read only" },
        new() { Text = "certificate expired, tls handshake rejected" },
        new() { Text = "socket reset while writing the backup to disk" },
        new() { Text = "" },
        new() { Text = "password login denied after dns change" },
    ];

    public static readonly Point[] SamplePoints =
        [new() { X = 0.1f, Y = 0.2f }, new() { X = 0.9f, Y = 0.8f }, new() { X = 0.5f, Y = 0.45f }, new() { X = 0.3f, Y = 0.9f }];

    public static readonly House[] SampleHouses =
        [new() { Size = 50, Rooms = 2 }, new() { Size = 120, Rooms = 4 }, new() { Size = 80, Rooms = 3 }];

    [AssemblyInitialize]
    public static void Train(TestContext _)
    {
        s_root = Path.Combine(Path.GetTempPath(), "sdk-mlops-inference-tests", Guid.NewGuid().ToString("N"));
        var models = Directory.CreateDirectory(Path.Combine(s_root, "trained")).FullName;
        var ml = new MLContext(seed: 1);

        TicketsV1 = Save(ml, models, "tickets-v1.zip", TrainTickets(ml, ClassesV1, iterations: 20), Tickets(ClassesV1));
        TicketsV2 = Save(ml, models, "tickets-v2.zip", TrainTickets(ml, ClassesV2, iterations: 10), Tickets(ClassesV2));

        var points = ml.Data.LoadFromEnumerable(Points());
        var pointFeatures = ml.Transforms.Concatenate("Features", nameof(Point.X), nameof(Point.Y));
        Calibrated = Save(ml, models, "calibrated.zip", pointFeatures.Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(
            new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1, MaximumNumberOfIterations = 20 })).Fit(points), points);
        Uncalibrated = Save(ml, models, "uncalibrated.zip", pointFeatures.Append(ml.BinaryClassification.Trainers.LinearSvm(
            new LinearSvmTrainer.Options { NumberOfIterations = 5 })).Fit(points), points);

        var houses = ml.Data.LoadFromEnumerable(Houses());
        Regression = Save(ml, models, "regression.zip", ml.Transforms.Concatenate("Features", nameof(House.Size), nameof(House.Rooms))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
            {
                LabelColumnName = nameof(House.Price), NumberOfThreads = 1, MaximumNumberOfIterations = 20,
            })).Fit(houses), houses);
    }

    [AssemblyCleanup]
    public static void Clean()
    {
        try
        {
            if (s_root.Length > 0) Directory.Delete(s_root, recursive: true);
        }
        catch (IOException)
        {
            // A watcher of a test still winding down; the temporary folder is the system's to clean then.
        }
    }

    /// <summary>A new empty folder for one test.</summary>
    public static string NewFolder() => Directory.CreateDirectory(Path.Combine(s_root, Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Copies <paramref name="model"/> into <paramref name="folder"/> as <paramref name="fileName"/>.</summary>
    public static string CopyTo(string model, string folder, string fileName = "model.zip")
    {
        var target = Path.Combine(folder, fileName);
        File.Copy(model, target, overwrite: true);
        return target;
    }

    /// <summary>Replaces a file by a rename, as a deployment does: written beside it first, then moved over it.</summary>
    public static void ReplaceAtomically(string target, byte[] content)
    {
        var temporary = target + ".tmp";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, target, overwrite: true);
    }

    /// <summary>The lower-case hex SHA-256 of a file.</summary>
    public static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    /// <summary>The manifest of a bundle, as publish writes it (the properties given; a null one is left out).</summary>
    public static byte[] Manifest(string? name, string? version, string? sha256)
    {
        var model = new Dictionary<string, string>();
        if (name != null) model["name"] = name;
        if (version != null) model["version"] = version;
        if (sha256 != null) model["sha256"] = sha256;
        return System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { model, files = new[] { "model.zip" } });
    }

    /// <summary>Writes the manifest beside <paramref name="modelFile"/>, naming its current bytes.</summary>
    public static void WriteManifest(string modelFile, string name, string version) =>
        File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(modelFile)!, ModelIdentity.ManifestFileName), Manifest(name, version, Sha256(modelFile)));

    private static ITransformer TrainTickets(MLContext ml, string[] classes, int iterations) =>
        ml.Transforms.Conversion.MapValueToKey("Label", nameof(Ticket.Category))
            .Append(ml.Transforms.Text.FeaturizeText("Features", nameof(Ticket.Text)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                MaximumNumberOfIterations = iterations,
                NumberOfThreads = 1,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(ml.Data.LoadFromEnumerable(Tickets(classes)));

    private static string Save(MLContext ml, string folder, string name, ITransformer model, IDataView data) =>
        Save(ml, folder, name, model, data.Schema);

    private static string Save<T>(MLContext ml, string folder, string name, ITransformer model, IEnumerable<T> rows) where T : class =>
        Save(ml, folder, name, model, ml.Data.LoadFromEnumerable(rows).Schema);

    private static string Save(MLContext ml, string folder, string name, ITransformer model, DataViewSchema schema)
    {
        var file = Path.Combine(folder, name);
        ml.Model.Save(model, schema, file);
        return file;
    }

    private static readonly string[][] s_words =
    [
        ["dns", "socket", "proxy", "latency", "packet", "tcp", "http", "router", "timeout", "bandwidth"],
        ["disk", "volume", "backup", "quota", "filesystem", "ssd", "snapshot", "raid", "mount", "full"],
        ["certificate", "password", "tls", "login", "token", "permission", "denied", "firewall", "expired", "mfa"],
    ];

    private static readonly string[] s_filler = ["the", "server", "since", "this", "morning", "again", "users", "report", "on", "prod"];

    /// <summary>Ninety tickets, thirty per class: three words of the class among filler, in a fixed order.</summary>
    private static IEnumerable<Ticket> Tickets(string[] classes)
    {
        var random = new Random(7);
        for (int i = 0; i < 90; i++)
        {
            int c = i % 3;
            var words = Enumerable.Range(0, 3).Select(_ => s_words[c][random.Next(10)])
                .Concat(Enumerable.Range(0, 3).Select(_ => s_filler[random.Next(10)]))
                .OrderBy(_ => random.Next());
            yield return new Ticket { Text = string.Join(' ', words), Category = classes[c] };
        }
    }

    private static IEnumerable<Point> Points()
    {
        var random = new Random(11);
        for (int i = 0; i < 200; i++)
        {
            float x = (float)random.NextDouble(), y = (float)random.NextDouble();
            yield return new Point { X = x, Y = y, Label = x + y + (random.NextDouble() - 0.5) * 0.2 > 1 };
        }
    }

    private static IEnumerable<House> Houses()
    {
        var random = new Random(13);
        for (int i = 0; i < 200; i++)
        {
            float size = 30 + (float)random.NextDouble() * 120, rooms = 1 + random.Next(5);
            yield return new House { Size = size, Rooms = rooms, Price = 2 * size + 15 * rooms + (float)random.NextDouble() * 10 };
        }
    }
}
