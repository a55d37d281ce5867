using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Deployment;

/// <summary>
/// Writes the files that put a served model into a container and onto Kubernetes, into its publish folder: the
/// Dockerfile (the folder is the build context), <c>.dockerignore</c>, and the manifests under <c>k8s/</c>, one
/// object a file. The same facts give the same bytes (LF line endings, UTF-8 without a byte-order mark, no time, no
/// machine path); what each file holds and why: docs/kubernetes.md.
/// </summary>
internal static class DeploymentFiles
{
    /// <summary>Every file written, relative to the folder, in the order written.</summary>
    public static IReadOnlyList<string> Paths { get; } =
    [
        "Dockerfile",
        ".dockerignore",
        "k8s/deployment.yaml",
        "k8s/service.yaml",
        "k8s/hpa.yaml",
        "k8s/pdb.yaml",
        "k8s/networkpolicy.yaml",
        "k8s/rollout/challenger.yaml",
        "k8s/kserve/inferenceservice.yaml",
        "k8s/kserve/inferenceservice-canary.yaml",
    ];

    /// <summary>Writes the files into <paramref name="folder"/> and returns their paths relative to it (with <c>/</c>).</summary>
    public static IReadOnlyList<string> Write(string folder, DeploymentFacts facts)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var files = Render(facts);
        foreach (var (path, text) in files)
        {
            AtomicFile.WriteText(Path.Combine(folder, path.Replace('/', Path.DirectorySeparatorChar)), text);
        }
        return [.. files.Select(f => f.Path)];
    }

    /// <summary>The files' relative paths and contents, without writing them.</summary>
    public static IReadOnlyList<(string Path, string Text)> Render(DeploymentFacts facts)
    {
        Check(facts);
        var id = new ModelIdentity(facts);
        string[] texts =
        [
            DockerfileText.Render(facts),
            DockerfileText.DockerIgnore(),
            KubernetesManifests.Deployment(id, ModelIdentity.Champion),
            KubernetesManifests.Service(id),
            KubernetesManifests.HorizontalPodAutoscaler(id),
            KubernetesManifests.PodDisruptionBudget(id),
            KubernetesManifests.NetworkPolicy(id),
            KubernetesManifests.Deployment(id, ModelIdentity.Challenger),
            KubernetesManifests.InferenceService(id, canary: false),
            KubernetesManifests.InferenceService(id, canary: true),
        ];
        return [.. Paths.Zip(texts)];
    }

    private static void Check(DeploymentFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        Required(facts.ModelName, nameof(facts.ModelName));
        Required(facts.Version, nameof(facts.Version));
        Required(facts.InputHash, nameof(facts.InputHash));
        Required(facts.ProgramFile, nameof(facts.ProgramFile));
        Required(facts.Image, nameof(facts.Image));
        var program = facts.ProgramFile;
        if (program is "." or ".." || program.IndexOfAny(['/', '\\']) >= 0 || Path.IsPathRooted(program) || program.Any(char.IsControl))
        {
            throw new ArgumentException($"The program file must be a file name in the publish folder, not '{program}'.", nameof(facts));
        }
        if (facts.Image.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException($"An image reference holds no white space: '{facts.Image}'.", nameof(facts));
        }
    }

    private static void Required(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} is required to write the deployment files.", name);
    }
}
