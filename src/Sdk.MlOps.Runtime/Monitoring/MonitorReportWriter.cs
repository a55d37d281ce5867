using System.Globalization;
using System.Net;
using System.Text;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.Profiling;

namespace Sdk.MlOps.Monitoring;

/// <summary>
/// The drift report: <c>DRIFT_REPORT.md</c> for CI summaries and <c>DRIFT_REPORT.html</c> with a plot per column,
/// the reference's share against the production data's in the same bins (the reference's 5 % quantile bins for a
/// number, its most frequent values for a category), and <c>drift-report.json</c> with everything.
/// </summary>
internal static class MonitorReportWriter
{
    public static IReadOnlyList<string> Write(string folder, MonitorReport report)
    {
        Directory.CreateDirectory(folder);
        var files = new[] { "DRIFT_REPORT.md", "DRIFT_REPORT.html", "drift-report.json" };
        AtomicFile.WriteText(Path.Combine(folder, files[0]), Markdown(report));
        AtomicFile.WriteText(Path.Combine(folder, files[1]), Html(report));
        AtomicFile.WriteText(Path.Combine(folder, files[2]), Reports.Json.Write(report));
        return files.Select(f => Path.Combine(folder, f)).ToArray();
    }

    public static string Markdown(MonitorReport r)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Drift report: {r.Model}").AppendLine();
        md.AppendLine($"{(r.Passed ? "**Passed**" : "**FAILED**")} — {r.Data.CurrentRows} production rows ({string.Join(", ", r.Sources)}) against {r.Data.ReferenceRows} training rows, checked {Time(r.CheckedUtc)} UTC.").AppendLine();
        md.AppendLine("| Column | Kind | Statistic | Value | Bound | Verdict |").AppendLine("| --- | --- | --- | ---: | ---: | --- |");
        foreach (var c in r.Data.Columns.Concat(r.Predictions?.Columns ?? []))
            md.AppendLine($"| {c.Column} | {c.Kind} | {c.Statistic} | {ColumnDrift.Format(c.Value)} | {ColumnDrift.Format(c.Threshold)} | {(c.Drifted ? "drift" : "ok")}{(c.Gated ? "" : " (share)")} |");
        if (r.Data.Share is { } s) md.AppendLine().AppendLine($"Drifted columns: {s.Drifted} of {s.Columns} ({ColumnDrift.Format(s.Share * 100)} %), bound {ColumnDrift.Format(s.MaxShare * 100)} %: {(s.Passed ? "ok" : "FAILED")}.");
        if (r.Live is { } live)
        {
            md.AppendLine().AppendLine($"Live metrics on {live.Rows} production rows whose labels arrived later: {string.Join(", ", live.Metrics.Select(m => $"{m.Key} {ColumnDrift.Format(m.Value)}"))}.");
            foreach (var g in live.Gates) md.AppendLine($"- {g.Metric} {g.Bound}: {ColumnDrift.Format(g.Value)}, {(g.Passed ? "passed" : "FAILED")}");
        }

