using System.Reflection;
using Microsoft.ML;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Hosting;

/// <summary>
/// The versions of what ran: this engine, ML.NET and .NET, read from the loaded assemblies. The request's SDK
/// version is not used: the protocol check (MLOPS9002) ties the two, and the manifest records what trained.
/// </summary>
internal static class Versions
{
    /// <summary>Sdk.MlOps.Runtime's informational version, as its package is versioned.</summary>
    public static string Engine { get; } = Of(typeof(Versions).Assembly);

    public static VersionsReport Current() => new(Engine, Of(typeof(MLContext).Assembly), Environment.Version.ToString());

    /// <summary>The informational version without its "+commit" suffix.</summary>
    private static string Of(Assembly assembly) =>
        (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown").Split('+')[0];
}
