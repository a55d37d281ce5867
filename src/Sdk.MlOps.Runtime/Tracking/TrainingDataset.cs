using System.Text.Json;
using Sdk.MlOps.MLflow;
using Sdk.MlOps.Profiling;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Tracking;

/// <summary>
/// The training data as an MLflow dataset input of the run, the way MLflow's own datasets describe themselves: the
/// digest of its content, its files as the source (by the names the project gives them, never a machine path),
/// its columns as an <c>mlflow_colspec</c> schema, and as profile MLflow's row and element counts with the SDK's
/// whole data profile beside them.
/// </summary>
internal static class TrainingDataset
{
    public const string Context = "training";

    /// <summary>The profile as one line: the server stores it as text and shows it as it is.</summary>
    private static readonly JsonSerializerOptions Compact = new(Json.Options) { WriteIndented = false };

    public static DatasetInput Of(TrainingReport report)
    {
        var files = report.Data.Training;
        var digest = Hosting.Sha256.OfText(string.Join("\n", files.Select(f => f.Hash)))[..32];
        var source = JsonSerializer.Serialize(new { uri = string.Join(";", files.Select(f => f.Name)) });
        var profile = report.Profile;
        var schema = JsonSerializer.Serialize(new
        {
            mlflow_colspec = report.Schema.Input.Select(c => new { type = MlflowType(c.Type), name = c.Name, required = true }),
        });
        var summary = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["num_rows"] = report.Data.TrainRows,
            ["num_elements"] = (long)report.Data.TrainRows * report.Schema.Input.Count,
            ["mlops_profile"] = profile is null ? null : Percentiles(profile),
        }, Compact);
        return DatasetInput.WithContext(new MlflowDataset($"{report.ModelName}-training", digest, "local", source, schema, summary), Context);
    }

    /// <summary>
    /// The profile with percentiles instead of 0.1 % steps: a tenth of the size (the server keeps at most 16 MB, and
    /// shows it as text); the bundle's data-profile.json keeps them all, for comparing.
    /// </summary>
    private static DataProfile Percentiles(DataProfile profile)
    {
        static NumericProfile? Trim(NumericProfile? n) => n is null || n.Quantiles.Count < 101 ? n
            : n with { Quantiles = Enumerable.Range(0, 101).Select(k => n.Quantiles[k * (n.Quantiles.Count - 1) / 100]).ToArray() };
        return profile with
        {
            Columns = profile.Columns.Select(c => c with { Numeric = Trim(c.Numeric), Text = c.Text is { } t ? t with { Length = Trim(t.Length)! } : null }).ToArray(),
        };
    }

    /// <summary>ML.NET's column type as MLflow's schema names it.</summary>
    private static string MlflowType(string type) => type switch
    {
        "Single" => "float",
        "Double" => "double",
        "Int32" => "integer",
        "Int64" => "long",
        "Boolean" => "boolean",
        "DateTime" => "datetime",
        "String" => "string",
        _ => type.StartsWith("Vector", StringComparison.Ordinal) ? "tensor" : "string",
    };
}
