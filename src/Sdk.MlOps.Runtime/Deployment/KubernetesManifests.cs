using System.Globalization;

namespace Sdk.MlOps.Deployment;

/// <summary>
/// The Kubernetes manifests of a served model, one object a file, as YAML text. Their reasons are in the comments they
/// carry and in docs/kubernetes.md; the container contract they rely on: <c>dotnet &lt;ProgramFile&gt; serve</c> on
/// port 8080, <c>/v2/health/live</c> and <c>/v2/health/ready</c>, metrics at <c>/metrics</c>, the API key in
/// <c>MLOPS_API_KEY</c>, the prediction log in <c>MLOPS_PREDICTION_LOG_DIR</c>, a drain on SIGTERM.
/// </summary>
internal static class KubernetesManifests
{
    public const int Port = 8080;
    public const int ServicePort = 80;
    public const string LivePath = "/v2/health/live";
    public const string ReadyPath = "/v2/health/ready";
    public const string MetricsPath = "/metrics";
    public const int MinReplicas = 2, MaxReplicas = 10, CpuUtilizationPercent = 70;
    public const int PreStopSleepSeconds = 5, TerminationGracePeriodSeconds = 45;
    public const int CanaryTrafficPercent = 10;

    public static string Deployment(ModelIdentity id, string alias)
    {
        var champion = alias == ModelIdentity.Champion;
        var y = Header(id);
        if (champion)
        {
            y.Comment(0, """
                The champion: the Deployment that serves this model. Apply the whole folder (kubectl apply -f k8s/):
                this Deployment, its Service, HorizontalPodAutoscaler, PodDisruptionBudget and NetworkPolicy. Create
                the API key's Secret first (see MLOPS_API_KEY below).
                Promoting a challenger is applying this folder from the challenger's publish: the champion rolls to the
                new image one pod at a time (maxUnavailable 0), then delete k8s/rollout/challenger.yaml.
                """);
        }
        else
        {
            y.Comment(0, $"""
                The challenger: this model version next to the running champion, behind the champion's Service.
                Progressive rollout by replicas: the Service selects every pod of the model (name only, not the
                alias), and kube-proxy sends each new connection to one of the ready pods at random, so one challenger
                pod beside n champion pods gets about 1/(n+1) of the connections (a third at the HPA's minimum of {MinReplicas}, less as
                the champion scales). Keep it at one replica; compare the two in /metrics and the prediction logs (the
                pods are labelled with alias, version and input hash). Chosen because it needs nothing but
                Kubernetes; it splits connections, not requests, and only in steps of a pod. For an exact per-request
                percentage use the KServe variant (k8s/kserve/inferenceservice-canary.yaml, canaryTrafficPercent), or a
                Gateway API HTTPRoute with weights over two Services.
                Start:    kubectl apply -f k8s/rollout/challenger.yaml    (from this version's publish folder)
                Promote:  kubectl apply -f k8s/   then   kubectl delete -f k8s/rollout/challenger.yaml
                Abandon:  kubectl delete -f k8s/rollout/challenger.yaml   (the champion never changed)
                """);
        }
        y.Line(0, "apiVersion: apps/v1").Line(0, "kind: Deployment");
        Metadata(y, id, id.DeploymentName(alias), id.Labels(alias));
        y.Line(0, "spec:");
        if (champion)
        {
            y.Comment(1, "No replicas: the HorizontalPodAutoscaler (hpa.yaml) owns the count, and a number here would reset it on every apply.");
        }
        else
        {
            y.Comment(1, "One pod, no autoscaler: its share of the traffic is its share of the ready pods.");
            y.Line(1, "replicas: 1");
        }
        y.Line(1, "revisionHistoryLimit: 5");
        y.Line(1, "selector:");
        y.Comment(2, "Name and alias only: a selector cannot change once created, and version and input hash change with every release.");
        y.Line(2, "matchLabels:").Map(3, id.Selector(alias));
        y.Line(1, "strategy:");
        y.Line(2, "type: RollingUpdate");
        y.Line(2, "rollingUpdate:");
        y.Comment(3, "Never fewer ready pods than wanted: a new pod must be ready (its model loaded) before an old one goes.");
        y.Line(3, "maxUnavailable: 0");
        y.Line(3, "maxSurge: 1");
        y.Line(1, "template:");
        y.Line(2, "metadata:");
        y.Line(3, "labels:").Map(4, id.Labels(alias));
        y.Line(3, "annotations:").Map(4, id.Annotations);
        y.Comment(4, "The usual scrape annotations (honoured by a Prometheus configured for them); the host serves its metrics at /metrics.");
        y.Map(4, [new("prometheus.io/scrape", "true"), new("prometheus.io/port", Number(Port)), new("prometheus.io/path", MetricsPath)]);
        y.Line(2, "spec:");
        y.Comment(3, "The model calls no Kubernetes API: no token, and no Service variables in its environment.");
        y.Line(3, "automountServiceAccountToken: false");
        y.Line(3, "enableServiceLinks: false");
        y.Comment(3, $"""
            Graceful shutdown. Deleting a pod sends SIGTERM and removes it from the Service's endpoints at the same
            time, and kube-proxy and ingress controllers learn of the removal a few seconds later. The preStop sleep
            ({PreStopSleepSeconds} s) holds SIGTERM back until they have, so the host's drain (it stops accepting, then
            finishes the requests in flight) starts once no new request can arrive. The grace period counts the sleep:
            {TerminationGracePeriodSeconds} s = {PreStopSleepSeconds} s + the 30 s the serving host allows a drain by default (MlOps:Serving:ShutdownTimeout) + a margin; then SIGKILL.
            """);
        y.Line(3, $"terminationGracePeriodSeconds: {Number(TerminationGracePeriodSeconds)}");
        y.Line(3, "securityContext:");
        y.Line(4, "runAsNonRoot: true");
        y.Line(4, "seccompProfile:");
        y.Line(5, "type: RuntimeDefault");
        y.Comment(3, "Spread the pods over nodes, so a node lost takes one pod rather than all.");
        y.Line(3, "topologySpreadConstraints:");
        y.Line(4, "- maxSkew: 1");
        y.Line(5, "topologyKey: kubernetes.io/hostname");
        y.Line(5, "whenUnsatisfiable: ScheduleAnyway");
        y.Line(5, "labelSelector:");
        y.Line(6, "matchLabels:").Map(7, id.Selector(alias));
        y.Line(3, "containers:");
        Container(y, 4, id, kserve: false);
        Volumes(y, 3);
        return y.ToString();
    }

