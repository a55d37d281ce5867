using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Sdk.MlOps.Runtime.Tests.Deployment;

// KServe's InferenceService (serving.kserve.io/v1beta1) as far as the generated manifests use it, typed so that
// KubernetesClient's strict YAML loading rejects any field this model does not name. The predictor is a pod spec
// inline plus KServe's component extension (replicas, canaryTrafficPercent), as in KServe's Go types.

public sealed class InferenceService : KubernetesObject, IMetadata<V1ObjectMeta>
{
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public InferenceServiceSpec Spec { get; set; } = new();
}

public sealed class InferenceServiceSpec
{
    [JsonPropertyName("predictor")]
    public PredictorSpec Predictor { get; set; } = new();
}

public sealed class PredictorSpec
{
    [JsonPropertyName("minReplicas")]
    public int? MinReplicas { get; set; }

    [JsonPropertyName("maxReplicas")]
    public int? MaxReplicas { get; set; }

    [JsonPropertyName("canaryTrafficPercent")]
    public long? CanaryTrafficPercent { get; set; }

    [JsonPropertyName("automountServiceAccountToken")]
    public bool? AutomountServiceAccountToken { get; set; }

    [JsonPropertyName("containers")]
    public IList<V1Container> Containers { get; set; } = [];

    [JsonPropertyName("volumes")]
    public IList<V1Volume> Volumes { get; set; } = [];
}
