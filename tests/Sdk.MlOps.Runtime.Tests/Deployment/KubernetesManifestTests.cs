using System.Text;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Sdk.MlOps.Deployment;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sdk.MlOps.Runtime.Tests.Deployment;

/// <summary>
/// The generated manifests, loaded into the official Kubernetes client's types (KubernetesClient) and checked field by
/// field. Nothing here reaches a cluster: the types are the API's schema as the client knows it.
/// </summary>
[TestClass]
public sealed partial class KubernetesManifestTests
{
    private static readonly GeneratedManifests Default = GeneratedManifests.For();

    [TestMethod]
    public void EveryManifest_LoadsStrictly_IntoKubernetesClientsTypes()
    {
        var expected = new Dictionary<string, Type>
        {
            ["k8s/deployment.yaml"] = typeof(V1Deployment),
            ["k8s/service.yaml"] = typeof(V1Service),
            ["k8s/hpa.yaml"] = typeof(V2HorizontalPodAutoscaler),
            ["k8s/pdb.yaml"] = typeof(V1PodDisruptionBudget),
            ["k8s/networkpolicy.yaml"] = typeof(V1NetworkPolicy),
            ["k8s/rollout/challenger.yaml"] = typeof(V1Deployment),
            ["k8s/kserve/inferenceservice.yaml"] = typeof(InferenceService),
            ["k8s/kserve/inferenceservice-canary.yaml"] = typeof(InferenceService),
        };

        CollectionAssert.AreEquivalent(expected.Keys.ToArray(), Default.Objects.Keys.ToArray());
        foreach (var (path, type) in expected)
        {
            Assert.HasCount(1, Default.Objects[path], path);
            Assert.IsInstanceOfType(Default.Objects[path][0], type, path);
        }
        CollectionAssert.AreEquivalent(expected.Keys.Append("Dockerfile").Append(".dockerignore").ToArray(), Default.Paths.ToArray());
    }

    [TestMethod]
    public void StrictLoading_RefusesAFieldTheTypeDoesNotKnow()
    {
        // The control for the test above: a misspelt field is an error, not silently dropped.
        var misspelt = Default.Texts["k8s/deployment.yaml"].Replace("readinessProbe:", "readynessProbe:", StringComparison.Ordinal);

        var error = Assert.Throws<Exception>(() => KubernetesYaml.LoadAllFromString(misspelt, GeneratedManifests.Kinds, strict: true));
        StringAssert.Contains(error.ToString(), "readynessProbe");
        Assert.HasCount(1, KubernetesYaml.LoadAllFromString(misspelt, GeneratedManifests.Kinds, strict: false), "loose loading drops it");
    }

    [TestMethod]
    public void Probes_AskTheV2HealthPaths_OnPort8080()
    {
        foreach (var (name, c) in Default.ServingContainers)
        {
            Assert.AreEqual(8080, c.Ports.Single().ContainerPort, name);
            Assert.AreEqual("TCP", c.Ports.Single().Protocol, name);
            AssertHttpGet(c.ReadinessProbe, "/v2/health/ready", $"{name} readiness");
            AssertHttpGet(c.LivenessProbe, "/v2/health/live", $"{name} liveness");
        }
        AssertHttpGet(Default.Champion.Spec.Template.Spec.Containers[0].StartupProbe, "/v2/health/live", "champion startup");
        AssertHttpGet(Default.Challenger.Spec.Template.Spec.Containers[0].StartupProbe, "/v2/health/live", "challenger startup");
        var startup = Default.Champion.Spec.Template.Spec.Containers[0].StartupProbe;
        Assert.IsGreaterThanOrEqualTo(60, startup.PeriodSeconds!.Value * startup.FailureThreshold!.Value, "a minute at least to start");
    }

    private static void AssertHttpGet(V1Probe? probe, string path, string what)
    {
        Assert.IsNotNull(probe, what);
        Assert.IsNotNull(probe.HttpGet, what);
        Assert.AreEqual(path, probe.HttpGet.Path, what);
        Assert.AreEqual("8080", probe.HttpGet.Port.Value, what);
        Assert.IsNull(probe.Exec, what);
    }

