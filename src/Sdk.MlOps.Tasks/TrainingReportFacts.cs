using System.Text.RegularExpressions;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// The two facts of a training report that decide whether a model file may be used: the input hash it was trained
/// from and the SHA-256 of its bytes. Read with a pattern, not a JSON library: the tasks also load in MSBuild on
/// .NET Framework, where a System.Text.Json of our choosing cannot be relied on.
/// </summary>
internal sealed class TrainingReportFacts(string inputHash, string modelSha256)
{
    private static readonly Regex InputHashField = new("\"inputHash\"\\s*:\\s*\"([0-9a-f]{64})\"", RegexOptions.CultureInvariant);
    private static readonly Regex ModelSha256Field = new("\"modelSha256\"\\s*:\\s*\"([0-9a-f]{64})\"", RegexOptions.CultureInvariant);

    public string InputHash { get; } = inputHash;

    public string ModelSha256 { get; } = modelSha256;

    /// <summary>The facts, or null when the report is missing, unreadable or lacks either of them.</summary>
    public static TrainingReportFacts? TryRead(string path)
    {
        try
        {
            if (!File.Exists(path)) return null;
            var text = File.ReadAllText(path);
            var input = InputHashField.Match(text);
            var sha = ModelSha256Field.Match(text);
            return input.Success && sha.Success ? new TrainingReportFacts(input.Groups[1].Value, sha.Groups[1].Value) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
