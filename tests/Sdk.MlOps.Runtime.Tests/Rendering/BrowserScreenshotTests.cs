using System.Diagnostics;
using Sdk.MlOps.Reports.Rendering;

namespace Sdk.MlOps.Runtime.Tests.Rendering;

/// <summary>
/// A real browser opens the report: headless Chromium takes a screenshot, which must show a drawn page, not a blank
/// one. Set <c>MLOPS_REPORT_SCREENSHOT</c> to a path to keep the screenshot (docs/images/model-report.png is made so).
/// </summary>
[TestClass]
public sealed class BrowserScreenshotTests
{
    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void ChromiumDrawsTheMulticlassReport()
    {
        var chromium = new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" }.Select(OnPath).FirstOrDefault(p => p is not null);
        if (chromium is null) Assert.Inconclusive("no chromium on PATH");

        var data = IncidentTriageReport.Build();
        using var report = new WrittenReport(data);
        var screenshot = Path.Combine(report.Folder, "report.png");
        var (exit, output) = Run(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", $"--user-data-dir={Path.Combine(report.Folder, "profile")}",
            $"--screenshot={screenshot}", "--window-size=1280,2400", new Uri(report.HtmlPath).AbsoluteUri);

        Assert.AreEqual(0, exit, output);
        Assert.IsTrue(File.Exists(screenshot), output);
        Assert.IsGreaterThan(20_000, new FileInfo(screenshot).Length, "a blank page compresses to almost nothing");
        var image = PngImage.Read(screenshot);
        Assert.AreEqual((1280, 2400), (image.Width, image.Height));
        var background = image.Pixels.GroupBy(p => p).OrderByDescending(g => g.Count()).First().Key;
        var drawn = image.Pixels.Count(p => p != background) / (double)image.Pixels.Length;
        Assert.IsGreaterThan(0.1, drawn, "text, tables and plots cover a good part of the page");
        Assert.IsGreaterThan(200, image.Pixels.Distinct().Count(), "anti-aliased text and plot colours, not a few flat colours");
        // The confusion matrix's darkest blue appears only where the plots were drawn.
        Assert.IsTrue(image.Pixels.Any(p => (p >> 16) < 0x30 && ((p >> 8) & 0xFF) < 0x70 && (p & 0xFF) > 0x60), "the heat map's dark blue is on the page");

        if (Environment.GetEnvironmentVariable("MLOPS_REPORT_SCREENSHOT") is { Length: > 0 } keep) File.Copy(screenshot, keep, overwrite: true);
    }

    private static (int Exit, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 2 minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string? OnPath(string name) => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name))
        .FirstOrDefault(File.Exists);
}
