using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// Checks the SDK's property values before any task binds them: MSBuild would otherwise fail with an uncoded
/// MSB4030 pointing into the SDK's own targets. Each error points at the property's line in the project.
/// </summary>
public sealed class ValidateSettings : Task
{
    [Required] public string ProjectFile { get; set; } = "";
    public string Seed { get; set; } = "";
    public string CacheSizeLimitMB { get; set; } = "";
    public string ModelFileName { get; set; } = "";
    public string Promote { get; set; } = "";
    /// <summary>MlOpsServeImage, checked only when the project serves (MlOpsServe=true).</summary>
    public string ServeImage { get; set; } = "";
    /// <summary>Boolean properties as <c>Name=Value</c>.</summary>
    public string[] Switches { get; set; } = [];

    public override bool Execute()
    {
        var locator = ItemLocator.For(BuildEngine, ProjectFile);
        void Fail(string code, string property, string message)
        {
            var (file, line) = locator.LocateProperty(property);
            Log.Error(code, message, file, line);
        }

        if (!int.TryParse(Seed.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            Fail(ErrorCodes.SeedInvalid, "MlOpsSeed", $"MlOpsSeed is '{Printable(Seed)}', which is not a whole number from 0 to {int.MaxValue}. Set it to e.g. 42.");

        if (!int.TryParse(CacheSizeLimitMB.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
            Fail(ErrorCodes.CacheSizeLimitInvalid, "MlOpsCacheSizeLimitMB", $"MlOpsCacheSizeLimitMB is '{Printable(CacheSizeLimitMB)}', which is not a whole number of megabytes of at least 1. Set it to e.g. 10240.");

        if (!IsPlainFileName(ModelFileName))
            Fail(ErrorCodes.ModelFileNameInvalid, "MlOpsModelFileName", $"MlOpsModelFileName is '{Printable(ModelFileName)}'; it must be a file name without folders, so the model stays in the output folder. Set it to e.g. Model.zip.");

        var promote = Promote.Trim();
        if (!promote.Equals("true", StringComparison.OrdinalIgnoreCase) && !promote.Equals("false", StringComparison.OrdinalIgnoreCase)
            && !promote.Equals(WriteModelRequest.WhenBetter, StringComparison.OrdinalIgnoreCase))
            Fail(ErrorCodes.SwitchInvalid, "MlOpsPromote", $"MlOpsPromote is '{Printable(Promote)}'; it must be true, false or {WriteModelRequest.WhenBetter}.");

        if (ServeImage.Length > 0 && !ImageReference.IsMatch(ServeImage))
            Fail(ErrorCodes.ServeImageInvalid, "MlOpsServeImage", $"MlOpsServeImage is '{Printable(ServeImage)}', which is not a container image reference. Use lower-case [registry/]name[:tag], e.g. registry.example.com/ops/triage:1.2.3.");

        foreach (var pair in Switches)
        {
            int at = pair.IndexOf('=');
            var (name, value) = at < 0 ? (pair, "") : (pair.Substring(0, at), pair.Substring(at + 1).Trim());
            if (!value.Equals("true", StringComparison.OrdinalIgnoreCase) && !value.Equals("false", StringComparison.OrdinalIgnoreCase))
                Fail(ErrorCodes.SwitchInvalid, name, $"{name} is '{Printable(value)}'; it must be true or false.");
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>A container image reference as Docker's reference grammar has it: [host[:port]/]path[:tag].</summary>
    private static readonly System.Text.RegularExpressions.Regex ImageReference = new(
        @"^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static bool IsPlainFileName(string name) =>
        name.Trim().Length > 0 && name == Path.GetFileName(name) && name != "." && name != ".."
        && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && name.IndexOfAny(new[] { '/', '\\', ':' }) < 0;

    /// <summary>A value as it can be shown in a log line: bounded, control characters escaped.</summary>
    private static string Printable(string value)
    {
        var shown = value.Length > 80 ? value.Substring(0, 80) + "…" : value;
        return string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
