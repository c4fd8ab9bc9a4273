using System.Globalization;
using ThreatLint.Catalog;
using ThreatLint.Documents.Compose;
using ThreatLint.Documents.Dockerfile;
using ThreatLint.Documents.Kubernetes;
using ThreatLint.Documents.Properties;
using ThreatLint.Documents.Serving;
using ThreatLint.Documents.Yaml;
using ThreatLint.Rules.SupplyChain;

namespace ThreatLint.Rules.Serving;

/// <summary>
/// TL2002: a model-management or admin plane is bound to all interfaces or published. Each message names the plane
/// and the attack it allows.
/// </summary>
/// <remarks>
/// <para>
/// TorchServe <c>config.properties</c>: <c>management_address</c> not on loopback (ShellTorch: register a model
/// archive from any URL, whose handler runs in the server). Token authorization turned on in the same file
/// (<c>enable_token_authorization=true</c>) or model registration turned off (<c>enable_model_api=false</c>)
/// close it; when the file says nothing, it depends on the TorchServe version (both defaults changed in 0.11) and
/// the finding has medium confidence.
/// </para>
/// <para>
/// Command lines (Dockerfile CMD/ENTRYPOINT, container argv and <c>sh -c</c> scripts, compose commands): Triton
/// <c>--model-control-mode=explicit</c>, <c>ray start --dashboard-host 0.0.0.0</c>, <c>mlflow server --host 0.0.0.0</c>
/// without <c>--app-name basic-auth</c>, Jupyter on 0.0.0.0 with an empty token (<see cref="ManagementPlanes"/>).
/// A Kubernetes container binds 0.0.0.0 to be reachable through its Service at all, so the Ray dashboard there (and
/// KubeRay's <c>rayStartParams</c>, which always set it) counts only when it is published: KubeRay
/// <c>enableIngress</c>, a LoadBalancer/NodePort head service, an Ingress or route to the head service's dashboard
/// port, or a LoadBalancer/NodePort Service that publishes 8265 or TorchServe's 8081.
/// </para>
/// </remarks>
public sealed class ModelManagementApiExposed : IPropertiesRule, IDockerfileRule, IYamlRule, IRepositoryRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.ModelManagementApiExposed;

    public void Check(PropertiesFile document, RuleContext context)
    {
        if (TorchServeConfig.Of(document) is not { ManagementAddress: { } address } config || !TorchServeConfig.IsNonLoopback(address.Value))
        {
            return;
        }

        if (config.ModelApiDisabled || config.TokenAuthorization == true)
        {
            return;
        }

        var tokens = config.TokenAuthorization == false ? " with token authorization disabled" : string.Empty;
        var message = "TorchServe management API bound to " + Endpoint(address.Value) + tokens
            + ": anyone who reaches it can register a model from any URL and run its handler code (ShellTorch)";
        context.Report(Descriptor, address.KeySpan, "management_address " + address.Value, [message],
            confidence: config.TokenAuthorization == false ? Confidence.High : Confidence.Medium);
    }

    public void Check(DockerfileDocument document, RuleContext context)
    {
        foreach (var line in CommandLine.Of(document).Where(l => l.Source is "CMD" or "ENTRYPOINT"))
        {
            foreach (var plane in ManagementPlanes.Of(line))
            {
                context.Report(Descriptor, line.SpanAt(plane.Word), line.Source + " " + plane.Plane, [plane.Message]);
            }
        }
    }

    public void Check(YamlFile document, RuleContext context)
    {
        if (ServingYaml.IsPipelineFile(context.Path, document))
        {
            return;
        }

        var manifest = KubernetesManifest.Of(document);
        foreach (var workload in manifest.Workloads)
        {
            foreach (var container in workload.Pod.Containers)
            {
                foreach (var line in ServingYaml.LinesOf(container.Argv))
                {
                    // In a pod, binding 0.0.0.0 is how a Service reaches the dashboard: that one counts when published (repository check).
                    foreach (var plane in ManagementPlanes.Of(line).Where(p => p.Plane != "ray-dashboard"))
                    {
                        // Whether the port leaves the cluster is decided elsewhere (Services, routes): medium confidence.
                        context.Report(Descriptor, line.SpanAt(plane.Word), workload.DisplayName + " " + plane.Plane, [plane.Message + " (" + workload.DisplayName + ")"], confidence: Confidence.Medium);
                    }
                }
            }
        }

        foreach (var service in ComposeFile.Of(document).Services)
        {
            var published = service.Ports.Where(p => p.IsPublic && p.Published is not null).ToList();
            var reported = new HashSet<string>();
            foreach (var line in ServingYaml.LinesOf(service))
            {
                foreach (var plane in ManagementPlanes.Of(line))
                {
                    if (reported.Add(plane.Plane))
                    {
                        context.Report(Descriptor, line.SpanAt(plane.Word), "compose " + service.Name + " " + plane.Plane, [plane.Message + " (compose service " + service.Name + ")"],
                            confidence: published.Count > 0 ? Confidence.High : Confidence.Medium);
                    }
                }
            }

            if (service.Server?.Kind == ModelServerKind.TorchServe && published.FirstOrDefault(p => p.Target == 8081) is { } management && reported.Add("torchserve"))
            {
                context.Report(Descriptor, management.Node.Span, "compose " + service.Name + " torchserve 8081",
                    ["compose service " + service.Name + " publishes the TorchServe management API (8081) on every host interface: anyone who reaches it can register a model from any URL and run its handler code (ShellTorch)"],
                    confidence: Confidence.Medium);
            }
        }
    }

    public void Check(Repository repository, RepositoryContext context)
    {
        var topology = ServingRepository.Topology(repository);
        foreach (var server in topology.Servers.Where(s => s.Item.Server.Kind == ModelServerKind.Ray && s.Item.Workload.Part == "headGroupSpec"))
        {
            var owner = server.Item.Workload.Owner;
            var head = ServingTopology.RayCluster(owner)?["headGroupSpec"];
            if (head?["enableIngress"] is YamlScalar { AsBoolean: true } ingress)
            {
                Report(context, server.Path, ingress, owner.DisplayName + " enableIngress", owner.DisplayName + " has KubeRay create an Ingress to the Ray dashboard (enableIngress: true)");
            }

            if (head?["serviceType"] is YamlScalar { Value: "LoadBalancer" or "NodePort" } type)
            {
                Report(context, server.Path, type, owner.DisplayName + " serviceType", owner.DisplayName + " publishes the Ray head service, dashboard included, as a " + type.Value);
            }

            foreach (var (route, backend) in topology.RoutesTo((owner.Name ?? string.Empty) + "-head-svc", owner.Namespace).Where(r => r.Route.Item.IsExternal))
            {
                var port = PortOf(route.Item, backend);
                if (port is null or "8265" or "dashboard")
                {
                    Report(context, route.Path, route.Item.Object.Span, route.Item.Object.DisplayName + " ray dashboard",
                        route.Item.Object.DisplayName + " routes to the Ray head service " + backend.Service + (port is null ? string.Empty : " port " + port));
                }
            }
        }

        // LoadBalancer and NodePort Services that publish a management port of the server they select.
        foreach (var server in topology.Servers.Where(s => s.Item.Server.Kind is ModelServerKind.TorchServe or ModelServerKind.Ray))
        {
            var port = server.Item.Server.Kind == ModelServerKind.TorchServe ? 8081 : 8265;
            foreach (var service in topology.ServicesOf(server.Item.Workload).Where(s => s.Item.IsExternal))
            {
                if (service.Item.Ports.FirstOrDefault(p => p.Port == port || p.TargetPort == port.ToString(CultureInfo.InvariantCulture)) is { } published)
                {
                    var plane = port == 8081 ? "the TorchServe management API (8081): anyone who reaches it can register a model from any URL and run its handler code (ShellTorch)"
                        : "the Ray dashboard and Jobs API (8265): anyone who reaches it can submit jobs and run code on the cluster (ShadowRay)";
                    context.For(service.Path).Report(Descriptor, published.Node.Span, service.Item.Object.DisplayName + " " + port,
                        [service.Item.Object.DisplayName + " (" + service.Item.Type + ") publishes " + plane]);
                }
            }
        }
    }

    private void Report(RepositoryContext context, string path, YamlNode node, string evidence, string what) =>
        Report(context, path, node.Span, evidence, what);

    private void Report(RepositoryContext context, string path, Findings.SourceSpan span, string evidence, string what) =>
        context.For(path).Report(Descriptor, span, evidence, [what + ": anyone who reaches it can submit jobs through the Jobs API and run code on the cluster (ShadowRay)"]);

    /// <summary>The port an Ingress or route sends to (number or name), or null when it does not say.</summary>
    private static string? PortOf(KubernetesRoute route, RouteBackend backend)
    {
        var holder = FindParent(backend.Node, route.Object.Node);
        var port = holder?["port"];
        return port?["number"]?.Text ?? port?["name"]?.Text ?? port?.Text ?? holder?["servicePort"]?.Text;
    }

    /// <summary>The mapping whose <c>name</c> (or <c>serviceName</c>) value is <paramref name="node"/>.</summary>
    private static YamlNode? FindParent(YamlNode node, YamlNode root) =>
        YamlFile.Walk(root).FirstOrDefault(n => n.Entries.Any(e => ReferenceEquals(e.Value, node) && e.KeyText is "name" or "serviceName"));

    private static string Endpoint(string address)
    {
        var host = TorchServeConfig.HostOf(address);
        var at = address.IndexOf(host, StringComparison.Ordinal);
        var rest = at >= 0 ? address.Substring(at + host.Length) : string.Empty;
        return host + (rest.StartsWith(":", StringComparison.Ordinal) ? rest.TrimEnd('/') : string.Empty);
    }
}
