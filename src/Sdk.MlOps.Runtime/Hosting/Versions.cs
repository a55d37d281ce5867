using System.Reflection;
using Microsoft.ML;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Hosting;

internal static class Versions
{
    public static VersionsReport Current(Request request) => new(
        request.Lineage.SdkVersion ?? Of(typeof(Versions).Assembly),
        Of(typeof(MLContext).Assembly),
        Environment.Version.ToString());

    /// <summary>The informational version without its "+commit" suffix.</summary>
    private static string Of(Assembly assembly) =>
        (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown").Split('+')[0];
}
