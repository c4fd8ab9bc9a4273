using ThreatLint.Documents.Serving;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Documents.Kubernetes;

/// <summary>A Kubernetes object with the file it is declared in.</summary>
public sealed record Placed<T>(string Path, T Item);

/// <summary>How sure the topology is that traffic reaches a server from outside the cluster.</summary>
public enum ExposureCertainty
{
    /// <summary>The object that exposes the server is in the repository (an Ingress, a LoadBalancer Service…).</summary>
    Declared,

    /// <summary>The platform exposes it by default through a gateway that is configured outside the repository (KServe, Seldon).</summary>
    PlatformDefault,
}

/// <summary>
/// A model server reachable from outside the cluster, the object that makes it so (the place a fix goes: annotations
/// on the Ingress, the Service type…), and what protects it: authentication and rate limits found at the entry, in
/// the mesh (Istio policies, EnvoyFilters), in gateway policies, or in the server itself.
/// </summary>
public sealed record ExposedServer(
    Placed<KubernetesObject> Entry,
    string Via,
    Placed<ServingContainer> Server,
    ExposureCertainty Certainty,
    string? Authentication,
    string? RateLimit);

/// <summary>
/// The serving topology of a repository, across files: which model servers Services select, which routes reach those
/// Services (by name and namespace), which are published (LoadBalancer, NodePort, Ingress, Gateway API, Istio
/// gateways, Traefik, KServe and Seldon defaults), and what authentication and rate limiting apply. Public so that
/// the threat-model report draws the same components and flows the rules judge.
/// </summary>
public sealed class ServingTopology
{
    private static readonly string[] NginxRateLimits =
    [
        "nginx.ingress.kubernetes.io/limit-rps", "nginx.ingress.kubernetes.io/limit-rpm", "nginx.ingress.kubernetes.io/limit-connections",
        "nginx.ingress.kubernetes.io/global-rate-limit", "haproxy.org/rate-limit-requests", "ingress.kubernetes.io/rate-limit",
    ];

    private static readonly string[] NginxAuth =
    [
        "nginx.ingress.kubernetes.io/auth-url", "nginx.ingress.kubernetes.io/auth-type", "nginx.ingress.kubernetes.io/auth-tls-verify-client",
        "nginx.ingress.kubernetes.io/auth-signin", "alb.ingress.kubernetes.io/auth-type", "haproxy.org/auth-type",
    ];

    private static readonly string[] InternalLoadBalancer =
    [
        "service.beta.kubernetes.io/aws-load-balancer-internal", "service.beta.kubernetes.io/azure-load-balancer-internal",
        "networking.gke.io/load-balancer-type", "cloud.google.com/load-balancer-type", "service.beta.kubernetes.io/aws-load-balancer-scheme",
    ];

    private static readonly string[] AuthSidecars = ["oauth2-proxy", "kube-rbac-proxy", "envoy-auth", "authservice"];

    private readonly List<Placed<KubernetesObject>> _objects = [];
    private readonly List<Placed<ServingContainer>> _servers = [];
    private readonly List<Placed<KubernetesService>> _services = [];
    private readonly List<Placed<KubernetesRoute>> _routes = [];