    [TestMethod]
    public void EveryObject_IsLabelledWithNameVersionAndInputHash_InValidLabelValues()
    {
        var objects = Default.AllObjects.ToList();
        Assert.HasCount(8, objects);
        var podTemplates = new[] { ("champion pods", Default.Champion.Spec.Template.Metadata), ("challenger pods", Default.Challenger.Spec.Template.Metadata) };
        foreach (var (what, meta) in objects.Select(o => (o.Path, o.Metadata)).Concat(podTemplates))
        {
            Assert.AreEqual("incidenttriage", meta.Labels["app.kubernetes.io/name"], what);
            Assert.AreEqual("IncidentTriage", meta.Labels["sdk.mlops/model"], what);
            Assert.AreEqual("1.2.3", meta.Labels["app.kubernetes.io/version"], what);
            Assert.AreEqual(GeneratedManifests.InputHash[..16], meta.Labels["sdk.mlops/input-hash"], what);
            Assert.AreEqual(GeneratedManifests.InputHash, meta.Annotations["sdk.mlops/input-hash"], $"{what}: the whole hash is annotated");
            Assert.AreEqual("IncidentTriage", meta.Annotations["sdk.mlops/model-name"], what);
            Assert.AreEqual("1.2.3", meta.Annotations["sdk.mlops/version"], what);
            AssertValidLabels(meta.Labels, what);
        }
        Assert.AreEqual("champion", Default.Champion.Spec.Template.Metadata.Labels["sdk.mlops/alias"]);
        Assert.AreEqual("challenger", Default.Challenger.Spec.Template.Metadata.Labels["sdk.mlops/alias"]);
    }

    [TestMethod]
    [DataRow(180.0, "448Mi")]   // 1.5 × 180 + 128 = 398 → 448
    [DataRow(300.0, "640Mi")]   // 578 → 640
    [DataRow(1000.0, "1664Mi")] // 1628 → 1664
    [DataRow(10.0, "256Mi")]    // 143 → 192, below the 256 floor
    public void Memory_FollowsTheMeasuredPeak(double peakMiB, string memory)
    {
        var m = GeneratedManifests.For(peakMemoryMB: peakMiB);

        foreach (var (name, c) in m.ServingContainers) AssertResources(c, memory, name);
        StringAssert.Contains(m.Texts["k8s/deployment.yaml"], $"{peakMiB} MiB measured peak", "the comment shows the rule's input");
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow(double.NaN)]
    [DataRow(0.0)]
    [DataRow(-3.0)]
    public void Memory_WithoutAMeasurement_IsTheDefault(double? peakMiB)
    {
        var m = GeneratedManifests.For(peakMemoryMB: peakMiB);

        foreach (var (name, c) in m.ServingContainers) AssertResources(c, "512Mi", name);
        StringAssert.Contains(m.Texts["k8s/deployment.yaml"], "no peak memory was measured");
    }

    private static void AssertResources(V1Container c, string memory, string what)
    {
        Assert.AreEqual(memory, c.Resources.Requests["memory"].ToString(), what);
        Assert.AreEqual(memory, c.Resources.Limits["memory"].ToString(), $"{what}: limit = request");
        Assert.AreEqual(0.25m, c.Resources.Requests["cpu"].ToDecimal(), what);
        Assert.IsFalse(c.Resources.Limits.ContainsKey("cpu"), $"{what}: no CPU limit");
    }

