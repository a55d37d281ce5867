using k8s;
using k8s.Models;
using Sdk.MlOps.Deployment;

namespace Sdk.MlOps.Runtime.Tests.Deployment;

/// <summary>
/// The deployment files written for a set of facts into a temporary folder, read back as text and every manifest
/// loaded into KubernetesClient's types (strictly: a field the type does not know fails the load).
/// </summary>
internal sealed class GeneratedManifests
{
    public const string InputHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /// <summary>apiVersion/kind to type, for every kind the generator writes.</summary>
    public static readonly Dictionary<string, Type> Kinds = new()
    {
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["v1/Service"] = typeof(V1Service),
        ["autoscaling/v2/HorizontalPodAutoscaler"] = typeof(V2HorizontalPodAutoscaler),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy),
        ["serving.kserve.io/v1beta1/InferenceService"] = typeof(InferenceService),
    };

    private GeneratedManifests(DeploymentFacts facts, string folder, IReadOnlyList<string> paths, IReadOnlyDictionary<string, byte[]> bytes)
    {
        Facts = facts;
        Folder = folder;
        Paths = paths;
        Bytes = bytes;
        Texts = bytes.ToDictionary(b => b.Key, b => System.Text.Encoding.UTF8.GetString(b.Value));
        Objects = Texts.Where(t => t.Key.EndsWith(".yaml", StringComparison.Ordinal))
            .ToDictionary(t => t.Key, t => KubernetesYaml.LoadAllFromString(t.Value, Kinds, strict: true));
    }

    public static DeploymentFacts FactsFor(string modelName = "IncidentTriage", string version = "1.2.3", double? peakMemoryMB = 180, string inputHash = InputHash) =>
        new(modelName, version, inputHash, "IncidentTriage.dll", peakMemoryMB, DeploymentFacts.DefaultImage(modelName, version));

    /// <summary>Writes the files for the facts into a fresh folder, reads them back and deletes the folder.</summary>
    public static GeneratedManifests For(DeploymentFacts facts)
    {
        using var folder = new TempDirectory();
        var paths = DeploymentFiles.Write(folder.Path, facts);
        var bytes = paths.ToDictionary(p => p, p => File.ReadAllBytes(Path.Combine(folder.Path, p)));
        var written = Directory.EnumerateFiles(folder.Path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder.Path, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(paths.Order(StringComparer.Ordinal).ToArray(), written, "Write returns exactly the files it wrote");
        return new GeneratedManifests(facts, folder.Path, paths, bytes);
    }

    public static GeneratedManifests For(string modelName = "IncidentTriage", string version = "1.2.3", double? peakMemoryMB = 180) =>
        For(FactsFor(modelName, version, peakMemoryMB));

    public DeploymentFacts Facts { get; }

    /// <summary>Where the files were written (deleted since): no file may name it.</summary>
    public string Folder { get; }

    public IReadOnlyList<string> Paths { get; }

    public IReadOnlyDictionary<string, byte[]> Bytes { get; }

    public IReadOnlyDictionary<string, string> Texts { get; }

    /// <summary>Each YAML file's objects, as KubernetesClient loaded them.</summary>
    public IReadOnlyDictionary<string, List<object>> Objects { get; }

    public V1Deployment Champion => Single<V1Deployment>("k8s/deployment.yaml");

    public V1Deployment Challenger => Single<V1Deployment>("k8s/rollout/challenger.yaml");

    public V1Service Service => Single<V1Service>("k8s/service.yaml");

    public V2HorizontalPodAutoscaler Autoscaler => Single<V2HorizontalPodAutoscaler>("k8s/hpa.yaml");

    public V1PodDisruptionBudget DisruptionBudget => Single<V1PodDisruptionBudget>("k8s/pdb.yaml");

    public V1NetworkPolicy NetworkPolicy => Single<V1NetworkPolicy>("k8s/networkpolicy.yaml");

    public InferenceService InferenceService => Single<InferenceService>("k8s/kserve/inferenceservice.yaml");

    public InferenceService CanaryInferenceService => Single<InferenceService>("k8s/kserve/inferenceservice-canary.yaml");

    /// <summary>Both Deployments and both InferenceServices' containers, named for messages.</summary>
    public IEnumerable<(string Name, V1Container Container)> ServingContainers =>
    [
        ("champion", Champion.Spec.Template.Spec.Containers.Single()),
        ("challenger", Challenger.Spec.Template.Spec.Containers.Single()),
        ("kserve", InferenceService.Spec.Predictor.Containers.Single()),
        ("kserve canary", CanaryInferenceService.Spec.Predictor.Containers.Single()),
    ];

    /// <summary>Every object of every manifest with its metadata.</summary>
    public IEnumerable<(string Path, IKubernetesObject Object, V1ObjectMeta Metadata)> AllObjects =>
        Objects.SelectMany(o => o.Value.Select(x => (o.Key, (IKubernetesObject)x, ((IMetadata<V1ObjectMeta>)x).Metadata)));

    private T Single<T>(string path)
    {
        Assert.IsTrue(Objects.TryGetValue(path, out var objects), $"{path} was not written");
        Assert.HasCount(1, objects, $"{path} holds one object");
        return Assert.IsInstanceOfType<T>(objects[0], path);
    }
}
