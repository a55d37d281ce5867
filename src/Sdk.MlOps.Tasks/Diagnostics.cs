using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks;

/// <summary>Coded errors and warnings as MSBuild shows them: code, help link, file and line.</summary>
internal static class Diagnostics
{
    public static string HelpLink(string code) =>
        "https://github.com/sdk-mlops/sdk.mlops/blob/main/docs/errors.md#" + code.ToLowerInvariant();

    public static void Error(this TaskLoggingHelper log, string code, string message, string? file = null, int line = 0, int column = 0) =>
        log.LogError(null, code, null, HelpLink(code), file, line, column, 0, 0, message);

    public static void Warning(this TaskLoggingHelper log, string code, string message, string? file = null, int line = 0, int column = 0) =>
        log.LogWarning(null, code, null, HelpLink(code), file, line, column, 0, 0, message);
}
