using ThreatLint.Documents.Serving;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Documents.Kubernetes;

/// <summary>A workload container that runs a recognised model server.</summary>
public sealed record ServingContainer(Workload Workload, Container Container, ModelServer Server)
{
    /// <summary><c>vLLM in Deployment/vllm (container vllm)</c>.</summary>
    public string DisplayName => Server.Product + " in " + Workload.DisplayName;
}

/// <summary>
/// The Kubernetes objects of a YAML file (every document of the stream, <c>kind: List</c> items included) and the
/// serving views built from them: workloads with their pod specs, Services, routes, and the containers that run
/// model servers. Built once per file through <see cref="YamlFile.View{T}"/> (<see cref="Of"/>).
/// </summary>
public sealed class KubernetesManifest
{
    /// <summary>At most this many objects are read from one file (a List can hold any number).</summary>
    public const int MaxObjects = 10_000;

    private KubernetesManifest(IReadOnlyList<KubernetesObject> objects)
    {
        Objects = objects;
        Workloads = [.. objects.SelectMany(WorkloadsOf)];
        Services = [.. objects.Where(o => o.Kind == "Service" && o.Group.Length == 0).Select(o => new KubernetesService(o))];
        Routes = [.. objects.Select(KubernetesRoute.Of).OfType<KubernetesRoute>()];
        ServingContainers = [.. Workloads.SelectMany(w => w.Pod.Containers.Select(c => (w, c)))
            .Select(p => ModelServerOf(p.w, p.c) is { } server ? new ServingContainer(p.w, p.c, server) : null)
            .OfType<ServingContainer>()];
    }

    public IReadOnlyList<KubernetesObject> Objects { get; }

    public IReadOnlyList<Workload> Workloads { get; }

    public IReadOnlyList<KubernetesService> Services { get; }

    public IReadOnlyList<KubernetesRoute> Routes { get; }

    /// <summary>The containers of <see cref="Workloads"/> that run a model server.</summary>
    public IReadOnlyList<ServingContainer> ServingContainers { get; }

    /// <summary>The shared view of a file.</summary>
    public static KubernetesManifest Of(YamlFile file) => file.View(Build);

    /// <summary>The objects of a given group (any version) and kind.</summary>
    public IEnumerable<KubernetesObject> OfKind(string group, string kind) => Objects.Where(o => o.Is(group, kind));

    private static KubernetesManifest Build(YamlFile file)
    {
        var objects = new List<KubernetesObject>();
        foreach (var document in file.Documents)
        {
            Add(document.Root, document.Index, objects);
        }

        return new KubernetesManifest(objects);
    }

    private static void Add(YamlNode? node, int document, List<KubernetesObject> objects)
    {
        if (node is not YamlMapping mapping || objects.Count >= MaxObjects
            || mapping["apiVersion"] is not YamlScalar { IsNull: false } apiVersion || mapping["kind"] is not YamlScalar { IsNull: false } kind)
        {
            return;
        }

        if (kind.Value.EndsWith("List", StringComparison.Ordinal) && mapping["items"] is YamlSequence items)
        {
            foreach (var item in items.Items)
            {
                Add(item, document, objects);
            }

            return;
        }

        objects.Add(new KubernetesObject(mapping, apiVersion.Value, kind.Value, document));
    }

    /// <summary>The server a container runs: its own image and argv, or for KServe's <c>model</c>, the runtime's format.</summary>
    private static ModelServer? ModelServerOf(Workload workload, Container container)
    {
        var argv = container.Argv.Select(a => a.Value).ToList();
        if (ModelServers.Recognise(container.Image?.Value, argv) is { } server)
        {
            return server;
        }

        if (workload.Owner.Is("serving.kserve.io", "InferenceService") && container.Role is "model" or "framework")
        {
            var format = container.Node["modelFormat"]?["name"]?.Text ?? container.Name ?? "model";
            var runtime = container.Node["runtime"]?.Text;
            return format is "huggingface" && (runtime is null || runtime.IndexOf("vllm", StringComparison.OrdinalIgnoreCase) >= 0)
                ? new ModelServer(ModelServerKind.KServe, "KServe Hugging Face server (vLLM)", true)
                : new ModelServer(ModelServerKind.KServe, "KServe " + format + " server", format is "triton" or "huggingface");
        }

        return workload.Owner.Group is "serving.kserve.io" or "machinelearning.seldon.io" or "mlops.seldon.io"
            ? new ModelServer(workload.Owner.Group.StartsWith("serving", StringComparison.Ordinal) ? ModelServerKind.KServe : ModelServerKind.Seldon, container.Image?.Value ?? workload.Owner.Kind, false)
            : null;
    }

