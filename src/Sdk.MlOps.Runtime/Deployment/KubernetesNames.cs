using System.Text;

namespace Sdk.MlOps.Deployment;

/// <summary>
/// Turns a model's name, version and input hash into what Kubernetes and image registries accept. The originals are
/// kept whole in annotations (and in <c>mlops-manifest.json</c>); these forms only have to be valid and stable.
/// </summary>
internal static class KubernetesNames
{
    /// <summary>
    /// The longest base name: <c>&lt;name&gt;-challenger</c> must stay a DNS-1035 label (≤ 63, what a Service name
    /// needs), and KServe derives <c>&lt;name&gt;-predictor</c> and Knative revision names from it.
    /// </summary>
    public const int MaxNameLength = 40;

    /// <summary>A label value is at most 63 characters.</summary>
    public const int MaxLabelValueLength = 63;

    /// <summary>
    /// Characters of the input hash in its label: 16 hex digits (64 bits) tell the versions of one model apart; the
    /// whole hash is in the <c>sdk.mlops/input-hash</c> annotation.
    /// </summary>
    public const int InputHashLabelLength = 16;

    /// <summary>
    /// A DNS-1035 label for object names (<c>Incident_Triage.V2</c> becomes <c>incident-triage-v2</c>): lower case
    /// letters, digits and single hyphens, starting with a letter, at most <see cref="MaxNameLength"/> characters. A
    /// name cut short ends in six hex digits of the original's SHA-256, so two long names that share a beginning
    /// still differ.
    /// </summary>
    public static string DnsLabel(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var s = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') s.Append(c);
            else if (c is >= 'A' and <= 'Z') s.Append(char.ToLowerInvariant(c));
            else if (s.Length > 0 && s[^1] != '-') s.Append('-');
        }
        var label = s.ToString().Trim('-');
        if (label.Length == 0) label = "model";
        if (label[0] is >= '0' and <= '9') label = "m-" + label;
        if (label.Length <= MaxNameLength) return label;
        var suffix = Hosting.Sha256.OfText(name)[..6];
        return label[..(MaxNameLength - suffix.Length - 1)].TrimEnd('-') + "-" + suffix;
    }

    /// <summary>
    /// A valid label value: at most 63 characters of <c>[A-Za-z0-9._-]</c>, beginning and ending with a letter or
    /// digit. Other characters become <c>_</c> (<c>1.2.3-beta+abc</c> becomes <c>1.2.3-beta_abc</c>, as Helm charts
    /// write a SemVer build suffix); a value with nothing left is <c>unknown</c>.
    /// </summary>
    public static string LabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = Sanitized(value);
        if (text.Length > MaxLabelValueLength) text = text[..MaxLabelValueLength];
        return Trimmed(text) is { Length: > 0 } trimmed ? trimmed : "unknown";
    }

    /// <summary>The input hash shortened for a label: its first <see cref="InputHashLabelLength"/> characters.</summary>
    public static string InputHashLabel(string inputHash)
    {
        var value = LabelValue(inputHash);
        if (value.Length <= InputHashLabelLength) return value;
        var cut = Trimmed(value[..InputHashLabelLength]);
        return cut.Length > 0 ? cut : "unknown";
    }

    /// <summary>
    /// A valid image tag (<c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>): other characters become <c>_</c>, as in a label.
    /// </summary>
    public static string ImageTag(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var s = new StringBuilder(Sanitized(version));
        if (s.Length == 0) return "unknown";
        if (s[0] is '.' or '-') s[0] = '_';
        return s.Length > 128 ? s.ToString(0, 128) : s.ToString();
    }

    private static string Trimmed(string value)
    {
        int start = 0, end = value.Length;
        while (start < end && !char.IsAsciiLetterOrDigit(value[start])) start++;
        while (end > start && !char.IsAsciiLetterOrDigit(value[end - 1])) end--;
        return value[start..end];
    }

    /// <summary>The characters labels and tags share, <c>[A-Za-z0-9._-]</c>; any other becomes <c>_</c>.</summary>
    private static string Sanitized(string value) => string.Create(value.Length, value, static (span, text) =>
    {
        for (int i = 0; i < text.Length; i++)
            span[i] = char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '_' or '-' ? text[i] : '_';
    });
}
