using System.Globalization;
using System.Text;

namespace Sdk.MlOps.Reports;

/// <summary>Renders <c>MODEL_CARD.md</c> from the manifest, so the card can never disagree with it.</summary>
internal static class ModelCard
{
    public static string Render(Manifest m)
    {
        var s = new StringBuilder();
        s.AppendLine($"# Model card: {m.Model.Name} {m.Model.Version}").AppendLine();
        var task = Words(m.Model.Task).ToLowerInvariant();
        s.AppendLine(m.Description?.Summary is { Length: > 0 } summary ? summary : $"{("aeiou".Contains(task[0]) ? "An" : "A")} {task} model trained with ML.NET ({m.Model.Trainer}).").AppendLine();

        s.AppendLine("## Model").AppendLine();
        Row(s, "Task", Words(m.Model.Task));
        Row(s, "Trainer", m.Model.Trainer);
        Row(s, "Class", $"`{m.Model.Class}`");
        Row(s, "File", $"`{m.Model.File}` (SHA-256 `{m.Model.Sha256}`)");
        Row(s, "Source", $"commit `{m.Source.Commit ?? "unknown"}` on `{m.Source.Branch ?? "unknown"}`{(m.Source.Repository is { } r ? $" of {r}" : "")}");
        Row(s, "Created", m.CreatedUtc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Row(s, "Versions", $"Sdk.MlOps {m.Versions.Sdk}, ML.NET {m.Versions.MlNet}, .NET {m.Versions.Dotnet}");
        s.AppendLine();

        s.AppendLine("## Data").AppendLine();
        s.AppendLine("| Role | File | Rows | Content hash |").AppendLine("| --- | --- | ---: | --- |");
        foreach (var f in m.Data.Training) s.AppendLine($"| training | `{f.Name}` | {f.Rows} | `{f.Hash}` |");
        foreach (var f in m.Data.Test) s.AppendLine($"| test | `{f.Name}` | {f.Rows} | `{f.Hash}` |");
        s.AppendLine();
        s.AppendLine(m.Data.SplitFraction is { } frac
            ? $"The test set is {frac.ToString("P0", CultureInfo.InvariantCulture)} of the training files held out by a seeded, stratified split (seed {m.Seed}): {m.Data.TrainRows} rows trained, {m.Data.TestRows} tested."
            : $"{m.Data.TrainRows} rows trained, {m.Data.TestRows} tested (seed {m.Seed}).").AppendLine();

        if (m.Parameters.Count > 0)
        {
            s.AppendLine("## Parameters").AppendLine();
            foreach (var (name, value) in m.Parameters) s.AppendLine($"- `{name}` = `{value}`");
            s.AppendLine();
        }

        s.AppendLine("## Metrics").AppendLine();
        s.AppendLine("| Metric | Test | Training |").AppendLine("| --- | ---: | ---: |");
        foreach (var (name, value) in m.Metrics.Test)
            s.AppendLine($"| {name} | {GateResult.Format(value)} | {(m.Metrics.Training.TryGetValue(name, out var t) ? GateResult.Format(t) : "")} |");
        s.AppendLine();

        s.AppendLine("## Gates").AppendLine();
        s.AppendLine("| Metric | Bound | Value | Verdict |").AppendLine("| --- | --- | ---: | --- |");
        foreach (var g in m.Gates)
        {
            s.AppendLine($"| {g.Metric} | {g.Bound} | {GateResult.Format(g.Value)} | {(g.Passed ? "passed" : "failed")} |");
            foreach (var slice in g.Slices ?? [])
                s.AppendLine($"| ↳ {slice.Slice!.Column}={slice.Slice.Value} ({slice.Slice.Rows} rows) | {slice.Bound} | {GateResult.Format(slice.Value)} | {(!slice.Slice.Gated ? "not gated" : slice.Passed ? "passed" : "failed")} |");
        }
        s.AppendLine();

        if (m.Performance is { } p)
        {
            s.AppendLine("## Serving cost").AppendLine();
            s.AppendLine("Measured on the machine that tested it; compare figures from one machine only.").AppendLine();
            s.AppendLine("| Figure | Value |").AppendLine("| --- | ---: |");
            string F(double v) => PerformanceReport.Figure(v);
            s.AppendLine($"| Latency, one row (p50 / p95 / p99) | {F(p.LatencyP50Ms)} / {F(p.LatencyP95Ms)} / {F(p.LatencyP99Ms)} ms over {p.LatencyPredictions} predictions |");
            s.AppendLine($"| Throughput, batches | {F(p.ThroughputRowsPerSecond)} rows/s |");
            s.AppendLine($"| Model file | {F(p.ModelSizeMB)} MB |");
            s.AppendLine($"| Peak working set while scoring | {F(p.PeakMemoryMB)} MB |");
            s.AppendLine($"| Load time | {F(p.LoadTimeMs)} ms |");
            s.AppendLine();
        }

        s.AppendLine("## Intended use").AppendLine();
        s.AppendLine(m.Description?.IntendedUse is { Length: > 0 } use ? use : "Not stated. Set MlOpsIntendedUse in the project.").AppendLine();
        s.AppendLine("## Limitations").AppendLine();
        s.AppendLine(m.Description?.Limitations is { Length: > 0 } lim ? lim
            : "Not stated. Set MlOpsLimitations in the project. The metrics above hold for data like the test set; they say nothing of data that drifts from it.").AppendLine();

        s.AppendLine("## Input schema").AppendLine();
        s.AppendLine("| Column | Type | Role |").AppendLine("| --- | --- | --- |");
        foreach (var c in m.Schema.Input)
            s.AppendLine($"| {c.Name} | {c.Type} | {(c.Role != ColumnReport.LabelRole ? "input" : m.Model.Task == nameof(ModelTask.AnomalyDetection) ? "label: only evaluates the model, not given to it" : "label: what the model predicts, not given to it")} |");
        return s.ToString();
    }

    private static void Row(StringBuilder s, string name, string value) => s.AppendLine($"- **{name}**: {value}");

    private static string Words(string task) => string.Concat(task.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
}
