using System.Globalization;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.Profiling;
using Sdk.MlOps.Reports.Rendering;

namespace Sdk.MlOps.Monitoring;

/// <summary>
/// The drift report, drawn by the model report's machinery (<see cref="ReportContent"/>, <see cref="HtmlReport"/>,
/// <see cref="MarkdownReport"/>): <c>DRIFT_REPORT.md</c> for CI summaries, <c>DRIFT_REPORT.html</c> with a chart
/// per compared column (the reference's shares against the production data's, in the reference's bins: its 5 %
/// quantiles for a number, its most frequent values for a category or its words for text), and
/// <c>drift-report.json</c> with everything.
/// </summary>
internal static class MonitorReportWriter
{
    public const string MarkdownName = "DRIFT_REPORT.md", HtmlName = "DRIFT_REPORT.html", JsonName = "drift-report.json";
    private const string Columns = "columns", Predictions = "predictions", Live = "live", Contracts = "contracts";

    public static IReadOnlyList<string> Write(string folder, MonitorReport report)
    {
        Directory.CreateDirectory(folder);
        var content = Content(report);
        var charts = Charts(Columns, report.Data, report.Reference)
            .Concat(report.Predictions is { } predicted && report.Reference.Predictions is { } tested ? Charts(Predictions, predicted, tested) : [])
            .ToArray();
        AtomicFile.WriteText(Path.Combine(folder, MarkdownName), MarkdownReport.Render(content, HtmlName));
        AtomicFile.WriteText(Path.Combine(folder, HtmlName), HtmlReport.Render(content, charts, null, MarkdownName));
        AtomicFile.WriteText(Path.Combine(folder, JsonName), Reports.Json.Write(report));
        return [Path.Combine(folder, MarkdownName), Path.Combine(folder, HtmlName), Path.Combine(folder, JsonName)];
    }

    public static ReportContent Content(MonitorReport r)
    {
        var failed = r.Data.Columns.Where(c => c.Gated && c.Drifted).Select(c => $"drift of {c.Column}")
            .Concat(r.Data.Share is { Passed: false } ? ["data set drift"] : [])
            .Concat(r.Data.Contracts.Where(c => !c.Passed).Select(c => $"contract of {c.Column}"))
            .Concat((r.Predictions?.Columns ?? []).Where(c => c.Drifted).Select(c => $"drift of the {c.Column}"))
            .Concat((r.Live?.Gates ?? []).Where(g => !g.Passed).Select(g => $"live {g.Metric}"))
            .ToArray();
        var verdict = failed.Length == 0 ? "Passed" : "FAILED: " + string.Join(", ", failed);
        List<(string, string)> facts =
        [
            ("Checked", ReportText.Utc(r.CheckedUtc)),
            ("Production rows", ReportText.Count(r.Data.CurrentRows)),
            ("Training rows", ReportText.Count(r.Data.ReferenceRows)),
            ("Data", string.Join(", ", r.Sources)),
        ];

        var sections = new List<ReportSection>
        {
            new(Columns, "Columns", [DriftTable(r.Data)])
            {
                Intro = r.Data.Share is { } s
                    ? $"{s.Drifted} of {s.Columns} columns drift ({ReportText.Percent(s.Share)}); at most {ReportText.Percent(s.MaxShare)} may."
                    : null,
            },
        };
        if (r.Predictions is { } predictions)
            sections.Add(new ReportSection(Predictions, "Predictions, against the test set's", [DriftTable(predictions)]));
        if (r.Live is { } live)
            sections.Add(new ReportSection(Live, "Live metrics", [new ReportTable(["Metric", "Bound", "Value", "Verdict"],
                live.Gates.Select(g => (IReadOnlyList<Cell>)[g.Metric, g.Bound, ColumnDrift.Format(g.Value), Verdict(g.Passed, "passed", "FAILED")]).ToArray())
                { Numeric = new HashSet<int> { 2 } }])
            {
                Intro = $"Live metrics on {live.Rows} production rows whose labels arrived later: {string.Join(", ", live.Metrics.Select(m => $"{m.Key} {ColumnDrift.Format(m.Value)}"))}.",
            });
        if (r.Data.Contracts.Count > 0)
            sections.Add(new ReportSection(Contracts, "Data contracts", [new ReportTable(["Column", "Check", "Share", "Allowed", "Verdict"],
                r.Data.Contracts.Select(c => (IReadOnlyList<Cell>)[c.Column, c.Check, ColumnDrift.Format(c.Value), c.Allowed, Verdict(c.Passed, "ok", "broken")]).ToArray())
                { Numeric = new HashSet<int> { 2 } }]));

        return new ReportContent(r.Model, verdict, failed.Length == 0 ? Tone.Pass : Tone.Fail, null, facts, sections) { Kind = "Drift report" };
    }

