using System.Runtime.InteropServices;

namespace Bench;

/// <summary>One figure of the table: what was measured (a median), its goal, and pass, MISS, n/a or info.</summary>
internal sealed record Row(string Id, string Figure, string Measured, string Goal, string Result)
{
    public Row(string id, string figure, string measured, string goal, bool pass) : this(id, figure, measured, goal, pass ? "pass" : "MISS") { }
}

/// <summary>The details behind each row: medians of both sides, repetitions, and where the time went.</summary>
internal sealed class Notes
{
    private readonly List<(string Id, string Text)> _notes = [];

    public IReadOnlyList<(string Id, string Text)> All => _notes;

    public void Add(string id, string text)
    {
        _notes.Add((id, text));
        Console.WriteLine($"  [{id}] {text}");
    }
}

internal static class Table
{
    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
            : null;
        var sdk = Proc.Dotnet(Environment.CurrentDirectory, "--version").Output.Trim();
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{Environment.ProcessorCount} cores{(cpu is null ? "" : $" ({cpu})")}, {memory:0} GiB, " +
               $"{os ?? RuntimeInformation.OSDescription} ({Environment.OSVersion.VersionString}, {RuntimeInformation.OSArchitecture}), " +
               $"dotnet --version {sdk}, runtime {Environment.Version}";
    }

    /// <summary>The 1-minute load average: anything else running on the machine makes the figures noisier.</summary>
    public static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    public static void Print(string machine, Workspace ws, IReadOnlyList<Row> rows, Notes notes, TimeSpan elapsed, string loads)
    {
        Console.WriteLine();
        Console.WriteLine($"Machine: {machine}");
        Console.WriteLine($"1-minute load average at each step: {loads} (the bench itself keeps about 1 of the {Environment.ProcessorCount} cores busy)");
        Console.WriteLine($"SDK under test: Sdk.MlOps {ws.SdkVersion}, packed from the working tree at {ws.Source}. Builds: {Proc.Settings}.");
        Console.WriteLine($"Each figure is a median of repeated runs, A and B alternated; bench wall time {elapsed.TotalMinutes:0.0} min.");
        Console.WriteLine();

        string[] header = ["#", "Figure", "Measured (median)", "Goal", "Result"];
        var cells = rows.Select(r => new[] { r.Id, r.Figure, r.Measured, r.Goal, r.Result }).ToList();
        var widths = header.Select((h, i) => cells.Select(c => c[i].Length).Append(h.Length).Max()).ToArray();
        string Line(string[] c) => "| " + string.Join(" | ", c.Select((s, i) => s.PadRight(widths[i]))) + " |";
        Console.WriteLine(Line(header));
        Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var c in cells) Console.WriteLine(Line(c));

        Console.WriteLine();
        Console.WriteLine("Details:");
        foreach (var (id, text) in notes.All) Console.WriteLine($"  [{id}] {text}");
    }
}
