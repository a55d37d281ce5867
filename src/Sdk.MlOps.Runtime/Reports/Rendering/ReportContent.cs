using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>
/// What both files say, worked out once from <see cref="ModelReportData"/>: the header, the verdict and the tables.
/// The HTML adds the charts; the Markdown prints exactly this.
/// </summary>
internal sealed record ReportContent(string Title, string Verdict, Tone VerdictTone, string? Promotion,
    IReadOnlyList<(string Label, string Value)> Facts, IReadOnlyList<ReportSection> Sections)
{
    /// <summary>What the report is, before its title: "Model report", "Drift report".</summary>
    public string Kind { get; init; } = "Model report";

    public const string Gates = "gates", Comparison = "comparison", Metrics = "metrics", Performance = "performance",
        Slices = "slices", Outcomes = "outcomes", Importance = "importance", History = "history", Drift = "drift";

    public static ReportContent From(ModelReportData data)
    {
        var evaluation = data.Evaluation;
        // The drift gates and data contracts are gates too: a report must not say "all passed" when dotnet test fails.
        var checks = evaluation.Gates.Select(g => (Name: g.Metric, g.Passed)).Concat(DriftChecks(evaluation.Drift)).ToArray();
        var failed = checks.Count(c => !c.Passed);
        var (verdict, tone) = checks.Length == 0 ? ("No gates", Tone.Muted)
            : failed == 0 ? (checks.Length == 1 ? "The gate passed" : $"All {Plural(checks.Length, "gate")} passed", Tone.Pass)
            : ($"{failed} of {Plural(checks.Length, "gate")} failed: "
                + string.Join(", ", checks.Where(c => !c.Passed).Select(c => c.Name).Distinct()), Tone.Fail);
        string? promotion = null;
        if (evaluation.ChampionVersion is not null)
            promotion = (evaluation.SignificantlyBetter(out var why) ? "Better than the champion: " : "Not shown better than the champion: ") + why + ".";

        List<(string, string)> facts =
        [
            ("Model", data.ModelName),
            ("Version", data.Version ?? "unversioned"),
            ("Task", ReportText.Task(data.Task)),
            ("Trainer", data.Trainer),
            ("Created", ReportText.Utc(data.CreatedUtc)),
            ("Test rows", ReportText.Count(evaluation.TestRows)),
        ];
        if (evaluation.ChampionVersion is { } champion) facts.Add(("Champion", "version " + champion));
        if (evaluation.InputHash.Length > 0) facts.Add(("Data hash", ReportText.Short(evaluation.InputHash, 13)));

        var sections = new List<ReportSection> { GateSection(evaluation) };
        if (ComparisonSection(evaluation) is { } comparison) sections.Add(comparison);
        sections.Add(new ReportSection(Metrics, "Metrics", [new ReportTable(["Metric", "Value"],
            evaluation.Metrics.Select(m => (IReadOnlyList<Cell>)[m.Key, ReportText.Number(m.Value)]).ToArray()) { Numeric = new HashSet<int> { 1 } }]));
        if (evaluation.Performance is { } performance) sections.Add(PerformanceSection(performance));
        if (evaluation.Drift is { } drift) sections.Add(DriftSection(drift));
        if (data.Slices is { Count: > 0 } slices) sections.Add(SliceSection(slices));
        sections.Add(OutcomeSection(data));
        if (data.Importance is { Count: > 0 } importance) sections.Add(ImportanceSection(importance, data.ImportanceMetric));
        if (data.History is { Count: > 0 } history) sections.Add(HistorySection(history));

        var title = data.ModelName + (data.Version is { } v ? " version " + v : "");
        return new ReportContent(title, verdict, tone, promotion, facts, sections);
    }

    private static ReportSection GateSection(EvaluationReport evaluation) => new(Gates, "Gates", evaluation.Gates.Count == 0 ? [] :
    [
        new ReportTable(["Metric", "Bound", "Value", "Verdict"], evaluation.Gates.Select(g => (IReadOnlyList<Cell>)
            [g.Metric, g.Bound, ReportText.Number(g.Value), g.Passed ? new Cell("passed", Tone.Pass) : new Cell("FAILED", Tone.Fail)]).ToArray())
        { Numeric = new HashSet<int> { 2 } },
    ])
    { Intro = evaluation.Gates.Count == 0 ? "The project sets no gate: nothing was judged." : null };

    private static ReportSection? ComparisonSection(EvaluationReport evaluation)
    {
        var compared = evaluation.Gates.Where(g => g.Paired is not null).ToArray();
        if (compared.Length == 0)
            return evaluation.ChampionVersion is { } v
                ? new ReportSection(Comparison, "Comparison with the champion", []) { Intro = $"Champion version {v} could not be compared with on the same rows." }
                : null;
        var rows = compared.Select(g =>
        {
            var p = g.Paired!;
            var verdict = g.Significance switch
            {
                > 0 => new Cell("significantly better", Tone.Pass),
                < 0 => new Cell("significantly worse", Tone.Fail),
                _ => new Cell("no significant difference", Tone.Muted),
            };
            return (IReadOnlyList<Cell>)[g.Metric, ReportText.Number(p.Candidate), ReportText.Number(p.Champion), ReportText.Signed(p.Difference),
                $"[{ReportText.Signed(p.Lower)}, {ReportText.Signed(p.Upper)}]", ReportText.Percent(p.Confidence),
                p.McNemarP is { } mcnemar ? ReportText.Number(mcnemar) : "—", verdict, ReportText.Count(p.Rows)];
        }).ToArray();
        var champion = evaluation.ChampionVersion is { } version ? "champion version " + version : "the champion";
        return new ReportSection(Comparison, "Comparison with the champion",
        [
            new ReportTable(["Metric", "Candidate", "Champion", "Difference", "Interval", "Confidence", "McNemar p", "Verdict", "Rows"], rows)
            { Numeric = new HashSet<int> { 1, 2, 3, 4, 5, 6, 8 } },
        ])
        {
            Intro = $"Candidate − {champion}, on the same rows: "
                + (evaluation.ComparedRows is { } shared ? shared.Describe() : $"{ReportText.Count(compared[0].Paired!.Rows)} rows")
                + ". The interval is the paired bootstrap's; a difference is significant when the interval leaves out 0.",
        };
    }

    private static IEnumerable<(string Name, bool Passed)> DriftChecks(Profiling.DriftReport? drift) => drift is null ? [] :
        drift.Columns.Where(c => c.Gated).Select(c => ($"drift of {c.Column}", !c.Drifted))
            .Concat(drift.Share is { } s ? [("data set drift", s.Passed)] : [])
            .Concat(drift.Contracts.Select(c => ($"contract of {c.Column}", c.Passed)));

    /// <summary>The test rows against the training profile: each compared column, then the contracts.</summary>
    private static ReportSection DriftSection(Profiling.DriftReport drift)
    {
        var tables = new List<ReportTable>
        {
            new(["Column", "Statistic", "Value", "Bound", "Verdict"], drift.Columns.Select(c => (IReadOnlyList<Cell>)
                [c.Column, c.Statistic, double.IsNaN(c.Value) ? "no values" : Profiling.ColumnDrift.Format(c.Value), Profiling.ColumnDrift.Format(c.Threshold),
                 double.IsNaN(c.Value) ? new Cell("not compared", Tone.Muted) : c.Drifted ? new Cell(c.Gated ? "DRIFT" : "drift (share)", c.Gated ? Tone.Fail : Tone.Muted) : new Cell("ok", Tone.Pass)]).ToArray())
            { Numeric = new HashSet<int> { 2, 3 } },
        };
        if (drift.Contracts.Count > 0)
            tables.Add(new ReportTable(["Column", "Check", "Share", "Allowed", "Verdict"], drift.Contracts.Select(c => (IReadOnlyList<Cell>)
                [c.Column, c.Check, Profiling.ColumnDrift.Format(c.Value), c.Allowed, c.Passed ? new Cell("ok", Tone.Pass) : new Cell("broken", Tone.Fail)]).ToArray())
            { Numeric = new HashSet<int> { 2 } });
        var share = drift.Share is { } s ? $" {s.Drifted} of {s.Columns} columns drift; at most {ReportText.Percent(s.MaxShare)} may." : "";
        return new ReportSection(Drift, "Data drift", tables)
        {
            Intro = $"The {ReportText.Count(drift.CurrentRows)} test rows against the training profile ({ReportText.Count(drift.ReferenceRows)} rows).{share} Methods and bounds: docs/drift.md.",
        };
    }

    private static ReportSection PerformanceSection(PerformanceReport p) => new(Performance, "Performance",
    [
        new ReportTable(["Figure", "Value", "Name in MlPerformanceGate"],
        [
            ["Latency p50", $"{ReportText.Fixed(p.LatencyP50Ms, 3)} ms", PerformanceProbe.LatencyP50],
            ["Latency p95", $"{ReportText.Fixed(p.LatencyP95Ms, 3)} ms", PerformanceProbe.LatencyP95],
            ["Latency p99", $"{ReportText.Fixed(p.LatencyP99Ms, 3)} ms", PerformanceProbe.LatencyP99],
            ["Throughput", $"{ReportText.Count((long)Math.Round(p.ThroughputRowsPerSecond))} rows/s", PerformanceProbe.Throughput],
            ["Model size", $"{ReportText.Fixed(p.ModelSizeMB, 2)} MB", PerformanceProbe.ModelSize],
            ["Peak memory", $"{ReportText.Fixed(p.PeakMemoryMB, 1)} MB", PerformanceProbe.PeakMemory],
            ["Load time", $"{ReportText.Fixed(p.LoadTimeMs, 1)} ms", PerformanceProbe.LoadTime],
        ]) { Numeric = new HashSet<int> { 1 } },
    ])
    {
        Intro = $"Measured on the machine that ran the tests: latency over {ReportText.Count(p.LatencyPredictions)} single predictions, "
            + $"throughput over {ReportText.Count(p.ThroughputRows)} rows.",
    };

    private static ReportSection SliceSection(IReadOnlyList<SliceRow> slices) => new(Slices, "Slices",
    [
        new ReportTable(["Column", "Value", "Rows", "Metric", "Value of the metric", "Verdict"], slices.Select(s => (IReadOnlyList<Cell>)
            [s.Column, s.Value, ReportText.Count(s.Rows), s.Metric, ReportText.Number(s.MetricValue), s.Passed switch
            {
                true => new Cell("passed", Tone.Pass),
                false => new Cell("FAILED", Tone.Fail),
                null => new Cell("too few rows: not gated", Tone.Muted),
            }]).ToArray()) { Numeric = new HashSet<int> { 2, 4 } },
    ]);

    private static ReportSection OutcomeSection(ModelReportData data)
    {
        var confusion = data.Outcomes is { } outcomes ? Confusion.From(outcomes) : null;
        var tables = new List<ReportTable>();
        if (confusion is { Classes.Count: 2 } && data.Outcomes is Statistics.BinaryOutcomes)
            tables.Add(new ReportTable(["True \\ predicted", "negative", "positive"], Enumerable.Range(0, 2).Select(t => (IReadOnlyList<Cell>)
                [confusion.Classes[t], ReportText.Count(confusion.Counts[t, 0]), ReportText.Count(confusion.Counts[t, 1])]).ToArray())
            { Caption = "Confusion matrix (score above 0 is predicted positive)", Numeric = new HashSet<int> { 1, 2 } });
        else if (confusion is not null)
            tables.Add(new ReportTable(["Class", "Rows", "Recall", "Precision"], Enumerable.Range(0, confusion.Classes.Count).Select(c => (IReadOnlyList<Cell>)
                [confusion.Classes[c], ReportText.Count(confusion.RowTotal(c)), ReportText.Number(confusion.Recall(c)), ReportText.Number(confusion.Precision(c))]).ToArray())
            { Caption = "Per class", Numeric = new HashSet<int> { 1, 2, 3 } });
        return new ReportSection(Outcomes, "Predictions", tables)
        {
            Folded = true,
            Intro = data.Outcomes is null ? "The model's per-row outcomes could not be read: no plot of them." : null,
        };
    }

    private static ReportSection ImportanceSection(IReadOnlyList<ColumnImportance> importance, string? metric) => new(Importance, "Permutation importance",
    [
        new ReportTable(["Column", $"Drop in {metric ?? "the metric"}", "Shuffled", "As is"], importance.OrderByDescending(i => i.Drop).Select(i => (IReadOnlyList<Cell>)
            [i.Column, ReportText.Signed(i.Drop), ReportText.Number(i.Shuffled), ReportText.Number(i.Baseline)]).ToArray())
        { Numeric = new HashSet<int> { 1, 2, 3 } },
    ])
    {
        Folded = true,
        Intro = "How much worse the model gets when one input column's values are shuffled across the test rows, the others kept: "
            + "a large drop means the model leans on the column; about 0 means it does not use it.",
    };

    private static ReportSection HistorySection(IReadOnlyList<MetricHistoryPoint> history) => new(History, "Metric history",
    [
        new ReportTable(["Run", "Version", "Metric", "Value"], history.OrderByDescending(h => h.Utc).ThenBy(h => h.Metric, StringComparer.Ordinal)
            .Take(60).Select(h => (IReadOnlyList<Cell>)[ReportText.Utc(h.Utc), h.Version ?? "—", h.Metric, ReportText.Number(h.Value)]).ToArray())
        { Numeric = new HashSet<int> { 3 }, Caption = history.Count > 60 ? "The latest 60 values" : null },
    ])
    {
        Folded = true,
        Intro = "The experiment's earlier runs; the charts mark this run's value.",
    };

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
