using System.Globalization;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Documents.Kubernetes;

/// <summary>A port of a Service.</summary>
public sealed record ServicePort(int? Port, string? TargetPort, int? NodePort, string? Name, YamlNode Node);

/// <summary>A Service: its type, the pod labels it selects and its ports.</summary>
public sealed class KubernetesService
{
    internal KubernetesService(KubernetesObject obj)
    {
        Object = obj;
        var spec = obj.Spec;
        TypeNode = spec?["type"] as YamlScalar;
        Type = TypeNode?.Value ?? "ClusterIP";
        Selector = KubernetesObject.StringMap(spec?["selector"]);
        Ports = [.. (spec?["ports"]?.Items ?? []).Select(p => new ServicePort(
            Number(p["port"]), p["targetPort"]?.Text, Number(p["nodePort"]), p["name"]?.Text, p))];
    }

    public KubernetesObject Object { get; }

    /// <summary>ClusterIP (the default), NodePort, LoadBalancer or ExternalName.</summary>
    public string Type { get; }

    public YamlScalar? TypeNode { get; }

    public IReadOnlyDictionary<string, string> Selector { get; }

    public IReadOnlyList<ServicePort> Ports { get; }

    /// <summary>Reachable from outside the cluster by itself (a load balancer or a port on every node).</summary>
    public bool IsExternal => Type is "LoadBalancer" or "NodePort";

    /// <summary>True when the selector is non-empty and every entry is among <paramref name="podLabels"/>.</summary>
    public bool Selects(IReadOnlyDictionary<string, string> podLabels) =>
        Selector.Count > 0 && Selector.All(s => podLabels.TryGetValue(s.Key, out var value) && value == s.Value);

    internal static int? Number(YamlNode? node) =>
        node is YamlScalar scalar && int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}

/// <summary>What kind of object routes traffic to Services.</summary>
public enum RouteKind
{
    Ingress,

    /// <summary>Gateway API HTTPRoute or GRPCRoute.</summary>
    GatewayRoute,

    /// <summary>Istio VirtualService.</summary>
    VirtualService,

    /// <summary>Traefik IngressRoute.</summary>
    TraefikIngressRoute,
}

/// <summary>A Service a route sends traffic to.</summary>
/// <param name="Namespace">The namespace named by the route (an FQDN host or a backendRef namespace), else the route's own.</param>
public sealed record RouteBackend(string Service, string? Namespace, YamlNode Node);

/// <summary>
/// An object that routes requests to Services: Ingress, Gateway API routes, Istio VirtualService, Traefik IngressRoute.
/// <see cref="IsExternal"/> is false only where the object says so itself (a VirtualService bound to the mesh only).
/// </summary>
public sealed class KubernetesRoute
{
    internal KubernetesRoute(KubernetesObject obj, RouteKind kind, bool isExternal, IReadOnlyList<RouteBackend> backends, IReadOnlyList<string> middlewares)
    {
        Object = obj;
        Kind = kind;
        IsExternal = isExternal;
        Backends = backends;
        Middlewares = middlewares;
    }

    public KubernetesObject Object { get; }

    public RouteKind Kind { get; }

    public bool IsExternal { get; }

    public IReadOnlyList<RouteBackend> Backends { get; }

    /// <summary>Traefik middlewares the route names (IngressRoute <c>middlewares</c>, or the router.middlewares annotation), without namespace or provider.</summary>
    public IReadOnlyList<string> Middlewares { get; }