    public static string Service(ModelIdentity id)
    {
        var y = Header(id);
        y.Comment(0, "The model's one address, in the cluster. It selects every pod of the model by name, not by alias: the champion's,\nand during a rollout the challenger's (k8s/rollout/challenger.yaml), which then share the traffic.");
        y.Line(0, "apiVersion: v1").Line(0, "kind: Service");
        Metadata(y, id, id.Name, id.Labels());
        y.Line(0, "spec:");
        y.Line(1, "type: ClusterIP");
        y.Line(1, "selector:").Map(2, id.ModelSelector);
        y.Line(1, "ports:");
        y.Line(2, "- name: http");
        y.Line(3, "protocol: TCP");
        y.Line(3, $"port: {Number(ServicePort)}");
        y.Line(3, $"targetPort: {Number(Port)}");
        return y.ToString();
    }

    public static string HorizontalPodAutoscaler(ModelIdentity id)
    {
        var y = Header(id);
        y.Comment(0, $"""
            Scales the champion on CPU: scoring is CPU work, and the utilisation is a share of the container's CPU
            request ({ResourceSizing.CpuRequest}). At least {MinReplicas} pods, so a pod restarting or drained never leaves the model without one.
            The challenger has no autoscaler: its share of the traffic is its share of the pods.
            """);
        y.Line(0, "apiVersion: autoscaling/v2").Line(0, "kind: HorizontalPodAutoscaler");
        Metadata(y, id, id.DeploymentName(ModelIdentity.Champion), id.Labels(ModelIdentity.Champion));
        y.Line(0, "spec:");
        y.Line(1, "scaleTargetRef:");
        y.Line(2, "apiVersion: apps/v1");
        y.Line(2, "kind: Deployment");
        y.Line(2, $"name: {YamlText.Quote(id.DeploymentName(ModelIdentity.Champion))}");
        y.Line(1, $"minReplicas: {Number(MinReplicas)}");
        y.Line(1, $"maxReplicas: {Number(MaxReplicas)}");
        y.Line(1, "metrics:");
        y.Line(2, "- type: Resource");
        y.Line(3, "resource:");
        y.Line(4, "name: cpu");
        y.Line(4, "target:");
        y.Line(5, "type: Utilization");
        y.Line(5, $"averageUtilization: {Number(CpuUtilizationPercent)}");
        return y.ToString();
    }

