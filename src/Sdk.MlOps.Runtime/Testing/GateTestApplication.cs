using System.Reflection;
using Microsoft.Testing.Extensions;
using Microsoft.Testing.Platform.Builder;
using Microsoft.Testing.Platform.Capabilities.TestFramework;
using Microsoft.Testing.Platform.MSBuild;
using Microsoft.Testing.Platform.Services;

namespace Sdk.MlOps.Testing;

/// <summary>
/// The model program as a Microsoft.Testing.Platform test application: what dotnet test runs, in its
/// Microsoft.Testing.Platform mode directly and in its VSTest mode through the platform's MSBuild bridge.
/// </summary>
internal static class GateTestApplication
{
    public static async Task<int> RunAsync(string[] args, Assembly modelAssembly)
    {
        var builder = await TestApplication.CreateBuilderAsync(args);
        builder.RegisterTestFramework(
            _ => new TestFrameworkCapabilities(new TrxCapability()),
            (_, services) => new GateTestFramework(modelAssembly, services.GetOutputDevice()));
        builder.AddTrxReportProvider();
        // What MSTest.Sdk's generated code registers: the VSTest-mode bridge (--internal-msbuild-node).
        builder.AddMSBuild();
        using var app = await builder.BuildAsync();
        return await app.RunAsync();
    }
}
