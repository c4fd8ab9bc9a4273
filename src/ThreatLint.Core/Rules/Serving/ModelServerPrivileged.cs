using ThreatLint.Catalog;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules.Serving;

/// <summary>
/// TL2008: a model server container runs with elevated privileges: <c>privileged: true</c>, <c>runAsUser: 0</c>
/// (container or pod), <c>runAsNonRoot: false</c>, <c>allowPrivilegeEscalation: true</c>, <c>hostNetwork: true</c>,
/// a <c>hostPath</c> volume mounted into it (the model store shared with the node); in compose <c>privileged</c>,
/// <c>network_mode: host</c>, <c>user: root</c>/<c>0</c>. Only what the manifest says explicitly is reported: an
/// unset user is the image's business (TL4001).
/// </summary>
public sealed class ModelServerPrivileged : IYamlRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.ModelServerPrivileged;

    public void Check(YamlFile document, RuleContext context)
    {
        foreach (var serving in ServingContainers.Of(document, context.Path))
        {
            var container = serving.Container;
            var pod = serving.Workload.Pod;
            var name = container.DisplayName + " (" + serving.DisplayName + ")";
            var security = container.SecurityContext;
            Flag(context, name, security?["privileged"], true, "is privileged (privileged: true): a compromised server owns the node");
            Flag(context, name, security?["allowPrivilegeEscalation"], true, "allows privilege escalation (allowPrivilegeEscalation: true)");
            Flag(context, name, security?["runAsNonRoot"], false, "may run as root (runAsNonRoot: false)");
            if ((security?["runAsUser"] ?? pod.SecurityContext?["runAsUser"]) is YamlScalar { AsInteger: 0 } root)
            {
                context.Report(Descriptor, root.Span, name + " runAsUser 0", [name, "runs as root (runAsUser: 0)"]);
            }

            Flag(context, name, pod.HostNetwork, true, "shares the node's network (hostNetwork: true): it listens on the node's interfaces and reaches node-local services");
            foreach (var mount in container.VolumeMounts)
            {
                var volume = mount["name"]?.Text;
                if (pod.HostPathOf(volume)?["path"]?.Text is { } hostPath)
                {
                    var readOnly = mount["readOnly"] is YamlScalar { AsBoolean: true };
                    context.Report(Descriptor, (mount["mountPath"] ?? mount).Span, name + " hostPath " + hostPath,
                        [name, "mounts " + hostPath + " from the node (hostPath volume " + volume + (readOnly ? ", read-only" : string.Empty) + "): whoever writes the node's folder swaps the model, and the server reaches the node's files"],
                        severity: readOnly ? Severity.Medium : null);
                }
            }
        }

        foreach (var service in ServingContainers.ComposeOf(document, context.Path))
        {
            var name = service.Name + " (compose, " + service.Server!.Product + ")";
            Flag(context, name, service.Node["privileged"], true, "is privileged (privileged: true): a compromised server owns the host");
            if (service.Node["network_mode"] is YamlScalar { Value: "host" } host)
            {
                context.Report(Descriptor, host.Span, name + " network_mode host", [name, "shares the host's network (network_mode: host)"]);
            }

            if (service.Node["user"] is YamlScalar { Value: "root" or "0" or "0:0" or "root:root" } user)
            {
                context.Report(Descriptor, user.Span, name + " user root", [name, "runs as root (user: " + user.Value + ")"]);
            }
        }
    }

    private void Flag(RuleContext context, string name, YamlNode? node, bool bad, string what)
    {
        if (node is YamlScalar scalar && scalar.AsBoolean == bad)
        {
            context.Report(Descriptor, scalar.Span, name + " " + what.Substring(0, Math.Min(what.Length, 30)), [name, what]);
        }
    }
}
