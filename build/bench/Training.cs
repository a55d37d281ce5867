using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using BenchModel;
using Microsoft.ML;

namespace Bench;

/// <summary>
/// Figure 3: the training step through the SDK against a plain ML.NET console program running the same pipeline
/// (Shared/Pipeline.cs) on the same generated CSV, each as its own process so both include process start.
/// SDK: the time of the build's RunModel task (the <c>dotnet exec Model.dll train</c> child, start to exit), from
/// <c>-clp:PerformanceSummary</c>. Plain: the wall time of <c>dotnet exec Bench.dll --plain-train</c>, which loads with
/// <c>LoadFromTextFile&lt;BenchRow&gt;</c>, fits and saves. Model caching is off (<c>MlOpsCache=false</c>) and the
/// model file is deleted before each build, so every SDK build trains.
/// </summary>
internal static partial class Training
{
    public const double Goal = 1.10;

    /// <summary>The plain program, run as <c>dotnet exec Bench.dll --plain-train data.csv model.zip</c>.</summary>
    public static int PlainMain(string csv, string modelPath)
    {
        var startup = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var clock = Stopwatch.StartNew();
        var ml = new MLContext(seed: 42);
        var data = ml.Data.LoadFromTextFile<BenchRow>(csv, separatorChar: ',', hasHeader: true);
        var model = BenchPipeline.Build(ml).Fit(data);
        var fit = clock.Elapsed;
        ml.Model.Save(model, data.Schema, modelPath);
        Console.WriteLine(FormattableString.Invariant($"plain startup={startup.TotalSeconds:0.000} loadfit={fit.TotalSeconds:0.000} save={(clock.Elapsed - fit).TotalSeconds:0.000}"));
        return 0;
    }

    public static Row Run(Workspace ws, int rows, int runs, Notes notes)
    {
        var size = rows >= 1_000_000 ? $"{rows / 1_000_000}M" : $"{rows / 1_000}k";
        var id = "3-" + size;
        var train = Path.Combine(ws.Dir("data"), $"train-{size}.csv");
        var test = Path.Combine(ws.Dir("data"), "test-2k.csv");
        Workspace.WriteData(train, rows, seed: 1);
        if (!File.Exists(test)) Workspace.WriteData(test, 2_000, seed: 2);

        var name = "Train" + size;
        var project = ws.CreateModelProject(name, train, test, "<MlOpsCache>false</MlOpsCache>");
        var modelFile = Path.Combine(project, "bin", "Release", "net10.0", name + ".zip");
        var plainModel = Path.Combine(ws.Dir("plain"), name + ".zip");

        // Warm-up: restore, compile and a first training; a first plain run.
        Proc.Build(project).ShouldSucceed();
        Plain(train, plainModel);

        var sdk = new List<double>();
        var plain = new List<double>();
        var sdkPhases = new List<double[]>();
        var plainPhases = new List<double[]>();
        for (int i = 0; i < runs; i++)
        {
            File.Delete(modelFile);
            var build = Proc.Build(project, "--no-restore", "-clp:PerformanceSummary").ShouldSucceed();
            var task = build.SummaryMs("Task", "RunModel") / 1000
                ?? throw new InvalidOperationException("no RunModel in the performance summary: the build did not train:\n" + build.Output);
            sdk.Add(task);
            sdkPhases.Add(SdkPhases(build, task));

            var p = Plain(train, plainModel);
            plain.Add(p.Seconds);
            plainPhases.Add(PlainPhases(p));
        }

        double ratio = Stats.Median(sdk) / Stats.Median(plain);
        notes.Add(id, $"{rows:N0} rows ({new FileInfo(train).Length / 1e6:0} MB): SDK train step {Stats.Describe(sdk)} vs plain ML.NET {Stats.Describe(plain)}");
        notes.Add(id, $"SDK, medians: {Phase(sdkPhases, 0)} s from task start to \"Training\" (process start, request, read and validate the CSV, also the test file), " +
                      $"{Phase(sdkPhases, 1)} s fit + evaluation on the training data (its \"Trained in\" clock), " +
                      $"{Phase(sdkPhases, 2)} s save + MLflow tracking + training report; whole build {Stats.F(Stats.Median(sdkPhases.Select(x => x[3])))} s");
        notes.Add(id, $"plain, medians: {Phase(plainPhases, 0)} s process start to Main, {Phase(plainPhases, 1)} s load + fit, " +
                      $"{Phase(plainPhases, 2)} s save, {Phase(plainPhases, 3)} s exit and the rest");
        return new Row(id, $"Training step, {rows:N0} rows: SDK / plain ML.NET", $"{Stats.F(ratio)}×", $"≤ {Goal}", ratio <= Goal);
    }

    private static Run Plain(string csv, string model) =>
        Proc.Exec(Path.GetDirectoryName(model)!, "dotnet", "exec", Workspace.BenchDll, "--plain-train", csv, model).ShouldSucceed();

    /// <summary>
    /// Start to "Training" line, the SDK's own fit + evaluate clock, the rest after it; and the build's wall time.
    /// The task ends when the model process exits right after its "Trained" line, so the task started at
    /// t(Trained) − task time; line times are when the bench received them.
    /// </summary>
    private static double[] SdkPhases(Run build, double task)
    {
        double training = build.At("Training ") ?? double.NaN, trained = build.At("Trained ") ?? double.NaN;
        var clock = TrainedIn().Match(build.Output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
        double beforeTraining = task - (trained - training);
        return [beforeTraining, clock, trained - training - clock, build.Seconds];
    }

    private static double[] PlainPhases(Run run)
    {
        var m = PlainLine().Match(run.Output);
        double Get(int g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        return m.Success ? [Get(1), Get(2), Get(3), run.Seconds - Get(1) - Get(2) - Get(3)] : [double.NaN, double.NaN, double.NaN, double.NaN];
    }

    private static string Phase(List<double[]> phases, int i) => Stats.F(Stats.Median(phases.Select(p => p[i])));

    [GeneratedRegex(@"Trained \S+ in ([\d.]+) s")]
    private static partial Regex TrainedIn();

    [GeneratedRegex(@"plain startup=([\d.]+) loadfit=([\d.]+) save=([\d.]+)")]
    private static partial Regex PlainLine();
}
