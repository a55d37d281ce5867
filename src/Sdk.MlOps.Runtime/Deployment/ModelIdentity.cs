namespace Sdk.MlOps.Deployment;

/// <summary>
/// The names, labels and annotations every generated object carries, from the facts. Labels are valid label values
/// (for selecting and grouping); annotations keep the originals whole (the full input hash, <c>1.2.3-beta+abc</c>).
/// </summary>
internal sealed class ModelIdentity
{
    public const string NameKey = "app.kubernetes.io/name";
    public const string VersionKey = "app.kubernetes.io/version";
    public const string ComponentKey = "app.kubernetes.io/component";
    public const string ModelKey = "sdk.mlops/model";
    public const string InputHashKey = "sdk.mlops/input-hash";
    public const string AliasKey = "sdk.mlops/alias";
    public const string ModelNameAnnotation = "sdk.mlops/model-name";
    public const string VersionAnnotation = "sdk.mlops/version";
    public const string InputHashAnnotation = "sdk.mlops/input-hash";
    public const string Component = "model-server";
    public const string Champion = "champion", Challenger = "challenger";

    public ModelIdentity(DeploymentFacts facts)
    {
        Facts = facts;
        Name = KubernetesNames.DnsLabel(facts.ModelName);
    }

    public DeploymentFacts Facts { get; }

    /// <summary>The DNS-1035 base name: the Service, the NetworkPolicy, the InferenceService.</summary>
    public string Name { get; }

    /// <summary>The Secret that holds the API key, under the key <see cref="ApiKeySecretKey"/>.</summary>
    public string ApiKeySecret => Name + "-api-key";

    public const string ApiKeySecretKey = "api-key";

    /// <summary>The Deployment of an alias: <c>&lt;name&gt;-champion</c>, <c>&lt;name&gt;-challenger</c>.</summary>
    public string DeploymentName(string alias) => $"{Name}-{alias}";

    /// <summary>
    /// What a Deployment selects its pods by: the name and the alias. Never the version or the input hash: a
    /// Deployment's selector cannot be changed once created, and they change with every release.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Selector(string alias) => [new(NameKey, Name), new(AliasKey, alias)];

    /// <summary>What the Service and the NetworkPolicy select: every pod of the model, whatever its alias.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ModelSelector => [new(NameKey, Name)];

    /// <summary>The labels of an object, with the alias for a Deployment and its pods.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels(string? alias = null)
    {
        var labels = new List<KeyValuePair<string, string>>
        {
            new(NameKey, Name),
            new(VersionKey, KubernetesNames.LabelValue(Facts.Version)),
            new(ComponentKey, Component),
            new(ModelKey, KubernetesNames.LabelValue(Facts.ModelName)),
            new(InputHashKey, KubernetesNames.InputHashLabel(Facts.InputHash)),
        };
        if (alias is not null) labels.Add(new(AliasKey, alias));
        return labels;
    }

    /// <summary>The originals, whole.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Annotations =>
    [
        new(ModelNameAnnotation, Facts.ModelName),
        new(VersionAnnotation, Facts.Version),
        new(InputHashAnnotation, Facts.InputHash),
    ];
}
