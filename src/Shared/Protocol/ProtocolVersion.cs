namespace Sdk.MlOps.Protocol;

/// <summary>
/// The version of what the MSBuild tasks and the engine exchange: the request file, the command line and the
/// event lines. Raise it with any change one side cannot read from the other; the engine refuses a request of
/// another version (MLOPS9002) rather than misreading it, as happens when an SDK drives an engine of another release.
/// </summary>
internal static class ProtocolVersion
{
    public const int Current = 1;
}
