using System.Text.RegularExpressions;

namespace Sdk.MlOps.MLflow;

/// <summary>
/// MLflow's server-side limits (2.12 and 3.x), checked before anything is sent or written, so a bad value fails
/// alone and early with <see cref="MlflowException.ErrorCodes.InvalidParameterValue"/> instead of failing a batch.
/// </summary>
public static partial class Limits
{
    /// <summary>Metrics in one log-batch request.</summary>
    public const int MaxMetricsPerBatch = 1000;
    /// <summary>Parameters in one log-batch request.</summary>
    public const int MaxParamsPerBatch = 100;
    /// <summary>Tags in one log-batch request.</summary>
    public const int MaxTagsPerBatch = 100;
    /// <summary>Metrics, parameters and tags together in one log-batch request.</summary>
    public const int MaxEntitiesPerBatch = 1000;
    /// <summary>Characters in a metric, parameter or tag key.</summary>
    public const int MaxKeyLength = 250;
    /// <summary>Characters in a parameter value.</summary>
    public const int MaxParamValueLength = 6000;
    /// <summary>2.12 allows 5000 characters (3.x: 8000); the smaller keeps every server happy.</summary>
    public const int MaxTagValueLength = 5000;
    /// <summary>Dataset inputs in one log-inputs request (MLflow's own client batches at this; the server sets no limit).</summary>
    public const int MaxDatasetsPerRequest = 1000;
    /// <summary>Characters in a dataset's name.</summary>
    public const int MaxDatasetNameLength = 500;
    /// <summary>Characters in a dataset's digest.</summary>
    public const int MaxDatasetDigestLength = 36;
    /// <summary>Characters in a dataset's source (a TEXT column).</summary>
    public const int MaxDatasetSourceLength = 65535;
    /// <summary>2.12 allows 65535 characters in a dataset's schema (later: 1048575); the smaller keeps every server happy.</summary>
    public const int MaxDatasetSchemaLength = 65535;
    /// <summary>Characters in a dataset's profile (a MEDIUMTEXT column).</summary>
    public const int MaxDatasetProfileLength = 16777215;
    /// <summary>Characters in the key of a dataset input's tag.</summary>
    public const int MaxInputTagKeyLength = 255;
    /// <summary>Characters in the value of a dataset input's tag.</summary>
    public const int MaxInputTagValueLength = 500;

    /// <summary>Throws INVALID_PARAMETER_VALUE unless <paramref name="key"/> is a key MLflow accepts; <paramref name="kind"/> names it in the message.</summary>
    public static void CheckKey(string kind, string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength || !KeyPattern().IsMatch(key) || key.Split('/').Any(part => part is "" or "." or ".."))
            throw Invalid($"{kind} key '{key}' is not valid: 1 to {MaxKeyLength} characters of letters, digits, '_', '-', '.', ' ', '/' and no empty, '.' or '..' path segments.");
    }

    /// <summary>Throws INVALID_PARAMETER_VALUE unless the key and the value fit MLflow's limits for a parameter.</summary>
    public static void CheckParam(string key, string value)
    {
        CheckKey("Param", key);
        if (value.Length > MaxParamValueLength)
            throw Invalid($"Param '{key}' has {value.Length} characters; MLflow keeps at most {MaxParamValueLength}.");
    }

    /// <summary>Throws INVALID_PARAMETER_VALUE unless the key and the value fit MLflow's limits for a tag.</summary>
    public static void CheckTag(string key, string value)
    {
        CheckKey("Tag", key);
        if (value.Length > MaxTagValueLength)
            throw Invalid($"Tag '{key}' has {value.Length} characters; MLflow keeps at most {MaxTagValueLength}.");
    }

    /// <summary>
    /// Throws INVALID_PARAMETER_VALUE unless the dataset and the input's tags fit MLflow's limits. MLflow's file store
    /// checks none of them, its SQL store all: checked for both, so a local store stays loadable into a database.
    /// </summary>
    public static void CheckDatasetInput(DatasetInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var dataset = input.Dataset ?? throw Invalid("A dataset input needs a dataset.");
        // An overlong name must not flood the message that reports it.
        var label = dataset.Name is { Length: > 80 } name ? name[..80] + "..." : dataset.Name;
        // The four are required by MLflow's protocol; over REST an empty string is the same as a missing one.
        CheckDatasetField(label, "name", dataset.Name, MaxDatasetNameLength, required: true);
        CheckDatasetField(label, "digest", dataset.Digest, MaxDatasetDigestLength, required: true);
        CheckDatasetField(label, "source_type", dataset.SourceType, int.MaxValue, required: true);
        CheckDatasetField(label, "source", dataset.Source, MaxDatasetSourceLength, required: true);
        CheckDatasetField(label, "schema", dataset.Schema, MaxDatasetSchemaLength, required: false);
        CheckDatasetField(label, "profile", dataset.Profile, MaxDatasetProfileLength, required: false);
        foreach (var (key, value) in input.Tags ?? throw Invalid($"Dataset '{label}': the input's tags must not be null."))
        {
            if (string.IsNullOrEmpty(key) || key.Length > MaxInputTagKeyLength)
                throw Invalid($"Dataset '{label}': an input tag key has {key.Length} characters; MLflow needs 1 to {MaxInputTagKeyLength}.");
            if (value is null)
                throw Invalid($"Dataset '{label}': input tag '{key}' has a null value.");
            if (value.Length > MaxInputTagValueLength)
                throw Invalid($"Dataset '{label}': input tag '{key}' has {value.Length} characters; MLflow keeps at most {MaxInputTagValueLength}.");
        }
    }

    private static void CheckDatasetField(string label, string field, string? value, int maxLength, bool required)
    {
        if (required && string.IsNullOrEmpty(value))
            throw Invalid($"Dataset '{label}': its {field} is required.");
        if (value is not null && value.Length > maxLength)
            throw Invalid($"Dataset '{label}': its {field} has {value.Length} characters; MLflow keeps at most {maxLength}.");
    }

    /// <summary>Alias names as MLflow accepts them: word characters and '-', not a version look-alike, not 'latest'.</summary>
    public static void CheckAlias(string alias)
    {
        if (!AliasPattern().IsMatch(alias) || alias.Length == 0 || VersionLike().IsMatch(alias) || alias.Equals("latest", StringComparison.OrdinalIgnoreCase))
            throw Invalid($"Alias '{alias}' is not valid: use letters, digits, '_' or '-', not a version like 'v1', not 'latest'.");
    }

    private static MlflowException Invalid(string message) => new(MlflowException.ErrorCodes.InvalidParameterValue, message);

    [GeneratedRegex(@"^[\w\-. /]+$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^[\w\-]*$")]
    private static partial Regex AliasPattern();

    [GeneratedRegex(@"^[vV]\d+$")]
    private static partial Regex VersionLike();
}