    [TestMethod]
    public void EveryContainer_RunsRestricted()
    {
        foreach (var (name, c) in Default.ServingContainers)
        {
            var sc = c.SecurityContext;
            Assert.IsTrue(sc.RunAsNonRoot, name);
            Assert.IsTrue(sc.ReadOnlyRootFilesystem, name);
            Assert.IsFalse(sc.AllowPrivilegeEscalation, name);
            CollectionAssert.AreEqual(new[] { "ALL" }, sc.Capabilities.Drop.ToArray(), name);
            Assert.IsNull(sc.Capabilities.Add, name);
            Assert.AreEqual("RuntimeDefault", sc.SeccompProfile.Type, name);
            Assert.IsNull(sc.Privileged, name);
        }
        foreach (var d in new[] { Default.Champion, Default.Challenger })
        {
            var pod = d.Spec.Template.Spec;
            Assert.IsTrue(pod.SecurityContext.RunAsNonRoot, d.Metadata.Name);
            Assert.AreEqual("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type, d.Metadata.Name);
            Assert.IsFalse(pod.AutomountServiceAccountToken, d.Metadata.Name);
            Assert.IsNull(pod.HostNetwork, d.Metadata.Name);
        }
        Assert.IsFalse(Default.InferenceService.Spec.Predictor.AutomountServiceAccountToken);
    }

    [TestMethod]
    public void TheApiKey_ComesFromItsSecret_AndNoFileHoldsAKey()
    {
        const string Sentinel = "sk-test-0f7c2a9e51d4b8";
        var before = Environment.GetEnvironmentVariable("MLOPS_API_KEY");
        Environment.SetEnvironmentVariable("MLOPS_API_KEY", Sentinel);
        GeneratedManifests m;
        try
        {
            m = GeneratedManifests.For("Incident_Triage.V2");
        }
        finally
        {
            Environment.SetEnvironmentVariable("MLOPS_API_KEY", before);
        }

        foreach (var (name, c) in m.ServingContainers)
        {
            var key = c.Env.Single(e => e.Name == "MLOPS_API_KEY");
            Assert.IsNull(key.Value, $"{name}: never inlined");
            Assert.AreEqual("incident-triage-v2-api-key", key.ValueFrom.SecretKeyRef.Name, name);
            Assert.AreEqual("api-key", key.ValueFrom.SecretKeyRef.Key, name);
            Assert.IsFalse(key.ValueFrom.SecretKeyRef.Optional, $"{name}: no Secret, no pod, rather than an open endpoint");
        }
        foreach (var (path, text) in m.Texts) Assert.DoesNotContain(Sentinel, text, path);
        Assert.IsFalse(m.AllObjects.Any(o => o.Object.Kind == "Secret"), "the Secret is the operator's, not a generated file");
        Assert.DoesNotContain("MLOPS_API_KEY=", m.Texts["Dockerfile"], "the image carries no key");
    }

    [TestMethod]
    public void TheService_SelectsThePodsOfBothAliases_OnTheirPort()
    {
        var service = Default.Service.Spec;

        Assert.IsNotEmpty(service.Selector);
        AssertSelects(service.Selector, Default.Champion.Spec.Template.Metadata.Labels, "the champion's pods");
        AssertSelects(service.Selector, Default.Challenger.Spec.Template.Metadata.Labels, "the challenger's pods");
        Assert.IsFalse(service.Selector.ContainsKey("app.kubernetes.io/version"), "a release must not orphan the Service");
        var port = service.Ports.Single();
        Assert.AreEqual(Default.Champion.Spec.Template.Spec.Containers[0].Ports[0].ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), port.TargetPort.Value);
        Assert.AreEqual("TCP", port.Protocol);
        Assert.AreEqual("ClusterIP", service.Type);
    }

    [TestMethod]
    public void EachDeployment_SelectsItsOwnPods_AndNotTheOthers()
    {
        var champion = Default.Champion.Spec.Selector.MatchLabels;
        var challenger = Default.Challenger.Spec.Selector.MatchLabels;

        AssertSelects(champion, Default.Champion.Spec.Template.Metadata.Labels, "champion");
        AssertSelects(challenger, Default.Challenger.Spec.Template.Metadata.Labels, "challenger");
        Assert.IsFalse(Selects(champion, Default.Challenger.Spec.Template.Metadata.Labels), "the champion must not adopt the challenger's pods");
        Assert.IsFalse(Selects(challenger, Default.Champion.Spec.Template.Metadata.Labels), "the challenger must not adopt the champion's pods");
        foreach (var selector in new[] { champion, challenger })
        {
            // A Deployment's selector is immutable: what changes per release cannot be in it.
            Assert.IsFalse(selector.ContainsKey("app.kubernetes.io/version"));
            Assert.IsFalse(selector.ContainsKey("sdk.mlops/input-hash"));
        }
        Assert.AreEqual("incidenttriage-champion", Default.Champion.Metadata.Name);
        Assert.AreEqual("incidenttriage-challenger", Default.Challenger.Metadata.Name);
    }

