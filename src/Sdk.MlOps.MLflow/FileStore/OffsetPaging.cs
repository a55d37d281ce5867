using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sdk.MlOps.MLflow;

/// <summary>
/// Page tokens as MLflow's own stores make them: base64 of <c>{"offset": N}</c>, so a token means the same thing
/// to this store and to a server reading the same tree.
/// </summary>
internal static class OffsetPaging
{
    public static Page<T> Take<T>(IReadOnlyList<T> sorted, int maxResults, string? pageToken)
    {
        if (maxResults < 1)
            throw new MlflowException(MlflowException.ErrorCodes.InvalidParameterValue, $"max_results must be a positive integer, not {maxResults}.");
        var offset = Offset(pageToken);
        var items = sorted.Skip(offset).Take(maxResults).ToList();
        var next = (long)offset + maxResults < sorted.Count ? Token(offset + maxResults) : null;
        return new Page<T>(items, next);
    }

    public static string Token(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"offset\": {offset}}}")));

    public static int Offset(string? pageToken)
    {
        if (string.IsNullOrEmpty(pageToken)) return 0;
        try
        {
            using var json = JsonDocument.Parse(Convert.FromBase64String(pageToken));
            if (json.RootElement.TryGetProperty("offset", out var offset) && offset.TryGetInt32(out var value) && value >= 0) return value;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
        }
        throw new MlflowException(MlflowException.ErrorCodes.InvalidParameterValue, $"Invalid page token '{pageToken}'.");
    }
}
