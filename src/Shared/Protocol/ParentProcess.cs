namespace Sdk.MlOps.Protocol;

/// <summary>
/// The environment variable through which the RunModel task tells the model program its own process id, so the
/// program ends when the build that started it is gone.
/// </summary>
internal static class ParentProcess
{
    public const string Variable = "MLOPS_PARENT_PID";
}
