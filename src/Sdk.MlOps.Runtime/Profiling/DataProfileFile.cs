using System.Text.Json;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Profiling;

/// <summary><c>data-profile.json</c>, the bundle's profile of its training data and of its test predictions.</summary>
internal static class DataProfileFile
{
    public const string Name = "data-profile.json";

    public static DataProfile Read(string path)
    {
        DataProfile? profile = null;
        try
        {
            profile = Json.Read<DataProfile>(path);
        }
        catch (JsonException e)
        {
            throw new MlOpsException(ErrorCodes.NoDataProfile, $"{path} cannot be read ({e.Message}); publish the model again to write it.", new SourceLocation(path), e);
        }

        if (profile?.Format != DataProfile.CurrentFormat)
            throw new MlOpsException(ErrorCodes.NoDataProfile,
                $"{path} is of profile format {profile?.Format}; this engine reads format {DataProfile.CurrentFormat}. Publish the model again with this SDK.", new SourceLocation(path));
        return profile;
    }
}
