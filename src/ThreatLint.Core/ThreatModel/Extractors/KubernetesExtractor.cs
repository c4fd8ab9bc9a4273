using ThreatLint.Documents.Kubernetes;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.ThreatModel.Extractors;

/// <summary>
/// Kubernetes manifests: workloads (by their images: model servers, vector databases, applications), Services,
/// Ingresses, Gateway API and Istio routes, KServe InferenceServices, Seldon and Ray Serve resources, and the Secrets and storage they use. Works on the generic YAML model;
/// Services are resolved to workloads by selector, Ingresses to Services by name.
/// </summary>
internal sealed class KubernetesExtractor : IComponentExtractor
{
    private static readonly string[] WorkloadKinds = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"];

    private sealed record Workload(string Id, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<string> CalledHosts);

    private sealed record Service(string Name, string Type, IReadOnlyDictionary<string, string> Selector, string Path, int Line, int EndLine);

    /// <summary>An Ingress, or a Gateway API / Istio route (<see cref="Kind"/>), and the Services it sends requests to.</summary>
    private sealed record Ingress(string Name, IReadOnlyList<string> Backends, bool Tls, string Path, int Line, int EndLine, string Kind = "Ingress");

    public void Extract(ExtractionInput input, ModelDraft draft)
    {
        var workloads = new List<Workload>();
        var services = new List<Service>();
        var ingresses = new List<Ingress>();
        foreach (var (path, file) in input.Repository.YamlFiles)
        {
            // Gateway API and Istio routes as the serving view reads them (mesh-only VirtualServices are not public).
            foreach (var route in KubernetesManifest.Of(file).Routes.Where(r => r.IsExternal && r.Kind is RouteKind.GatewayRoute or RouteKind.VirtualService))
            {
                var document = file.Documents[route.Object.Document];
                var backends = route.Backends.Select(b => b.Service).Distinct(StringComparer.Ordinal).ToList();
                ingresses.Add(new Ingress(route.Object.Name ?? route.Object.Kind.ToLowerInvariant(), backends, Tls: false, path, document.StartLine, document.EndLine, route.Object.Kind));
            }

            foreach (var document in file.Documents)
            {
                if (document.Root is not { } root || root["kind"]?.Text is not { } kind || root["apiVersion"]?.Text is not { } apiVersion)
                {
                    continue;
                }

                var name = root["metadata"]?["name"]?.Text ?? kind.ToLowerInvariant();
                var (line, endLine) = (document.StartLine, document.EndLine);
                if (WorkloadKinds.Contains(kind, StringComparer.Ordinal) && !apiVersion.Contains("argoproj"))
                {
                    workloads.Add(AddWorkload(draft, kind, name, root, path, line, endLine));
                }
                else if (kind == "Service" && apiVersion == "v1")
                {
                    services.Add(new Service(name, root["spec"]?["type"]?.Text ?? "ClusterIP", Map(root["spec"]?["selector"]), path, line, endLine));
                }
                else if (kind == "Ingress")
                {
                    ingresses.Add(new Ingress(name, [.. Backends(root)], root["spec"]?["tls"] is { Items.Count: > 0 }, path, line, endLine));
                }
                else if (kind == "InferenceService" && apiVersion.StartsWith("serving.kserve.io", StringComparison.Ordinal))
                {
                    AddInferenceService(draft, name, root, path, line, endLine);
                }
                else if (ServingResource(kind, apiVersion) is { } product)
                {
                    AddServingResource(draft, name, product, root, path, line, endLine);
                }
                else if (kind == "Secret" && apiVersion == "v1")
                {
                    draft.Add(ComponentKind.SecretsStore, "Kubernetes Secrets", TrustZone.Serving, path, line, endLine);
                }
            }
        }

        foreach (var service in services)
        {
            var targets = Targets(service, workloads).ToList();
            if (service.Type is "LoadBalancer" or "NodePort")
            {
                var id = draft.Add(ComponentKind.Endpoint, "Service " + service.Name, TrustZone.Serving, service.Path, service.Line, service.EndLine, service.Type);
                draft.Flow(draft.Users(), id, "requests");
                foreach (var target in targets)
                {
                    draft.Flow(id, target.Id, "requests");
                }
            }
        }

        foreach (var ingress in ingresses)
        {
            var route = ingress.Kind != "Ingress";
            var id = draft.Add(ComponentKind.Endpoint, ingress.Kind + " " + ingress.Name, TrustZone.Serving, ingress.Path, ingress.Line, ingress.EndLine, route ? "route on a shared gateway" : ingress.Tls ? "TLS" : "no TLS");
            draft.Flow(draft.Users(), id, route ? "requests" : ingress.Tls ? "HTTPS requests" : "HTTP requests");
            foreach (var backend in ingress.Backends)
            {
                foreach (var service in services.Where(s => s.Name == backend))
                {
                    foreach (var target in Targets(service, workloads))
                    {
                        draft.Flow(id, target.Id, "requests");
                    }
                }
            }
        }

        // Workloads that call each other by Service DNS name (http://qdrant:6333).
        foreach (var caller in workloads)
        {
            foreach (var host in caller.CalledHosts)
            {
                foreach (var service in services.Where(s => s.Name == host))
                {
                    foreach (var target in Targets(service, workloads))
                    {
                        draft.Flow(caller.Id, target.Id, "calls");
                    }
                }
            }
        }
    }