    public static string PodDisruptionBudget(ModelIdentity id)
    {
        var y = Header(id);
        y.Comment(0, """
            Voluntary disruptions (a node drained for an upgrade) take at most one champion pod at a time. maxUnavailable
            rather than minAvailable: it holds at any replica count the autoscaler picks. A pod that is not ready may be
            evicted anyway (AlwaysAllow), so a crash-looping pod never blocks a drain.
            """);
        y.Line(0, "apiVersion: policy/v1").Line(0, "kind: PodDisruptionBudget");
        Metadata(y, id, id.DeploymentName(ModelIdentity.Champion), id.Labels(ModelIdentity.Champion));
        y.Line(0, "spec:");
        y.Line(1, "maxUnavailable: 1");
        y.Line(1, "unhealthyPodEvictionPolicy: AlwaysAllow");
        y.Line(1, "selector:");
        y.Line(2, "matchLabels:").Map(3, id.Selector(ModelIdentity.Champion));
        return y.ToString();
    }

    public static string NetworkPolicy(ModelIdentity id)
    {
        var y = Header(id);
        y.Comment(0, $"""
            Only the serving port is reachable: TCP {Port}, from any pod in any namespace. To admit only your clients, add
            a from: list (namespaceSelector, podSelector) to the rule. Probes from the kubelet on the pod's own node
            are always allowed. Egress is not restricted. Takes effect only with a network plugin that enforces
            NetworkPolicy.
            """);
        y.Line(0, "apiVersion: networking.k8s.io/v1").Line(0, "kind: NetworkPolicy");
        Metadata(y, id, id.Name, id.Labels());
        y.Line(0, "spec:");
        y.Line(1, "podSelector:");
        y.Line(2, "matchLabels:").Map(3, id.ModelSelector);
        y.Line(1, "policyTypes:");
        y.Line(2, "- Ingress");
        y.Line(1, "ingress:");
        y.Line(2, "- ports:");
        y.Line(4, "- protocol: TCP");
        y.Line(5, $"port: {Number(Port)}");
        return y.ToString();
    }

    public static string InferenceService(ModelIdentity id, bool canary)
    {
        var y = Header(id);
        y.Comment(0, """
            The KServe variant, instead of the Deployment, Service and autoscaler in k8s/ (use one or the other in a
            namespace): a custom predictor container that speaks the Open Inference Protocol V2 (PROTOCOL=v2), at
            /v2/models/{name}/infer, with the same image, probes, resources and security. Serverless (Knative) mode:
            KServe's canary rollout needs it. Knative has no preStop hook and sets the grace period itself; its
            queue-proxy drains requests before the container gets SIGTERM.
            """);
        if (canary)
        {
            y.Comment(0, $"""
                Canary rollout: applied over the running InferenceService, this version gets {CanaryTrafficPercent} % of the
                requests and the last version rolled out keeps the rest; the first revision ever applied gets all of
                them. Promote by applying inferenceservice.yaml (no canaryTrafficPercent); roll back by applying the
                previous version's inferenceservice.yaml.
                """);
        }
        y.Line(0, "apiVersion: serving.kserve.io/v1beta1").Line(0, "kind: InferenceService");
        Metadata(y, id, id.Name, id.Labels());
        // More annotations, in the same block Metadata opened.
        y.Map(2,
        [
            new("serving.kserve.io/deploymentMode", "Serverless"),
            new("serving.kserve.io/enable-prometheus-scraping", "true"),
            new("prometheus.kserve.io/port", Number(Port)),
            new("prometheus.kserve.io/path", MetricsPath),
        ]);
        y.Line(0, "spec:");
        y.Line(1, "predictor:");
        y.Comment(2, "At least two pods, never scaled to zero: loading the model makes a cold start slow.");
        y.Line(2, $"minReplicas: {Number(MinReplicas)}");
        y.Line(2, $"maxReplicas: {Number(MaxReplicas)}");
        if (canary) y.Line(2, $"canaryTrafficPercent: {Number(CanaryTrafficPercent)}");
        y.Line(2, "automountServiceAccountToken: false");
        y.Line(2, "containers:");
        Container(y, 3, id, kserve: true);
        Volumes(y, 2);
        return y.ToString();
    }