    // Indexes, so that a repository of thousands of manifests is judged in linear time.
    private readonly Dictionary<string, List<(Placed<KubernetesRoute> Route, RouteBackend Backend)>> _routesByBackend = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), List<Placed<KubernetesService>>> _servicesBySelector = [];
    private readonly List<KubernetesObject> _policies = [];

    private ServingTopology(IEnumerable<(string Path, YamlFile File)> files)
    {
        foreach (var (path, file) in files)
        {
            var manifest = KubernetesManifest.Of(file);
            _objects.AddRange(manifest.Objects.Select(o => new Placed<KubernetesObject>(path, o)));
            _servers.AddRange(manifest.ServingContainers.Select(s => new Placed<ServingContainer>(path, s)));
            _services.AddRange(manifest.Services.Select(s => new Placed<KubernetesService>(path, s)));
            _routes.AddRange(manifest.Routes.Select(r => new Placed<KubernetesRoute>(path, r)));
        }

        foreach (var route in _routes)
        {
            foreach (var backend in route.Item.Backends)
            {
                if (!_routesByBackend.TryGetValue(backend.Service, out var list))
                {
                    _routesByBackend[backend.Service] = list = [];
                }

                list.Add((route, backend));
            }
        }

        foreach (var service in _services.Where(s => s.Item.Selector.Count > 0))
        {
            // Indexed by one selector entry (the first by key): a pod must carry it to be selected.
            var first = service.Item.Selector.OrderBy(e => e.Key, StringComparer.Ordinal).First();
            if (!_servicesBySelector.TryGetValue((first.Key, first.Value), out var list))
            {
                _servicesBySelector[(first.Key, first.Value)] = list = [];
            }

            list.Add(service);
        }

        _policies.AddRange(_objects.Select(o => o.Item).Where(o =>
            o.Group is "security.istio.io" or "gateway.envoyproxy.io" or "traefik.io" or "traefik.containo.us" or "configuration.konghq.com"
            || o.Is("networking.istio.io", "EnvoyFilter")));
        Exposed = [.. FindExposed()];
    }

    /// <summary>Every containers that runs a model server.</summary>
    public IReadOnlyList<Placed<ServingContainer>> Servers => _servers;

    public IReadOnlyList<Placed<KubernetesService>> Services => _services;

    public IReadOnlyList<Placed<KubernetesRoute>> Routes => _routes;

    /// <summary>The model servers reachable from outside, one entry per (exposing object, server).</summary>
    public IReadOnlyList<ExposedServer> Exposed { get; }

    public static ServingTopology Of(IEnumerable<(string Path, YamlFile File)> files) => new(files);

    /// <summary>The Services that select a workload's pods (same namespace, or one of them unset).</summary>
    public IEnumerable<Placed<KubernetesService>> ServicesOf(Workload workload) =>
        workload.PodLabels.SelectMany(l => _servicesBySelector.TryGetValue((l.Key, l.Value), out var list) ? list : [])
            .Where(s => SameNamespace(s.Item.Object.Namespace, workload.Owner.Namespace) && s.Item.Selects(workload.PodLabels))
            .Distinct();

    /// <summary>
    /// The names by which routes reach a workload: its Services, and the Services its operator creates (KServe
    /// <c>{name}-predictor</c>, KubeRay <c>{name}-head-svc</c> and <c>{name}-serve-svc</c>).
    /// </summary>
    public IEnumerable<(string Name, string? Namespace, Placed<KubernetesService>? Service)> NamesOf(Workload workload)
    {
        foreach (var service in ServicesOf(workload))
        {
            yield return (service.Item.Object.Name ?? string.Empty, service.Item.Object.Namespace, service);
        }

        var owner = workload.Owner;
        var name = owner.Name ?? string.Empty;
        if (owner.Is("serving.kserve.io", "InferenceService"))
        {
            foreach (var suffix in new[] { string.Empty, "-predictor", "-predictor-default" })
            {
                yield return (name + suffix, owner.Namespace, null);
            }
        }
        else if (owner.Group == "ray.io" && workload.Part == "headGroupSpec")
        {
            yield return (name + "-head-svc", owner.Namespace, null);
            yield return (name + "-serve-svc", owner.Namespace, null);
        }
    }

    /// <summary>Routes that send traffic to <paramref name="name"/> in <paramref name="ns"/>.</summary>
    public IEnumerable<(Placed<KubernetesRoute> Route, RouteBackend Backend)> RoutesTo(string name, string? ns) =>
        _routesByBackend.TryGetValue(name, out var list) ? list.Where(r => SameNamespace(r.Backend.Namespace, ns)) : [];

    private IEnumerable<ExposedServer> FindExposed()
    {
        foreach (var server in _servers)
        {
            var workload = server.Item.Workload;
            var seen = new HashSet<KubernetesObject>();
            foreach (var (name, ns, service) in NamesOf(workload).ToList())
            {
                if (service is { } s && s.Item.IsExternal && !IsInternalLoadBalancer(s.Item.Object) && seen.Add(s.Item.Object))
                {
                    yield return Protect(new Placed<KubernetesObject>(s.Path, s.Item.Object), s.Item.Type + " Service", server, ExposureCertainty.Declared, null);
                }

                foreach (var (route, _) in RoutesTo(name, ns))
                {
                    if (route.Item.IsExternal && seen.Add(route.Item.Object))
                    {
                        yield return Protect(new Placed<KubernetesObject>(route.Path, route.Item.Object), route.Item.Object.Kind, server, ExposureCertainty.Declared, route.Item);
                    }
                }
            }

            var owner = workload.Owner;
            if (owner.Group == "ray.io" && workload.Part == "headGroupSpec" && RayCluster(owner)?["headGroupSpec"]?["serviceType"]?.Text is "LoadBalancer" or "NodePort" && seen.Add(owner))
            {
                yield return Protect(new Placed<KubernetesObject>(server.Path, owner), "head service (serviceType)", server, ExposureCertainty.Declared, null);
            }

            // KServe publishes every InferenceService through the cluster's ingress gateway unless it is marked cluster-local.
            if (owner.Is("serving.kserve.io", "InferenceService") && workload.Part == "predictor" && !IsClusterLocal(owner) && seen.Add(owner))
            {
                yield return Protect(new Placed<KubernetesObject>(server.Path, owner), "the KServe ingress gateway", server, ExposureCertainty.PlatformDefault, null);
            }

            // Knative publishes a Service through the cluster's ingress unless it is cluster-local.
            if (owner.Is("serving.knative.dev", "Service") && !IsClusterLocal(owner) && seen.Add(owner))
            {
                yield return Protect(new Placed<KubernetesObject>(server.Path, owner), "the Knative ingress gateway", server, ExposureCertainty.PlatformDefault, null);
            }

            if (owner.Is("machinelearning.seldon.io", "SeldonDeployment") && seen.Add(owner))
            {
                yield return Protect(new Placed<KubernetesObject>(server.Path, owner), "the Seldon gateway (Ambassador or Istio)", server, ExposureCertainty.PlatformDefault, null);
            }
        }
    }

    /// <summary>The RayCluster spec of a RayCluster, RayService or RayJob.</summary>
    public static YamlNode? RayCluster(KubernetesObject obj) =>
        obj.Kind switch { "RayService" => obj.Spec?["rayClusterConfig"], "RayJob" => obj.Spec?["rayClusterSpec"], _ => obj.Spec };

    private ExposedServer Protect(Placed<KubernetesObject> entry, string via, Placed<ServingContainer> server, ExposureCertainty certainty, KubernetesRoute? route)
    {
        var auth = AuthenticationOf(entry.Item, server.Item, route);
        var rate = RateLimitOf(entry.Item, server.Item, route);
        return new ExposedServer(entry, via, server, certainty, auth, rate);
    }

    private string? AuthenticationOf(KubernetesObject entry, ServingContainer server, KubernetesRoute? route)
    {
        if (NginxAuth.FirstOrDefault(a => entry.Annotation(a) is { Length: > 0 }) is { } annotation)
        {
            return annotation;
        }

        if (entry.Annotation("serving.kserve.io/enable-auth") is { } kserve && kserve.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return "serving.kserve.io/enable-auth";
        }

        var container = server.Container;
        var words = container.Argv.Select(a => a.Value).ToList();
        if (words.Any(w => w == "--api-key" || w.StartsWith("--api-key=", StringComparison.Ordinal) || w.IndexOf(" --api-key", StringComparison.Ordinal) >= 0)
            || container.EnvNamed("VLLM_API_KEY") is not null || container.EnvNamed("API_KEY") is not null && server.Server.Kind == ModelServerKind.TextGenerationInference)
        {
            return "--api-key";
        }

        if (server.Workload.Pod.Containers.FirstOrDefault(c => AuthSidecars.Any(s => (c.Image?.Value ?? c.Name ?? string.Empty).IndexOf(s, StringComparison.OrdinalIgnoreCase) >= 0)) is { } sidecar)
        {
            return "sidecar " + sidecar.DisplayName;
        }

        if (MiddlewaresOf(route, entry).Any(m => m["basicAuth"] is not null || m["forwardAuth"] is not null || m["digestAuth"] is not null))
        {
            return "Traefik auth middleware";
        }

        if (KongPlugins(entry).Any(p => p is "key-auth" or "jwt" or "basic-auth" or "openid-connect" or "oauth2" or "hmac-auth" or "ldap-auth" or "key-auth-enc"))
        {
            return "Kong auth plugin";
        }

        if (PoliciesFor(entry, server.Workload, "security.istio.io", "RequestAuthentication", "AuthorizationPolicy").FirstOrDefault() is { } istio)
        {
            return istio.DisplayName;
        }

        if (GatewayPolicies(entry, "SecurityPolicy").FirstOrDefault() is { } policy)
        {
            return policy.DisplayName;
        }

        return null;
    }

    private string? RateLimitOf(KubernetesObject entry, ServingContainer server, KubernetesRoute? route)
    {
        if (NginxRateLimits.FirstOrDefault(a => entry.Annotation(a) is { Length: > 0 }) is { } annotation)
        {
            return annotation;
        }

        if (MiddlewaresOf(route, entry).Any(m => m["rateLimit"] is not null || m["inFlightReq"] is not null))
        {
            return "Traefik rateLimit middleware";
        }

        if (KongPlugins(entry).Any(p => p.StartsWith("rate-limiting", StringComparison.Ordinal)))
        {
            return "Kong rate-limiting plugin";
        }

        foreach (var filter in _policies.Where(o => o.Is("networking.istio.io", "EnvoyFilter")))
        {
            var selector = KubernetesObject.StringMap(filter.Spec?["workloadSelector"]?["labels"]);
            var appliesToAll = selector.Count == 0 || selector.Any(l => l.Value.IndexOf("ingressgateway", StringComparison.Ordinal) >= 0);
            var applies = appliesToAll || selector.All(l => server.Workload.PodLabels.TryGetValue(l.Key, out var v) && v == l.Value);
            if (applies && YamlFile.Walk(filter.Node).Any(n => n.Text is { } t && t.IndexOf("ratelimit", StringComparison.OrdinalIgnoreCase) >= 0))
            {
                return filter.DisplayName;
            }
        }

        if (GatewayPolicies(entry, "BackendTrafficPolicy").FirstOrDefault(p => p.Spec?["rateLimit"] is not null) is { } policy)
        {
            return policy.DisplayName;
        }

        return null;
    }

    /// <summary>Traefik Middleware objects a route uses (by name, a "namespace-name" annotation form matched by suffix).</summary>
    private IEnumerable<YamlNode> MiddlewaresOf(KubernetesRoute? route, KubernetesObject entry)
    {
        var names = route?.Middlewares ?? [];
        if (names.Count == 0)
        {
            return [];
        }

        return _policies.Where(o => o.Kind == "Middleware" && o.Group is "traefik.io" or "traefik.containo.us" && o.Name is { } name
                && names.Any(n => n == name || n.EndsWith("-" + name, StringComparison.Ordinal)))
            .Select(o => o.Spec).OfType<YamlNode>();
    }

    /// <summary>The plugin types of the KongPlugin / KongClusterPlugin objects an entry names in <c>konghq.com/plugins</c>.</summary>
    private IEnumerable<string> KongPlugins(KubernetesObject entry)
    {
        var names = (entry.Annotation("konghq.com/plugins") ?? string.Empty).Split(',').Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
        return names.Count == 0
            ? []
            : _policies.Where(o => o.Kind is "KongPlugin" or "KongClusterPlugin" && names.Contains(o.Name ?? string.Empty))
                .Select(o => o.Node["plugin"]?.Text).OfType<string>();
    }

    /// <summary>Istio policies that select the workload (by labels) or the whole namespace (no selector), or the ingress gateway.</summary>
    private IEnumerable<KubernetesObject> PoliciesFor(KubernetesObject entry, Workload workload, string group, params string[] kinds) =>
        _policies.Where(o => o.Group == group && kinds.Contains(o.Kind)
            && KubernetesObject.StringMap(o.Spec?["selector"]?["matchLabels"]) is var selector
            && (selector.Count == 0 ? SameNamespace(o.Namespace, workload.Owner.Namespace) || o.Namespace == "istio-system"
                : selector.All(l => workload.PodLabels.TryGetValue(l.Key, out var v) && v == l.Value) || selector.Any(l => l.Value.IndexOf("ingressgateway", StringComparison.Ordinal) >= 0))
            && (o.Kind != "AuthorizationPolicy" || (o.Spec?["action"]?.Text ?? "ALLOW") is "CUSTOM" or "ALLOW" && o.Spec?["rules"] is not null));

    /// <summary>Envoy Gateway policies whose targetRef(s) name the entry, or the Gateway it attaches to.</summary>
    private IEnumerable<KubernetesObject> GatewayPolicies(KubernetesObject entry, string kind)
    {
        var parents = (entry.Spec?["parentRefs"]?.Items ?? []).Select(p => p["name"]?.Text).OfType<string>().ToList();
        return _policies.Where(o => o.Kind == kind && o.Group == "gateway.envoyproxy.io"
            && (o.Spec?["targetRefs"]?.Items ?? (o.Spec?["targetRef"] is { } single ? [single] : []))
                .Any(t => t["name"]?.Text is { } name && ((t["kind"]?.Text == entry.Kind && name == entry.Name) || (t["kind"]?.Text == "Gateway" && parents.Contains(name)))));
    }

    private static bool IsInternalLoadBalancer(KubernetesObject service) =>
        InternalLoadBalancer.Any(a => service.Annotation(a) is { } v && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("internal", StringComparison.OrdinalIgnoreCase)));

    private static bool IsClusterLocal(KubernetesObject isvc) =>
        (isvc.Labels.TryGetValue("serving.knative.dev/visibility", out var legacy) && legacy == "cluster-local")
        || (isvc.Labels.TryGetValue("networking.knative.dev/visibility", out var knative) && knative == "cluster-local")
        || (isvc.Labels.TryGetValue("networking.kserve.io/visibility", out var kserve) && kserve == "cluster-local");

    private static bool SameNamespace(string? a, string? b) => a is null || b is null || a == b;
}