    [TestMethod]
    public void TheAutoscalerAndTheDisruptionBudget_TargetTheChampion()
    {
        var hpa = Default.Autoscaler.Spec;
        Assert.AreEqual("apps/v1", hpa.ScaleTargetRef.ApiVersion);
        Assert.AreEqual("Deployment", hpa.ScaleTargetRef.Kind);
        Assert.AreEqual(Default.Champion.Metadata.Name, hpa.ScaleTargetRef.Name);
        Assert.AreEqual(2, hpa.MinReplicas);
        Assert.AreEqual(10, hpa.MaxReplicas);
        var cpu = hpa.Metrics.Single();
        Assert.AreEqual("Resource", cpu.Type);
        Assert.AreEqual("cpu", cpu.Resource.Name);
        Assert.AreEqual("Utilization", cpu.Resource.Target.Type);
        Assert.AreEqual(70, cpu.Resource.Target.AverageUtilization);
        Assert.IsNull(Default.Champion.Spec.Replicas, "the autoscaler owns the champion's count");
        Assert.AreEqual(1, Default.Challenger.Spec.Replicas, "one challenger pod, not autoscaled");

        var pdb = Default.DisruptionBudget.Spec;
        CollectionAssert.AreEquivalent(Default.Champion.Spec.Selector.MatchLabels.ToArray(), pdb.Selector.MatchLabels.ToArray());
        Assert.AreEqual("1", pdb.MaxUnavailable.Value);
        Assert.IsNull(pdb.MinAvailable);
    }

    [TestMethod]
    public void TheNetworkPolicy_AdmitsPort8080_AndNothingElse()
    {
        var policy = Default.NetworkPolicy.Spec;

        CollectionAssert.AreEqual(new[] { "Ingress" }, policy.PolicyTypes.ToArray());
        AssertSelects(policy.PodSelector.MatchLabels, Default.Champion.Spec.Template.Metadata.Labels, "champion");
        AssertSelects(policy.PodSelector.MatchLabels, Default.Challenger.Spec.Template.Metadata.Labels, "challenger");
        var rule = policy.Ingress.Single();
        var port = rule.Ports.Single();
        Assert.AreEqual("8080", port.Port.Value);
        Assert.AreEqual("TCP", port.Protocol);
        Assert.IsNull(port.EndPort);
        Assert.IsNull(policy.Egress);
    }

    [TestMethod]
    public void ARollout_NeverTakesAReadyPodAway_AndShutdownWaitsForTheEndpoints()
    {
        foreach (var d in new[] { Default.Champion, Default.Challenger })
        {
            Assert.AreEqual("RollingUpdate", d.Spec.Strategy.Type);
            Assert.AreEqual("0", d.Spec.Strategy.RollingUpdate.MaxUnavailable.Value, d.Metadata.Name);
            var pod = d.Spec.Template.Spec;
            var sleep = pod.Containers[0].Lifecycle.PreStop.Sleep;
            Assert.IsNotNull(sleep, d.Metadata.Name);
            Assert.IsGreaterThan(0L, sleep.Seconds, d.Metadata.Name);
            // The grace period counts the preStop sleep: it must leave the host ASP.NET Core's default 30 s to drain.
            Assert.IsGreaterThanOrEqualTo(sleep.Seconds + 30, pod.TerminationGracePeriodSeconds!.Value, d.Metadata.Name);
        }
    }

    [TestMethod]
    public void ThePredictionLogAndTmp_AreTheOnlyWritablePaths_OnEmptyDirVolumes()
    {
        var pods = new (string Name, V1Container Container, IList<V1Volume> Volumes)[]
        {
            ("champion", Default.Champion.Spec.Template.Spec.Containers[0], Default.Champion.Spec.Template.Spec.Volumes),
            ("challenger", Default.Challenger.Spec.Template.Spec.Containers[0], Default.Challenger.Spec.Template.Spec.Volumes),
            ("kserve", Default.InferenceService.Spec.Predictor.Containers[0], Default.InferenceService.Spec.Predictor.Volumes),
        };
        foreach (var (name, c, volumes) in pods)
        {
            Assert.AreEqual("/var/log/mlops", c.Env.Single(e => e.Name == "MLOPS_PREDICTION_LOG_DIR").Value, name);
            CollectionAssert.AreEquivalent(new[] { "/var/log/mlops", "/tmp" }, c.VolumeMounts.Select(v => v.MountPath).ToArray(), name);
            foreach (var mount in c.VolumeMounts)
            {
                var volume = volumes.Single(v => v.Name == mount.Name);
                Assert.IsNotNull(volume.EmptyDir, $"{name}: {mount.MountPath}");
                Assert.IsNotNull(volume.EmptyDir.SizeLimit, $"{name}: {mount.MountPath}");
            }
        }
    }