    private static Workload AddWorkload(ModelDraft draft, string kind, string name, YamlNode root, string path, int line, int endLine)
    {
        var template = kind switch
        {
            "Pod" => root,
            "CronJob" => root["spec"]?["jobTemplate"]?["spec"]?["template"],
            _ => root["spec"]?["template"],
        };
        var pod = template?["spec"];
        var containers = Containers(pod).ToList();
        var images = containers.Select(c => c["image"]?.Text).OfType<string>().ToList();
        var known = images.Select(KnownImages.Classify).FirstOrDefault(k => k is not null);
        var batch = kind is "Job" or "CronJob";
        var componentKind = known?.Kind ?? (batch ? ComponentKind.TrainingPipeline : ComponentKind.Service);
        var zone = componentKind switch
        {
            ComponentKind.TrainingPipeline => TrustZone.Training,
            ComponentKind.ModelRegistry => TrustZone.Registries,
            _ => TrustZone.Serving,
        };
        var detail = kind + (known is { } k ? ", " + k.Product : string.Empty) + (images.Count > 0 ? ", image " + images[0] : string.Empty);
        var id = draft.Add(componentKind, name, zone, path, line, endLine, detail);
        foreach (var image in images)
        {
            draft.RunsImage(id, image);
        }

        var hosts = new List<string>();
        foreach (var container in containers)
        {
            foreach (var env in container["env"]?.Items ?? [])
            {
                var variable = env["name"]?.Text ?? string.Empty;
                if (env["valueFrom"]?["secretKeyRef"] is not null)
                {
                    draft.Flow(draft.Add(ComponentKind.SecretsStore, "Kubernetes Secrets", TrustZone.Serving), id, "credentials");
                }

                LlmServices.FromVariable(draft, id, variable);
                if (env["value"]?.Text is { } value)
                {
                    StorageOrHost(draft, id, componentKind, value, hosts);
                }
            }

            if ((container["envFrom"]?.Items ?? []).Any(e => e["secretRef"] is not null))
            {
                draft.Flow(draft.Add(ComponentKind.SecretsStore, "Kubernetes Secrets", TrustZone.Serving), id, "credentials");
            }

            foreach (var arg in (container["args"]?.Items ?? []).Concat(container["command"]?.Items ?? []))
            {
                if (arg.Text is { } text)
                {
                    var eq = text.IndexOf('=');
                    StorageOrHost(draft, id, componentKind, eq > 0 && text.StartsWith("--", StringComparison.Ordinal) ? text.Substring(eq + 1) : text, hosts);
                }
            }
        }

        return new Workload(id, Map(template?["metadata"]?["labels"]), hosts);
    }

    private static void StorageOrHost(ModelDraft draft, string id, ComponentKind kind, string value, List<string> hosts)
    {
        if (!Uris.IsUri(value))
        {
            return;
        }

        var scheme = Uris.Scheme(value);
        if (scheme is "http" or "https")
        {
            var location = Uris.Location(value);
            var host = location.Substring(location.IndexOf("//", StringComparison.Ordinal) + 2).Split(':')[0];
            if (host.IndexOf('.') < 0)
            {
                hosts.Add(host); // a Service name in the same namespace
            }
        }
        else if (kind == ComponentKind.ModelServer)
        {
            draft.Flow(Storage.Registry(draft, value), id, "model weights");
        }
    }