    private static YamlText Header(ModelIdentity id) => new YamlText().Comment(0, $"""
        Generated by Sdk.MlOps on dotnet publish for model {YamlText.Quote(id.Facts.ModelName)} version {YamlText.Quote(id.Facts.Version)}
        (input hash {YamlText.Quote(id.Facts.InputHash)}). Every publish writes it again: change the project, not this file.
        """);

    private static void Metadata(YamlText y, ModelIdentity id, string name, IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        y.Line(0, "metadata:");
        y.Line(1, $"name: {YamlText.Quote(name)}");
        y.Line(1, "labels:").Map(2, labels);
        y.Line(1, "annotations:").Map(2, id.Annotations);
    }

    private static void Container(YamlText y, int depth, ModelIdentity id, bool kserve)
    {
        var memory = ResourceSizing.MemoryMiB(id.Facts.PeakMemoryMB).ToString(CultureInfo.InvariantCulture) + "Mi";
        int d = depth + 1;
        // KServe finds its container by this name; Knative accepts only the port names http1 and h2c.
        y.Line(depth, $"- name: {(kserve ? "kserve-container" : "model")}");
        y.Line(d, $"image: {YamlText.Quote(id.Facts.Image)}");
        y.Line(d, "imagePullPolicy: IfNotPresent");
        y.Comment(d, "The image's ENTRYPOINT runs dotnet <program> serve from /app.");
        y.Line(d, "ports:");
        y.Line(d + 1, $"- name: {(kserve ? "http1" : "http")}");
        y.Line(d + 2, $"containerPort: {Number(Port)}");
        y.Line(d + 2, "protocol: TCP");
        y.Line(d, "env:");
        if (kserve)
        {
            y.Comment(d + 1, "Tells KServe the custom container speaks the Open Inference Protocol V2.");
            Env(y, d + 1, "PROTOCOL", "v2");
        }
        Env(y, d + 1, "ASPNETCORE_HTTP_PORTS", Number(Port));
        y.Comment(d + 1, "The prediction log (JSON lines) goes to an emptyDir volume: the root file system is read-only. It lives as long as\nthe pod: ship it elsewhere (a log agent) to keep it.");
        Env(y, d + 1, "MLOPS_PREDICTION_LOG_DIR", DockerfileText.PredictionLogDirectory);
        y.Comment(d + 1, $"""
            The API key, from a Secret, never written here. Create it before applying:
              kubectl create secret generic {id.ApiKeySecret} --from-literal={ModelIdentity.ApiKeySecretKey}=<key>
            Not optional: without the Secret the pod does not start, rather than serve without authentication. To serve
            without a key, delete this entry. Probes and metrics scraping send no key.
            """);
        y.Line(d + 1, "- name: MLOPS_API_KEY");
        y.Line(d + 2, "valueFrom:");
        y.Line(d + 3, "secretKeyRef:");
        y.Line(d + 4, $"name: {YamlText.Quote(id.ApiKeySecret)}");
        y.Line(d + 4, $"key: {YamlText.Quote(ModelIdentity.ApiKeySecretKey)}");
        y.Line(d + 4, "optional: false");
        y.Comment(d, "Memory " + ResourceSizing.Explain(id.Facts.PeakMemoryMB) + ";\nrequest = limit (memory cannot be throttled, only killed). CPU: a request, which the autoscaler's utilisation\nis a share of, and no limit, which would throttle scoring into latency spikes. The rule: docs/kubernetes.md.");
        y.Line(d, "resources:");
        y.Line(d + 1, "requests:");
        y.Line(d + 2, $"cpu: {YamlText.Quote(ResourceSizing.CpuRequest)}");
        y.Line(d + 2, $"memory: {YamlText.Quote(memory)}");
        y.Line(d + 1, "limits:");
        y.Line(d + 2, $"memory: {YamlText.Quote(memory)}");
        if (!kserve)
        {
            y.Comment(d, "Holds the other probes off while the process starts (up to 120 s), so a slow start is not killed as a hang.");
            Probe(y, d, "startupProbe", LivePath, periodSeconds: 2, failureThreshold: 60);
        }
        y.Comment(d, "Ready once the model is loaded: until then, and whenever it fails, the pod gets no traffic.");
        Probe(y, d, "readinessProbe", ReadyPath, periodSeconds: 5, failureThreshold: 3);
        y.Comment(d, kserve
            ? "Alive: the process answers. It must not test the model, or a slow model would restart pods. The initial delay stands\nin for a startupProbe, which Knative accepts only from 1.15."
            : "Alive: the process answers. It must not test the model, or a slow model would restart pods.");
        Probe(y, d, "livenessProbe", LivePath, periodSeconds: 10, failureThreshold: 3, initialDelaySeconds: kserve ? 30 : 0);
        if (!kserve)
        {
            y.Line(d, "lifecycle:");
            y.Line(d + 1, "preStop:");
            y.Comment(d + 2, "The kubelet's own sleep (Kubernetes 1.30 and later): no sleep binary needed in the image.");
            y.Line(d + 2, "sleep:");
            y.Line(d + 3, $"seconds: {Number(PreStopSleepSeconds)}");
        }
        y.Comment(d, "Non-root, no privilege escalation, no capabilities, the runtime's seccomp profile, a read-only root file system:\nthe Pod Security Standards' restricted profile.");
        y.Line(d, "securityContext:");
        y.Line(d + 1, "runAsNonRoot: true");
        y.Line(d + 1, "allowPrivilegeEscalation: false");
        y.Line(d + 1, "readOnlyRootFilesystem: true");
        y.Line(d + 1, "capabilities:");
        y.Line(d + 2, "drop:");
        y.Line(d + 3, "- ALL");
        y.Line(d + 1, "seccompProfile:");
        y.Line(d + 2, "type: RuntimeDefault");
        y.Line(d, "volumeMounts:");
        y.Line(d + 1, "- name: prediction-log");
        y.Line(d + 2, $"mountPath: {DockerfileText.PredictionLogDirectory}");
        y.Line(d + 1, "- name: tmp");
        y.Line(d + 2, "mountPath: /tmp");
    }