    [TestMethod]
    public void TheInferenceService_IsACustomV2Predictor_AndOnlyTheCanaryFileSplitsTraffic()
    {
        foreach (var isvc in new[] { Default.InferenceService, Default.CanaryInferenceService })
        {
            Assert.AreEqual("serving.kserve.io/v1beta1", isvc.ApiVersion);
            Assert.AreEqual("InferenceService", isvc.Kind);
            Assert.AreEqual("incidenttriage", isvc.Metadata.Name);
            Assert.AreEqual("Serverless", isvc.Metadata.Annotations["serving.kserve.io/deploymentMode"], "canaryTrafficPercent needs Knative");
            var c = isvc.Spec.Predictor.Containers.Single();
            Assert.AreEqual("kserve-container", c.Name);
            Assert.AreEqual("v2", c.Env.Single(e => e.Name == "PROTOCOL").Value);
            Assert.AreEqual(Default.Champion.Spec.Template.Spec.Containers[0].Image, c.Image);
            Assert.IsNull(c.Lifecycle, "Knative refuses lifecycle hooks");
            Assert.IsNull(c.StartupProbe, "Knative accepts startupProbe only from 1.15");
            Assert.IsTrue(c.Ports.Single().Name is "http1" or "h2c" or null, "Knative accepts only these port names");
            Assert.AreEqual(2, isvc.Spec.Predictor.MinReplicas);
        }
        Assert.IsNull(Default.InferenceService.Spec.Predictor.CanaryTrafficPercent);
        Assert.AreEqual(10L, Default.CanaryInferenceService.Spec.Predictor.CanaryTrafficPercent);
    }

    [TestMethod]
    public void AnAwkwardNameAndVersion_GiveValidNamesAndLabels()
    {
        var m = GeneratedManifests.For("Incident_Triage.V2", "1.2.3-beta+abc");

        foreach (var (path, obj, meta) in m.AllObjects)
        {
            Assert.IsTrue(Dns1035().IsMatch(meta.Name) && meta.Name.Length <= 63, $"{path}: '{meta.Name}'");
            StringAssert.StartsWith(meta.Name, "incident-triage-v2", path);
            Assert.AreEqual("1.2.3-beta_abc", meta.Labels["app.kubernetes.io/version"], path);
            Assert.AreEqual("Incident_Triage.V2", meta.Labels["sdk.mlops/model"], path);
            Assert.AreEqual("1.2.3-beta+abc", meta.Annotations["sdk.mlops/version"], $"{path}: the original stays whole");
            AssertValidLabels(meta.Labels, path);
        }
        foreach (var (name, c) in m.ServingContainers)
        {
            Assert.AreEqual("incident-triage-v2:1.2.3-beta_abc", c.Image, name);
            Assert.IsTrue(Dns1035().IsMatch(c.Env.Single(e => e.Name == "MLOPS_API_KEY").ValueFrom.SecretKeyRef.Name), name);
        }
        AssertValidLabels(m.Champion.Spec.Template.Metadata.Labels, "champion pods");
        AssertValidLabels(m.Champion.Spec.Selector.MatchLabels, "champion selector");
    }