        if (r.Data.Contracts.Count > 0)
        {
            md.AppendLine().AppendLine("| Contract | Check | Share | Allowed | Verdict |").AppendLine("| --- | --- | ---: | --- | --- |");
            foreach (var c in r.Data.Contracts)
                md.AppendLine($"| {c.Column} | {c.Check} | {ColumnDrift.Format(c.Value)} | {c.Allowed} | {(c.Passed ? "ok" : "broken")} |");
        }
        return md.ToString();
    }

    private static string Html(MonitorReport r)
    {
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Drift report: {E(r.Model)}</title><style>")
            .Append("body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}")
            .Append(".drift{color:#b00020;font-weight:bold}.ok{color:#1b5e20}figure{display:inline-block;margin:1em}figcaption{font-size:.9em}</style></head><body>")
            .Append($"<h1>Drift report: {E(r.Model)}</h1><p class=\"{(r.Passed ? "ok" : "drift")}\">{(r.Passed ? "Passed" : "FAILED")}: {r.Data.CurrentRows} production rows ({E(string.Join(", ", r.Sources))}) against {r.Data.ReferenceRows} training rows, checked {Time(r.CheckedUtc)} UTC.</p>")
            .Append("<table><tr><th>Column</th><th>Statistic</th><th>Value</th><th>Bound</th><th>Verdict</th></tr>");
        foreach (var c in r.Data.Columns.Concat(r.Predictions?.Columns ?? []))
            html.Append($"<tr><td>{E(c.Column)}</td><td>{E(c.Statistic)}</td><td>{ColumnDrift.Format(c.Value)}</td><td>{ColumnDrift.Format(c.Threshold)}</td><td class=\"{(c.Drifted ? "drift" : "ok")}\">{(c.Drifted ? "drift" : "ok")}</td></tr>");
        html.Append("</table>");
        if (r.Data.Share is { } s)
            html.Append($"<p class=\"{(s.Passed ? "ok" : "drift")}\">Drifted columns: {s.Drifted} of {s.Columns} ({ColumnDrift.Format(s.Share * 100)} %), bound {ColumnDrift.Format(s.MaxShare * 100)} %.</p>");
        if (r.Live is { } live)
        {
            html.Append($"<h2>Live metrics</h2><p>On {live.Rows} production rows whose labels arrived later: {E(string.Join(", ", live.Metrics.Select(m => $"{m.Key} {ColumnDrift.Format(m.Value)}")))}.</p><ul>");
            foreach (var g in live.Gates) html.Append($"<li class=\"{(g.Passed ? "ok" : "drift")}\">{E(g.Metric)} {E(g.Bound)}: {ColumnDrift.Format(g.Value)}, {(g.Passed ? "passed" : "FAILED")}</li>");
            html.Append("</ul>");
        }

        if (r.Data.Contracts.Count > 0)
        {
            html.Append("<h2>Data contracts</h2><table><tr><th>Column</th><th>Check</th><th>Share</th><th>Allowed</th><th>Verdict</th></tr>");
            foreach (var c in r.Data.Contracts)
                html.Append($"<tr><td>{E(c.Column)}</td><td>{c.Check}</td><td>{ColumnDrift.Format(c.Value)}</td><td>{E(c.Allowed)}</td><td class=\"{(c.Passed ? "ok" : "drift")}\">{(c.Passed ? "ok" : "broken")}</td></tr>");
            html.Append("</table>");
        }

        html.Append("<h2>Training or test set (grey) and production (colour), per column</h2>");
        Figures(html, r.Data, r.Reference);
        if (r.Predictions is { } predictions && r.Reference.Predictions is { } tested) Figures(html, predictions, tested);
        return html.Append("</body></html>").ToString();
    }

    private static void Figures(StringBuilder html, DriftReport drift, DataProfile reference)
    {
        foreach (var c in drift.Columns)
        {
            if (double.IsNaN(c.Value) || reference.Find(c.Column) is not { } before || drift.Current.Find(c.Column) is not { } now) continue;
            var (labels, shares, current) = Shares(before, now);
            html.Append($"<figure>{Bars(shares, current, c.Drifted)}<figcaption>{E(c.Column)}: {E(c.Statistic)} {E(c.Comparison)}<br>{E(labels)}</figcaption></figure>");
        }
    }

    /// <summary>Both sides' shares in the reference's bins, and what the bins are.</summary>
    private static (string Labels, double[] Reference, double[] Current) Shares(ColumnProfile reference, ColumnProfile current)
    {
        if (reference.Numeric is { Quantiles.Count: > 1 } r && current.Numeric is { Quantiles.Count: > 1 } c)
        {
            // Both sides' shares between the training's 5 % quantiles, ties merged (a point mass is one bin), from
            // each side's own CDF; one bin below the training minimum and one above its maximum.
            var edges = Enumerable.Range(0, 21).Select(i => r.Quantiles[i * (r.Quantiles.Count - 1) / 20]).Distinct().ToArray();
            bool steps = reference.Categories is not null;
            double[] Shares(IReadOnlyList<double> quantiles, bool stairs)
            {
                var cumulative = edges.Select(e => Distributions.Cdf(quantiles, e, stairs)).ToArray();
                double below = quantiles[0] < edges[0] ? Distributions.Cdf(quantiles, Math.BitDecrement(edges[0]), stairs) : 0;
                return [below, cumulative[0] - below, .. cumulative.Skip(1).Select((v, i) => v - cumulative[i]), 1 - cumulative[^1]];
            }

            return ($"bins: below {F(edges[0])}, the 5 % quantiles of training, above {F(edges[^1])}", Shares(r.Quantiles, steps), Shares(c.Quantiles, steps));
        }

        // Words: the 20 most frequent, without the long tail of all others, which would dwarf them.
        bool words = reference.Categories is null && reference.Text is not null;
        var top = reference.Categories?.Top ?? reference.Text?.Tokens.Top.Take(20).ToArray() ?? [];
        var currentTop = current.Categories?.Top ?? current.Text?.Tokens.Top ?? [];
        double refTotal = Math.Max(1, reference.Categories?.Total ?? reference.Text?.Tokens.Total ?? 1);
        double curTotal = Math.Max(1, current.Categories?.Total ?? current.Text?.Tokens.Total ?? 1);
        var refShares = top.Select(t => t.Count / refTotal).ToArray();
        var curShares = top.Select(t => (currentTop.FirstOrDefault(v => v.Value == t.Value)?.Count ?? 0) / curTotal).ToArray();
        var shown = $"bars: {string.Join(", ", top.Take(8).Select(t => t.Value))}{(top.Count > 8 ? ", …" : "")}";
        return words ? ($"{shown} (the 20 most frequent words, shares of all words)", refShares, curShares)
            : ($"{shown}, then all others", [.. refShares, 1 - refShares.Sum()], [.. curShares, 1 - curShares.Sum()]);
    }

    private static string Bars(double[] reference, double[] current, bool drifted)
    {
        const int Width = 320, Height = 120;
        double max = Math.Max(1e-9, reference.Concat(current).Max());
        double slot = (double)Width / reference.Length, bar = slot * 0.4;
        var svg = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" role=\"img\">");
        for (int i = 0; i < reference.Length; i++)
        {
            double hr = Height * reference[i] / max, hc = Height * Math.Max(0, current[i]) / max;
            svg.Append($"<rect x=\"{F(i * slot)}\" y=\"{F(Height - hr)}\" width=\"{F(bar)}\" height=\"{F(hr)}\" fill=\"#9e9e9e\"/>");
            svg.Append($"<rect x=\"{F(i * slot + bar)}\" y=\"{F(Height - hc)}\" width=\"{F(bar)}\" height=\"{F(hc)}\" fill=\"{(drifted ? "#c62828" : "#1565c0")}\"/>");
        }
        return svg.Append("</svg>").ToString();
    }

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string F(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);
    private static string E(string s) => WebUtility.HtmlEncode(s);
}
