namespace Sdk.MlOps.Deployment;

/// <summary>
/// What the Dockerfile and the Kubernetes manifests of a served model are written from. <paramref name="ModelName"/>,
/// <paramref name="Version"/> and <paramref name="InputHash"/> are kept whole in annotations and image labels, and
/// turned into valid names and label values where Kubernetes needs them (<see cref="KubernetesNames"/>).
/// <paramref name="ProgramFile"/> is the model program's file name in the publish folder (<c>IncidentTriage.dll</c>),
/// never a path. <paramref name="PeakMemoryMB"/> is the peak working set measured while scoring (MiB), or null when
/// it was not measured; it sizes the memory (<see cref="ResourceSizing"/>). <paramref name="Image"/> is the image
/// reference the manifests run; <see cref="DefaultImage"/> gives one when the caller has none.
/// </summary>
internal sealed record DeploymentFacts(string ModelName, string Version, string InputHash, string ProgramFile, double? PeakMemoryMB, string Image)
{
    /// <summary>
    /// <c>&lt;dns-name&gt;:&lt;version&gt;</c>, with the version made a valid tag (<c>1.2.3-beta+abc</c> becomes
    /// <c>1.2.3-beta_abc</c>): a local name that a CI job retags and pushes to its registry.
    /// </summary>
    public static string DefaultImage(string modelName, string version) =>
        $"{KubernetesNames.DnsLabel(modelName)}:{KubernetesNames.ImageTag(version)}";
}
