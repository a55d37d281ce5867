using System.Text.RegularExpressions;

namespace Bench;

/// <summary>
/// Figure 2: a fresh clone with a warm model cache against a no-op build. The clone is a copy of the model project
/// of figure 1 without bin/, obj/ or mlruns/, whose project names the same <c>MlOpsCacheDir</c> (warmed by figure 1's
/// first build); it is built as a clone would be, restore included, and so is the no-op build it is compared with.
/// The clone must say it restored the model from the cache and must not train. The plain library of figure 1 is
/// cloned and built the same way, alternately, as the reference: what a fresh clone costs any .NET project.
/// </summary>
internal static partial class FreshClone
{
    public const int Runs = 5;
    public const double Goal = 1.5;
    private const string Figure = "Fresh clone, warm cache / no-op build";

    public static Row Run(Workspace ws, string model, string library, Notes notes)
    {
        var modelName = Path.GetFileName(model);
        List<double> noOp = [], clone = [], libraryNoOp = [], libraryClone = [];
        bool restoredEveryTime = true, trainedOnce = false;
        for (int i = 0; i < Runs; i++)
        {
            var before = Proc.Build(model).ShouldSucceed();
            var (run, dir) = BuildClone(ws, model, i);
            noOp.Add(before.Seconds);
            clone.Add(run.Seconds);

            bool trained = run.Output.Contains("Training ", StringComparison.Ordinal);
            if (!run.Output.Contains("cache", StringComparison.OrdinalIgnoreCase))
            {
                notes.Add("2", $"not available: the clone's build output never mentions a cache, so this SDK has no model cache yet. " +
                               $"Without one the clone {(trained ? "trained" : "did not train")}: {Stats.F(run.Seconds)} s, " +
                               $"{Stats.F(run.Seconds / before.Seconds)}× the no-op build with restore ({Stats.F(before.Seconds)} s); one run, not repeated.");
                return new Row("2", Figure, "not available", $"≤ {Goal}, never trains", "n/a");
            }

            var modelFile = Path.Combine(dir, "bin", "Release", "net10.0", modelName + ".zip");
            restoredEveryTime &= RestoredLine().IsMatch(run.Output) && File.Exists(modelFile);
            trainedOnce |= trained;
            if (i == 0)
                notes.Add("2", "what the clone's build said about the cache: " +
                               string.Join(" | ", run.Lines.Select(l => l.Text.Trim()).Where(t => t.Contains("cache", StringComparison.OrdinalIgnoreCase)).Take(3)));

            libraryNoOp.Add(Proc.Build(library).ShouldSucceed().Seconds);
            libraryClone.Add(BuildClone(ws, library, i).Run.Seconds);
        }

        double ratio = Stats.Median(clone) / Stats.Median(noOp);
        bool pass = ratio <= Goal && restoredEveryTime && !trainedOnce;
        notes.Add("2", $"fresh clone {Stats.Describe(clone)} vs no-op build with restore {Stats.Describe(noOp)}; " +
                       $"restored from the cache every time: {(restoredEveryTime ? "yes" : "NO")}; trained: {(trainedOnce ? "YES" : "never")}");
        notes.Add("2", $"reference, the plain library of figure 1 cloned the same way: {Stats.Describe(libraryClone)} vs its no-op build with restore " +
                       $"{Stats.Describe(libraryNoOp)} = {Stats.F(Stats.Median(libraryClone) / Stats.Median(libraryNoOp))}× with no model at all; " +
                       $"the model's clone takes {Stats.F(Stats.Median(clone) - Stats.Median(libraryClone), "+0.00;-0.00")} s more than the library's");
        if (!pass) Breakdown(ws, model, library, notes);
        return new Row("2", Figure, $"{Stats.F(ratio)}×{(trainedOnce ? ", trained" : ", never trained")}", $"≤ {Goal}, never trains", pass);
    }

    /// <summary>A fresh copy of the project (no bin/, obj/, mlruns/), built with restore.</summary>
    private static (Run Run, string Dir) BuildClone(Workspace ws, string project, int i, params string[] args)
    {
        var dir = ws.Dir("clones", $"{Path.GetFileName(project)}-{i}");
        Workspace.CopyAsClone(project, dir);
        return (Proc.Build(dir, args).ShouldSucceed(), dir);
    }

    /// <summary>Where a clone's time goes: one more clone of each with MSBuild's performance summary.</summary>
    private static void Breakdown(Workspace ws, string model, string library, Notes notes)
    {
        var m = BuildClone(ws, model, 99, "-clp:PerformanceSummary").Run;
        var l = BuildClone(ws, library, 99, "-clp:PerformanceSummary").Run;
        notes.Add("2", $"-clp:PerformanceSummary, one more clone of each ({Stats.F(m.Seconds)} vs {Stats.F(l.Seconds)} s wall): largest targets of the model's clone " +
                       NoOpBuild.Top(m.Summary("Target"), 4) + "; largest target differences (model − library) " +
                       NoOpBuild.TopDifferences(m.Summary("Target"), l.Summary("Target"), 5));
        notes.Add("2", "the SDK's own targets in the model's clone: " + NoOpBuild.SdkTargets(m));
    }

    // "restored from the cache", "cache hit", "taken from cache": a line that names the cache and a restore or a hit.
    [GeneratedRegex(@"^.*((restor|from|hit).*\bcache|\bcache\b.*(restor|hit)).*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex RestoredLine();
}
