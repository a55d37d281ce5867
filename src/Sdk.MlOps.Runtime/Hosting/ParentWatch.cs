using System.Diagnostics;

namespace Sdk.MlOps.Hosting;

/// <summary>
/// Ends the model program when the build that started it is gone (killed, or its node shut down): a trainer left
/// running would later move a model into bin/ that no build verified. Nothing is committed by then: the model and
/// its report are moved into place only at the end of a training.
/// </summary>
internal static class ParentWatch
{
    public static void Start()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(ParentProcess.Variable), out var pid)) return;
        Process parent;
        try { parent = Process.GetProcessById(pid); }
        catch (ArgumentException) { Environment.Exit(3); return; }

        var watcher = new Thread(() =>
        {
            parent.WaitForExit();
            Console.Error.WriteLine("The build that started this model program is gone; stopping without writing anything.");
            Environment.Exit(3);
        }) { IsBackground = true, Name = "Sdk.MlOps parent watch" };
        watcher.Start();
    }
}
