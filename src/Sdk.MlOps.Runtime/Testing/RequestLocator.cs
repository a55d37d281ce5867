using System.Reflection;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Testing;

/// <summary>
/// Finds the request the build wrote for this program. dotnet test starts the program with its own arguments, so the
/// build records where the request is, relative to the output folder (no machine path is compiled in), in the
/// assembly metadata <c>Sdk.MlOps.Request</c>.
/// </summary>
internal static class RequestLocator
{
    public const string MetadataKey = "Sdk.MlOps.Request";

    public static Request Load(Assembly modelAssembly, string baseDirectory)
    {
        var name = modelAssembly.GetName().Name;
        var relative = modelAssembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == MetadataKey)?.Value;
        if (string.IsNullOrEmpty(relative))
            throw new MlOpsException(ErrorCodes.TestRequestMissing,
                $"{name} does not say where its build wrote the model's request (assembly metadata '{MetadataKey}'). Build it with the Sdk.MlOps SDK and GenerateAssemblyInfo left true.");

        var path = Path.GetFullPath(Path.Combine(baseDirectory, relative));
        if (!File.Exists(path))
            throw new MlOpsException(ErrorCodes.TestRequestMissing,
                $"{name} has no request at '{path}': the project was compiled but its model inputs were never computed. Build it (dotnet build, with MlOpsTrainOnBuild not false) before dotnet test --no-build.");

        var request = Request.Load(path);
        request.Command = "evaluate";
        return request;
    }
}
