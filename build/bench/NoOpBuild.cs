namespace Bench;

/// <summary>
/// Figure 1: a no-op <c>dotnet build</c> of a model project against a no-op build of a plain class library of the same
/// size (as many .cs files, as many lines each). Each is built once (restore, compile; the model also trains and so
/// fills the model cache), once more to warm, then timed alternately with <c>--no-restore</c>. Two references are timed
/// in the same rotation to split the difference: a plain console program of the same size that references
/// Microsoft.ML (what any project with ML.NET's dependencies costs), and the model project with
/// <c>-p:MlOpsTrainOnBuild=false</c> (everything but the SDK's up-to-date check of the model).
/// </summary>
internal static class NoOpBuild
{
    public const int Runs = 15;
    public const double Goal = 1.15;

    /// <summary>The row, and the two projects the fresh-clone figure clones.</summary>
    public static (Row Row, string ModelProject, string Library) Run(Workspace ws, Notes notes)
    {
        var model = ws.CreateModelProject("NoOpModel", "data/train.csv", "data/test.csv", $"<MlOpsCacheDir>{ws.CacheDir}</MlOpsCacheDir>");
        Workspace.WriteData(Path.Combine(model, "data", "train.csv"), 5_000, seed: 1);
        Workspace.WriteData(Path.Combine(model, "data", "test.csv"), 1_000, seed: 2);
        var library = ws.CreatePlainProject("PlainLibrary", like: model);
        var mlNet = ws.CreatePlainProject("PlainMlNetConsole", like: model, mlNetConsole: true);

        var first = Proc.Build(model).ShouldSucceed();
        if (!first.Output.Contains("Trained ", StringComparison.Ordinal)) throw new InvalidOperationException("the first model build did not train:\n" + first.Output);
        foreach (var project in new[] { library, mlNet }) Proc.Build(project).ShouldSucceed();

        // Timed in rotation: the model, the library, and two references that split the difference between them.
        (string Dir, string[] Args)[] builds =
        [
            (model, ["--no-restore"]),
            (library, ["--no-restore"]),
            (mlNet, ["--no-restore"]),
            (model, ["--no-restore", "-p:MlOpsTrainOnBuild=false"]),
        ];
        foreach (var b in builds) Proc.Build(b.Dir, b.Args).ShouldSucceed();
        var times = builds.Select(_ => new List<double>()).ToArray();
        for (int i = 0; i < Runs; i++)
        {
            for (int k = 0; k < builds.Length; k++)
            {
                var run = Proc.Build(builds[k].Dir, builds[k].Args).ShouldSucceed();
                if (k == 0 && !run.Output.Contains("model is up to date", StringComparison.Ordinal))
                    throw new InvalidOperationException("a no-op build of the model project was not a no-op:\n" + run.Output);
                times[k].Add(run.Seconds);
            }
        }

        var (modelTimes, libraryTimes, mlNetTimes, noTrainTimes) = (times[0], times[1], times[2], times[3]);
        double ratio = Stats.Median(modelTimes) / Stats.Median(libraryTimes);
        var files = Directory.GetFiles(model, "*.cs").Select(f => File.ReadAllLines(f).Length);
        notes.Add("1", $"model project {Stats.Describe(modelTimes)} vs plain library {Stats.Describe(libraryTimes)}; " +
                       $"all {files.Count()} .cs files of {string.Join(" and ", files)} lines; 5,000 training rows");
        double Ms(List<double> a, List<double> b) => (Stats.Median(a) - Stats.Median(b)) * 1000;
        notes.Add("1", $"references in the same rotation: a plain console program of the same size referencing Microsoft.ML 5.0.1 {Stats.Describe(mlNetTimes)}; " +
                       $"the model project with -p:MlOpsTrainOnBuild=false {Stats.Describe(noTrainTimes)}");
        notes.Add("1", $"so of the model's {Ms(modelTimes, libraryTimes):+0;-0} ms over the library: ML.NET's references (console program − library) {Ms(mlNetTimes, libraryTimes):+0;-0} ms, " +
                       $"the SDK's imports, generated entry point and runtime package's dependencies (model without train targets − console program) {Ms(noTrainTimes, mlNetTimes):+0;-0} ms, " +
                       $"the SDK's up-to-date check of the model (model − model without train targets) {Ms(modelTimes, noTrainTimes):+0;-0} ms; " +
                       $"files in bin/: {Directory.GetFiles(Path.Combine(model, "bin", "Release", "net10.0")).Length} model, " +
                       $"{Directory.GetFiles(Path.Combine(mlNet, "bin", "Release", "net10.0")).Length} console program, {Directory.GetFiles(Path.Combine(library, "bin", "Release", "net10.0")).Length} library");
        Breakdown(model, library, mlNet, notes);

        var row = new Row("1", "No-op build: model project / plain class library", $"{Stats.F(ratio)}×", $"≤ {Goal}", ratio <= Goal);
        return (row, model, library);
    }

    /// <summary>Where the difference goes: one more no-op build of each with MSBuild's performance summary.</summary>
    private static void Breakdown(string model, string library, string mlNet, Notes notes)
    {
        var m = Proc.Build(model, "--no-restore", "-clp:PerformanceSummary").ShouldSucceed();
        var l = Proc.Build(library, "--no-restore", "-clp:PerformanceSummary").ShouldSucceed();
        var c = Proc.Build(mlNet, "--no-restore", "-clp:PerformanceSummary").ShouldSucceed();
        notes.Add("1", $"-clp:PerformanceSummary, one no-op build each of model / library / ML.NET program: evaluation " +
                       $"{Sum(m, "Project Evaluation"):0} / {Sum(l, "Project Evaluation"):0} / {Sum(c, "Project Evaluation"):0} ms, " +
                       $"build {Sum(m, "Project"):0} / {Sum(l, "Project"):0} / {Sum(c, "Project"):0} ms, " +
                       $"process wall {m.Seconds * 1000:0} / {l.Seconds * 1000:0} / {c.Seconds * 1000:0} ms");
        notes.Add("1", "largest target differences, model − library: " + TopDifferences(m.Summary("Target"), l.Summary("Target"), 5) +
                       "; model − ML.NET program: " + TopDifferences(m.Summary("Target"), c.Summary("Target"), 5));
        notes.Add("1", "the SDK's own targets: " + SdkTargets(m));
    }

    /// <summary>The targets Sdk.MlOps adds (their names hold "MlOps"): total and the largest.</summary>
    internal static string SdkTargets(Run run)
    {
        var own = run.Summary("Target").Where(t => t.Key.Contains("MlOps", StringComparison.Ordinal)).OrderByDescending(t => t.Value).ToList();
        return $"{own.Sum(t => t.Value):0} ms in {own.Count} targets (" + string.Join(", ", own.Take(4).Select(t => $"{t.Key} {t.Value:0} ms")) + ")";
    }

    internal static string Top(Dictionary<string, double> times, int count) =>
        string.Join(", ", times.OrderByDescending(t => t.Value).Take(count).Select(t => $"{t.Key} {t.Value:0} ms"));

    private static double Sum(Run run, string section) => run.Summary(section).Values.Sum();

    internal static string TopDifferences(Dictionary<string, double> a, Dictionary<string, double> b, int count = 6) =>
        string.Join(", ", a.Keys.Union(b.Keys)
            .Select(k => (Name: k, Diff: a.GetValueOrDefault(k) - b.GetValueOrDefault(k)))
            .OrderByDescending(x => x.Diff)
            .Take(count)
            .Select(x => $"{x.Name} {x.Diff:+0;-0} ms"));
}