    private static void Volumes(YamlText y, int depth)
    {
        y.Comment(depth, "The only writable paths. A pod whose volume outgrows its sizeLimit is evicted, rather than filling its node's disk.");
        y.Line(depth, "volumes:");
        y.Line(depth + 1, "- name: prediction-log");
        y.Line(depth + 2, "emptyDir:");
        y.Line(depth + 3, "sizeLimit: 1Gi");
        y.Line(depth + 1, "- name: tmp");
        y.Line(depth + 2, "emptyDir:");
        y.Line(depth + 3, "sizeLimit: 256Mi");
    }

    private static void Env(YamlText y, int depth, string name, string value)
    {
        y.Line(depth, $"- name: {name}");
        y.Line(depth + 1, $"value: {YamlText.Quote(value)}");
    }

    private static void Probe(YamlText y, int depth, string kind, string path, int periodSeconds, int failureThreshold, int initialDelaySeconds = 0)
    {
        y.Line(depth, $"{kind}:");
        y.Line(depth + 1, "httpGet:");
        y.Line(depth + 2, $"path: {path}");
        y.Line(depth + 2, $"port: {Number(Port)}");
        if (initialDelaySeconds > 0) y.Line(depth + 1, $"initialDelaySeconds: {Number(initialDelaySeconds)}");
        y.Line(depth + 1, $"periodSeconds: {Number(periodSeconds)}");
        y.Line(depth + 1, "timeoutSeconds: 2");
        y.Line(depth + 1, $"failureThreshold: {Number(failureThreshold)}");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