    private static void AddInferenceService(ModelDraft draft, string name, YamlNode root, string path, int line, int endLine)
    {
        var predictor = root["spec"]?["predictor"];
        var model = predictor?["model"];
        var format = model?["modelFormat"]?["name"]?.Text
            ?? predictor?.Entries.Select(e => e.KeyText).FirstOrDefault(k => k is "sklearn" or "xgboost" or "pytorch" or "tensorflow" or "onnx" or "triton" or "huggingface" or "lightgbm");
        var storageUri = model?["storageUri"]?.Text
            ?? predictor?.Entries.Select(e => e.Value["storageUri"]?.Text).FirstOrDefault(u => u is not null);
        var id = draft.Add(ComponentKind.ModelServer, name, TrustZone.Serving, path, line, endLine, "KServe InferenceService" + (format is null ? string.Empty : ", " + format));
        if (storageUri is not null && Uris.IsUri(storageUri))
        {
            draft.Flow(Storage.Registry(draft, storageUri), id, "model weights");
        }

        foreach (var container in Containers(predictor))
        {
            foreach (var env in container["env"]?.Items ?? [])
            {
                if (env["valueFrom"]?["secretKeyRef"] is not null)
                {
                    draft.Flow(draft.Add(ComponentKind.SecretsStore, "Kubernetes Secrets", TrustZone.Serving), id, "credentials");
                }
            }
        }

        var clusterLocal = root["metadata"]?["labels"]?["networking.kserve.io/visibility"]?.Text == "cluster-local";
        if (!clusterLocal)
        {
            draft.Flow(draft.Users(), id, "inference requests");
        }

        if (predictor?["logger"]?["url"]?.Text is { } sink)
        {
            var host = Uris.Location(sink);
            host = host.Substring(host.IndexOf("//", StringComparison.Ordinal) + 2).Split('.', ':')[0];
            var sinkId = draft.Add(ComponentKind.LogSink, "Payload logger (" + host + ")", TrustZone.Serving, path, predictor["logger"]!.Line);
            draft.Flow(id, sinkId, predictor["logger"]?["mode"]?.Text is { } mode ? "payloads (" + mode + ")" : "payloads");
        }
    }

    /// <summary>Model-serving resources besides KServe's: Seldon Core v1 deployments and v2 models, Ray Serve on KubeRay.</summary>
    private static string? ServingResource(string kind, string apiVersion) => kind switch
    {
        "SeldonDeployment" when apiVersion.StartsWith("machinelearning.seldon.io", StringComparison.Ordinal) => "Seldon Core deployment",
        "Model" when apiVersion.StartsWith("mlops.seldon.io", StringComparison.Ordinal) => "Seldon Core v2 model",
        "RayService" when apiVersion.StartsWith("ray.io", StringComparison.Ordinal) => "KubeRay RayService (Ray Serve)",
        _ => null,
    };

    /// <summary>
    /// A Seldon or Ray Serve model server and where its weights come from (<c>storageUri</c>, Seldon v1 graph
    /// <c>modelUri</c>). Seldon publishes through its mesh gateway by default, so users reach it; a RayService is
    /// reached only through the Services and Ingresses that route to it.
    /// </summary>
    private static void AddServingResource(ModelDraft draft, string name, string product, YamlNode root, string path, int line, int endLine)
    {
        var id = draft.Add(ComponentKind.ModelServer, name, TrustZone.Serving, path, line, endLine, product);
        var spec = root["spec"];
        var uris = (spec?["predictors"]?.Items ?? []).Select(p => p["graph"]?["modelUri"]?.Text).Append(spec?["storageUri"]?.Text);
        foreach (var uri in uris.OfType<string>().Where(Uris.IsUri).Distinct(StringComparer.Ordinal))
        {
            draft.Flow(Storage.Registry(draft, uri), id, "model weights");
        }

        if (product.StartsWith("Seldon", StringComparison.Ordinal))
        {
            draft.Flow(draft.Users(), id, "inference requests");
        }
    }

    private static IEnumerable<YamlNode> Containers(YamlNode? pod) =>
        (pod?["containers"]?.Items ?? []).Concat(pod?["initContainers"]?.Items ?? []);

    private static IEnumerable<string> Backends(YamlNode root)
    {
        var spec = root["spec"];
        if (spec?["defaultBackend"]?["service"]?["name"]?.Text is { } fallback)
        {
            yield return fallback;
        }

        foreach (var rule in spec?["rules"]?.Items ?? [])
        {
            foreach (var path in rule["http"]?["paths"]?.Items ?? [])
            {
                if ((path["backend"]?["service"]?["name"] ?? path["backend"]?["serviceName"])?.Text is { } name)
                {
                    yield return name;
                }
            }
        }
    }

    private static IEnumerable<Workload> Targets(Service service, IEnumerable<Workload> workloads) =>
        service.Selector.Count == 0
            ? []
            : workloads.Where(w => service.Selector.All(s => w.Labels.TryGetValue(s.Key, out var v) && v == s.Value));

    private static Dictionary<string, string> Map(YamlNode? node) =>
        (node?.Entries ?? [])
            .Where(e => e.KeyText is not null && e.Value.Text is not null)
            .GroupBy(e => e.KeyText!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value.Text!, StringComparer.Ordinal);
}
