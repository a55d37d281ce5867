using System.Diagnostics;
using System.Reflection;

namespace Sdk.MlOps.Diagnostics;

/// <summary>Where in the user's own code an exception came from, so its error points there and not at the SDK.</summary>
internal static class UserCode
{
    /// <summary>
    /// The innermost frame of <paramref name="exception"/> in <paramref name="userAssembly"/> whose source file is on
    /// this machine (the model program's PDB sits beside it); null when the exception never passed through user code,
    /// or its paths were mapped away (deterministic CI builds), and the project file is the place to look.
    /// </summary>
    public static SourceLocation? Location(Exception exception, Assembly userAssembly)
    {
        foreach (var frame in new StackTrace(exception, fNeedFileInfo: true).GetFrames())
        {
            if (frame.GetMethod()?.Module.Assembly != userAssembly) continue;
            var file = frame.GetFileName();
            if (file is not null && frame.GetFileLineNumber() > 0 && File.Exists(file))
                return new SourceLocation(file, frame.GetFileLineNumber(), frame.GetFileColumnNumber());
        }

        return null;
    }
}
