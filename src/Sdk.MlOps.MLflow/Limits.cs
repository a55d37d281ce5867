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