    private static ReportTable DriftTable(DriftReport drift) => new(["Column", "Kind", "Statistic", "Value", "Bound", "Verdict"],
        drift.Columns.Select(c => (IReadOnlyList<Cell>)
        [
            c.Column, c.Kind, c.Statistic, double.IsNaN(c.Value) ? "no values" : ColumnDrift.Format(c.Value), ColumnDrift.Format(c.Threshold),
            double.IsNaN(c.Value) ? new Cell("not compared", Tone.Muted)
                : c.Drifted ? new Cell(c.Gated ? "drift" : "drift (share)", c.Gated ? Tone.Fail : Tone.Muted) : new Cell("ok", Tone.Pass),
        ]).ToArray())
    { Numeric = new HashSet<int> { 3, 4 } };

    private static Cell Verdict(bool passed, string yes, string no) => passed ? new Cell(yes, Tone.Pass) : new Cell(no, Tone.Fail);

    private static IEnumerable<Chart> Charts(string section, DriftReport drift, DataProfile reference)
    {
        foreach (var c in drift.Columns)
        {
            if (double.IsNaN(c.Value) || reference.Find(c.Column) is not { } before || drift.Current.Find(c.Column) is not { } now) continue;
            var (bins, axis, shares, current) = Shares(before, now);
            // The title short enough for the plot's width; the table above gives the statistic in full.
            var title = $"{c.Column}: {c.Statistic.Split(' ')[0]} {ColumnDrift.Format(c.Value)}{(c.Drifted ? ", drift" : "")}";
            yield return ShareChart.Draw(section, $"{section}-{c.Column}", title, axis, bins, shares, current, c.Drifted);
        }
    }

    /// <summary>Both sides' shares in the reference's bins, the bins' names and what the axis shows.</summary>
    private static (string[] Bins, string Axis, double[] Reference, double[] Current) Shares(ColumnProfile reference, ColumnProfile current)
    {
        if (reference.Numeric is { Quantiles.Count: > 1 } r && current.Numeric is { Quantiles.Count: > 1 } c)
        {
            // Both sides' shares between the training's 5 % quantiles, ties merged (a point mass is one bin), from
            // each side's own CDF; one bin below the training minimum and one above its maximum.
            var edges = Enumerable.Range(0, 21).Select(i => r.Quantiles[i * (r.Quantiles.Count - 1) / 20]).Distinct().ToArray();
            bool steps = reference.Categories is not null;
            double[] Shares(IReadOnlyList<double> quantiles)
            {
                var cumulative = edges.Select(e => Distributions.Cdf(quantiles, e, steps)).ToArray();
                double below = quantiles[0] < edges[0] ? Distributions.Cdf(quantiles, Math.BitDecrement(edges[0]), steps) : 0;
                return [below, cumulative[0] - below, .. cumulative.Skip(1).Select((v, i) => v - cumulative[i]), 1 - cumulative[^1]];
            }

            string[] bins = ["< " + F(edges[0]), F(edges[0]), .. edges.Skip(1).Select(e => "≤ " + F(e)), "> " + F(edges[^1])];
            return (bins, "bins of the training's 5 % quantiles", Shares(r.Quantiles), Shares(c.Quantiles));
        }

        // Words: the 20 most frequent, without the long tail of all others, which would dwarf them.
        bool words = reference.Categories is null && reference.Text is not null;
        var top = reference.Categories?.Top ?? reference.Text?.Tokens.Top.Take(20).ToArray() ?? [];
        var currentTop = current.Categories?.Top ?? current.Text?.Tokens.Top ?? [];
        double refTotal = Math.Max(1, reference.Categories?.Total ?? reference.Text?.Tokens.Total ?? 1);
        double curTotal = Math.Max(1, current.Categories?.Total ?? current.Text?.Tokens.Total ?? 1);
        var refShares = top.Select(t => t.Count / refTotal).ToArray();
        var curShares = top.Select(t => (currentTop.FirstOrDefault(v => v.Value == t.Value)?.Count ?? 0) / curTotal).ToArray();
        var names = top.Select(t => t.Value).ToArray();
        return words ? (names, "the 20 most frequent words (shares of all words)", refShares, curShares)
            : ([.. names, "others"], "values", [.. refShares, 1 - refShares.Sum()], [.. curShares, 1 - curShares.Sum()]);
    }

    private static string F(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
}
