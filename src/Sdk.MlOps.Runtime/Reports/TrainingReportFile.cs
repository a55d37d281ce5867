using System.Text.Json;
using Sdk.MlOps.Diagnostics;

namespace Sdk.MlOps.Reports;

/// <summary>Reads a training report, as test and publish do; one they cannot read asks for a new build, not a bug report.</summary>
internal static class TrainingReportFile
{
    public static TrainingReport Read(string path)
    {
        try
        {
            return Json.Read<TrainingReport>(path);
        }
        catch (JsonException e)
        {
            throw new MlOpsException(ErrorCodes.ModelNotTrained,
                $"The training report {path} cannot be read ({e.Message}); it is damaged or from another SDK version. Build the project again.");
        }
    }
}