    [TestMethod]
    public void ValuesThatReadAsYaml_StayTheStringsTheyWere()
    {
        // A colon, quotes, a comment sign, a backslash, a tab, a line break, a line separator, an emoji; a version
        // that plain YAML reads as the number 1.1, and one that YAML 1.1 reads as a boolean.
        foreach (var (name, version) in new[] { ("Tri\"age: #1 \\ 'x'\t{y}\n- z\u2028é🚀", "1.10"), ("no", "yes") })
        {
            var m = GeneratedManifests.For(name, version);

            foreach (var (path, _, meta) in m.AllObjects)
            {
                Assert.AreEqual(name, meta.Annotations["sdk.mlops/model-name"], path);
                Assert.AreEqual(version, meta.Annotations["sdk.mlops/version"], path);
                AssertValidLabels(meta.Labels, path);
            }

            // The client reads a plain 1.10 into a string field as "1.10", but the API server's YAML-to-JSON step makes
            // it the number 1.1 and refuses it: every scalar made from the user's values must be quoted in the file.
            var dns = KubernetesNames.DnsLabel(name);
            var fromUser = m.Paths.Where(p => p.EndsWith(".yaml", StringComparison.Ordinal))
                .SelectMany(p => Scalars(m.Texts[p]).Select(s => (Path: p, Scalar: s)))
                .Where(x => x.Scalar.Value is { } v && (v == name || v == version || v == dns || v.StartsWith(dns + "-", StringComparison.Ordinal)))
                .ToList();
            Assert.IsGreaterThan(20, fromUser.Count, "names, labels, annotations and selectors");
            foreach (var (path, scalar) in fromUser) Assert.AreEqual(ScalarStyle.DoubleQuoted, scalar.Style, $"{path}: {scalar.Value} at {scalar.Start}");
        }
    }

    private static IEnumerable<YamlScalarNode> Scalars(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.SelectMany(d => d.AllNodes).OfType<YamlScalarNode>();
    }

    [TestMethod]
    public void TheSameFacts_GiveTheSameBytes_WithLfEndingsAndNoMachinePath()
    {
        var first = GeneratedManifests.For("Incident_Triage.V2", "1.2.3-beta+abc");
        var second = Culture.Under("de-DE", () => GeneratedManifests.For("Incident_Triage.V2", "1.2.3-beta+abc"));

        CollectionAssert.AreEqual(first.Paths.ToArray(), second.Paths.ToArray());
        foreach (var path in first.Paths)
        {
            CollectionAssert.AreEqual(first.Bytes[path], second.Bytes[path], path);
            Assert.DoesNotContain((byte)'\r', first.Bytes[path], $"{path}: LF only");
            Assert.IsFalse(first.Bytes[path].AsSpan().StartsWith(Encoding.UTF8.Preamble), $"{path}: no byte-order mark");
            Assert.DoesNotContain(first.Folder, first.Texts[path], path);
            Assert.DoesNotContain(AppContext.BaseDirectory.TrimEnd('/', '\\'), first.Texts[path], path);
            Assert.DoesNotContain(Environment.CurrentDirectory, first.Texts[path], path);
            Assert.IsTrue(first.Texts[path].EndsWith('\n'), path);
        }
        Assert.AreNotEqual(first.Folder, second.Folder, "two folders, so the check above could have caught one");
        var other = GeneratedManifests.For(GeneratedManifests.FactsFor("Incident_Triage.V2", "1.2.3-beta+abc", inputHash: new string('e', 64)));
        CollectionAssert.AreNotEqual(first.Bytes["k8s/deployment.yaml"], other.Bytes["k8s/deployment.yaml"], "another input hash shows");
    }

    [TestMethod]
    [DataRow("bin/IncidentTriage.dll")]
    [DataRow("/app/IncidentTriage.dll")]
    [DataRow("..\\IncidentTriage.dll")]
    [DataRow("..")]
    public void AProgramFileThatIsAPath_IsRefused(string program)
    {
        using var folder = new TempDirectory();
        var facts = GeneratedManifests.FactsFor() with { ProgramFile = program };

        Assert.Throws<ArgumentException>(() => DeploymentFiles.Write(folder.Path, facts));
        Assert.IsEmpty(Directory.GetFileSystemEntries(folder.Path), "nothing written");
    }

    private static void AssertValidLabels(IDictionary<string, string> labels, string what)
    {
        foreach (var (key, value) in labels)
        {
            Assert.IsTrue(LabelKey().IsMatch(key), $"{what}: key '{key}'");
            Assert.IsTrue(value.Length <= 63 && LabelValue().IsMatch(value), $"{what}: {key}='{value}'");
        }
    }

    private static bool Selects(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value);

    private static void AssertSelects(IDictionary<string, string> selector, IDictionary<string, string> labels, string what) =>
        Assert.IsTrue(Selects(selector, labels), $"{what}: {string.Join(",", selector)} does not select {string.Join(",", labels)}");

    // Kubernetes' own rules (apimachinery validation), written out here rather than taken from the code under test.
    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex LabelKey();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035();
}
