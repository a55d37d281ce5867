using System.Text.RegularExpressions;
using Sdk.MlOps.Deployment;

namespace Sdk.MlOps.Runtime.Tests.Deployment;

[TestClass]
public sealed partial class KubernetesNamesTests
{
    [TestMethod]
    [DataRow("Incident_Triage.V2", "incident-triage-v2")]
    [DataRow("IncidentTriage", "incidenttriage")]
    [DataRow("metric--anomaly__", "metric-anomaly")]
    [DataRow("2fast", "m-2fast")]
    [DataRow("Ünïcode Model", "n-code-model")]
    [DataRow("__", "model")]
    public void AName_BecomesADns1035Label(string name, string label) =>
        Assert.AreEqual(label, KubernetesNames.DnsLabel(name));

    [TestMethod]
    public void ALongName_IsCut_AndKeepsLongNamesApart()
    {
        var prefix = new string('a', 60);
        var first = KubernetesNames.DnsLabel(prefix + "One");
        var second = KubernetesNames.DnsLabel(prefix + "Two");

        Assert.AreNotEqual(first, second);
        foreach (var label in new[] { first, second })
        {
            Assert.IsLessThanOrEqualTo(40, label.Length, label);
            Assert.IsTrue(Dns1035().IsMatch(label), label);
            Assert.IsLessThanOrEqualTo(63, (label + "-challenger").Length, "the longest name built on it stays a label");
        }
    }

    [TestMethod]
    [DataRow("1.2.3-beta+abc", "1.2.3-beta_abc")]
    [DataRow("Incident_Triage.V2", "Incident_Triage.V2")]
    [DataRow("+abc+", "abc")]
    [DataRow("v1 (final)", "v1__final")]
    [DataRow("---", "unknown")]
    public void AValue_BecomesAValidLabelValue(string value, string label) =>
        Assert.AreEqual(label, KubernetesNames.LabelValue(value));

    [TestMethod]
    public void ALongValue_IsCutTo63_AndStillEndsInALetterOrDigit()
    {
        var label = KubernetesNames.LabelValue(new string('a', 62) + "-b");

        Assert.IsLessThanOrEqualTo(63, label.Length);
        Assert.IsTrue(LabelValue().IsMatch(label), label);
        Assert.AreEqual(new string('a', 62), label, "cut to 63 leaves a trailing '-', which goes");
    }

    [TestMethod]
    public void TheInputHash_IsShortenedForItsLabel()
    {
        const string Hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

        Assert.AreEqual("9f86d081884c7d65", KubernetesNames.InputHashLabel(Hash));
        Assert.AreEqual("short", KubernetesNames.InputHashLabel("short"));
    }

    [TestMethod]
    [DataRow("1.2.3-beta+abc", "1.2.3-beta_abc")]
    [DataRow(".hidden", "_hidden")]
    [DataRow("1.0", "1.0")]
    public void AVersion_BecomesAValidImageTag(string version, string tag)
    {
        Assert.AreEqual(tag, KubernetesNames.ImageTag(version));
        Assert.IsTrue(ImageTag().IsMatch(tag), tag);
    }

    [TestMethod]
    public void TheDefaultImage_IsTheDnsNameTaggedWithTheVersion() =>
        Assert.AreEqual("incident-triage-v2:1.2.3-beta_abc", DeploymentFacts.DefaultImage("Incident_Triage.V2", "1.2.3-beta+abc"));

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    // The OCI distribution spec's tag grammar.
    [GeneratedRegex("^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$")]
    private static partial Regex ImageTag();
}