    /// <summary>Frameworks a KServe predictor can name instead of <c>model</c> (the v1beta1 shorthand).</summary>
    private static readonly string[] KServeFrameworks =
        ["sklearn", "xgboost", "tensorflow", "pytorch", "triton", "onnx", "huggingface", "lightgbm", "pmml", "paddle"];

    private static IEnumerable<Workload> WorkloadsOf(KubernetesObject obj)
    {
        var spec = obj.Spec;
        if (spec is null)
        {
            yield break;
        }

        switch (obj.Group, obj.Kind)
        {
            case ("", "Pod"):
                yield return new Workload(obj, null, new PodSpec(spec), obj.Labels);
                break;
            case ("apps" or "extensions", "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet"):
            case ("batch", "Job"):
            case ("", "ReplicationController"):
                if (Template(spec["template"]) is { } template)
                {
                    yield return new Workload(obj, null, template.Pod, template.Labels);
                }

                break;
            case ("serving.knative.dev", "Service"):
                if (Template(spec["template"]) is { } revision)
                {
                    var labels = new Dictionary<string, string>(revision.Labels.ToDictionary(l => l.Key, l => l.Value), StringComparer.Ordinal)
                    {
                        ["serving.knative.dev/service"] = obj.Name ?? string.Empty,
                    };
                    yield return new Workload(obj, null, revision.Pod, labels);
                }

                break;
            case ("batch", "CronJob"):
                if (Template(spec["jobTemplate"]?["spec"]?["template"]) is { } job)
                {
                    yield return new Workload(obj, null, job.Pod, job.Labels);
                }

                break;
            case ("serving.kserve.io", "InferenceService"):
                foreach (var part in new[] { "predictor", "transformer", "explainer" })
                {
                    if (spec[part] is YamlMapping component)
                    {
                        var extra = new List<Container>();
                        if (component["model"] is YamlMapping model)
                        {
                            extra.Add(new Container(model, "model"));
                        }

                        extra.AddRange(KServeFrameworks.Where(f => component[f] is YamlMapping).Select(f => new Container(component[f]!, "framework")));
                        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["serving.kserve.io/inferenceservice"] = obj.Name ?? string.Empty, ["component"] = part };
                        yield return new Workload(obj, part, new PodSpec(component, extra), labels);
                    }
                }

                break;
            case ("serving.kserve.io", "ServingRuntime" or "ClusterServingRuntime"):
                yield return new Workload(obj, null, new PodSpec(spec), new Dictionary<string, string>());
                break;
            case ("machinelearning.seldon.io", "SeldonDeployment"):
                foreach (var predictor in spec["predictors"]?.Items ?? [])
                {
                    foreach (var component in predictor["componentSpecs"]?.Items ?? [])
                    {
                        if (component["spec"] is YamlMapping pod)
                        {
                            yield return new Workload(obj, "predictor " + (predictor["name"]?.Text ?? "default"), new PodSpec(pod), KubernetesObject.StringMap(component["metadata"]?["labels"]));
                        }
                    }
                }

                break;
            case ("mlops.seldon.io", "Server"):
                if (spec["podSpec"] is YamlMapping serverPod)
                {
                    yield return new Workload(obj, null, new PodSpec(serverPod), new Dictionary<string, string>());
                }

                break;
            case ("ray.io", "RayCluster" or "RayService" or "RayJob"):
                var cluster = obj.Kind switch { "RayService" => spec["rayClusterConfig"], "RayJob" => spec["rayClusterSpec"], _ => spec };
                if (cluster?["headGroupSpec"] is { } head && Template(head["template"]) is { } headPod)
                {
                    var labels = new Dictionary<string, string>(headPod.Labels.ToDictionary(l => l.Key, l => l.Value), StringComparer.Ordinal)
                    {
                        ["ray.io/node-type"] = "head",
                        ["ray.io/cluster"] = obj.Name ?? string.Empty,
                    };
                    yield return new Workload(obj, "headGroupSpec", headPod.Pod, labels);
                }

                foreach (var group in cluster?["workerGroupSpecs"]?.Items ?? [])
                {
                    if (Template(group["template"]) is { } workerPod)
                    {
                        yield return new Workload(obj, "worker group " + (group["groupName"]?.Text ?? "workers"), workerPod.Pod, workerPod.Labels);
                    }
                }

                break;
        }
    }

    private static (PodSpec Pod, IReadOnlyDictionary<string, string> Labels)? Template(YamlNode? template) =>
        template?["spec"] is YamlMapping pod ? (new PodSpec(pod), KubernetesObject.StringMap(template["metadata"]?["labels"])) : null;
}
