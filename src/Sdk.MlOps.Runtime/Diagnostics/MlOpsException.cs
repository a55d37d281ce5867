namespace Sdk.MlOps.Diagnostics;

/// <summary>
/// A failure the user caused and can fix. It carries a stable code and, where one exists, the place to look,
/// and is reported as one coded line without a stack trace.
/// </summary>
internal sealed class MlOpsException : Exception
{
    public MlOpsException(string code, string message, SourceLocation? location = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Location = location ?? default;
    }

    public string Code { get; }

    public SourceLocation Location { get; }
}

/// <summary>A file and (1-based) line and column; zero means unknown.</summary>
internal readonly record struct SourceLocation(string? File, int Line = 0, int Column = 0);