    internal static KubernetesRoute? Of(KubernetesObject obj)
    {
        var spec = obj.Spec;
        switch (obj.Kind)
        {
            case "Ingress" when obj.Group is "networking.k8s.io" or "extensions":
            {
                var backends = new List<RouteBackend>();
                AddIngressBackend(spec?["defaultBackend"] ?? spec?["backend"], obj, backends);
                foreach (var rule in spec?["rules"]?.Items ?? [])
                {
                    foreach (var path in rule["http"]?["paths"]?.Items ?? [])
                    {
                        AddIngressBackend(path["backend"], obj, backends);
                    }
                }

                var annotated = obj.Annotation("traefik.ingress.kubernetes.io/router.middlewares");
                return new KubernetesRoute(obj, RouteKind.Ingress, true, backends, MiddlewareNames(annotated?.Split(',') ?? []));
            }

            case "HTTPRoute" or "GRPCRoute" when obj.Group == "gateway.networking.k8s.io":
            {
                var backends = new List<RouteBackend>();
                foreach (var rule in spec?["rules"]?.Items ?? [])
                {
                    foreach (var reference in rule["backendRefs"]?.Items ?? [])
                    {
                        if (reference["name"] is YamlScalar { IsNull: false } name && (reference["kind"]?.Text ?? "Service") == "Service")
                        {
                            backends.Add(new RouteBackend(name.Value, reference["namespace"]?.Text ?? obj.Namespace, name));
                        }
                    }
                }

                return new KubernetesRoute(obj, RouteKind.GatewayRoute, true, backends, []);
            }

            case "VirtualService" when obj.Group == "networking.istio.io":
            {
                // Bound to no gateway, or to "mesh" only, a VirtualService shapes traffic inside the mesh.
                var gateways = (spec?["gateways"]?.Items ?? []).Select(g => g.Text).OfType<string>().ToList();
                var external = gateways.Any(g => g != "mesh");
                var backends = new List<RouteBackend>();
                foreach (var protocol in new[] { "http", "grpc", "tcp", "tls" })
                {
                    foreach (var route in spec?[protocol]?.Items ?? [])
                    {
                        foreach (var destination in route["route"]?.Items ?? [])
                        {
                            if (destination["destination"]?["host"] is YamlScalar { IsNull: false } host)
                            {
                                var parts = host.Value.Split('.');
                                backends.Add(new RouteBackend(parts[0], parts.Length > 1 ? parts[1] : obj.Namespace, host));
                            }
                        }
                    }
                }

                return new KubernetesRoute(obj, RouteKind.VirtualService, external, backends, []);
            }

            case "IngressRoute" when obj.Group is "traefik.io" or "traefik.containo.us":
            {
                var backends = new List<RouteBackend>();
                var middlewares = new List<string>();
                foreach (var route in spec?["routes"]?.Items ?? [])
                {
                    foreach (var service in route["services"]?.Items ?? [])
                    {
                        if (service["name"] is YamlScalar { IsNull: false } name)
                        {
                            backends.Add(new RouteBackend(name.Value, service["namespace"]?.Text ?? obj.Namespace, name));
                        }
                    }

                    middlewares.AddRange((route["middlewares"]?.Items ?? []).Select(m => m["name"]?.Text).OfType<string>());
                }

                return new KubernetesRoute(obj, RouteKind.TraefikIngressRoute, true, backends, MiddlewareNames(middlewares));
            }

            default:
                return null;
        }
    }

    private static void AddIngressBackend(YamlNode? backend, KubernetesObject obj, List<RouteBackend> backends)
    {
        // networking.k8s.io/v1: backend.service.name; extensions/v1beta1: backend.serviceName.
        if ((backend?["service"]?["name"] ?? backend?["serviceName"]) is YamlScalar { IsNull: false } name)
        {
            backends.Add(new RouteBackend(name.Value, obj.Namespace, name));
        }
    }

    /// <summary><c>ns-name@kubernetescrd</c> → <c>name</c> is not recoverable without the namespace; keep the whole first part and match by suffix.</summary>
    private static IReadOnlyList<string> MiddlewareNames(IEnumerable<string> written) =>
        [.. written.Select(m => m.Trim()).Where(m => m.Length > 0).Select(m => m.IndexOf('@') is var at and > 0 ? m.Substring(0, at) : m)];
}
