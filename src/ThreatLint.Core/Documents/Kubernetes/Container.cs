using System.Globalization;
using ThreatLint.Documents.Yaml;
using ThreatLint.Findings;

namespace ThreatLint.Documents.Kubernetes;

/// <summary>Where an environment variable's value comes from.</summary>
public enum EnvSource
{
    /// <summary><c>value:</c> written in the manifest.</summary>
    Literal,

    /// <summary><c>valueFrom.secretKeyRef</c>.</summary>
    Secret,

    /// <summary><c>valueFrom.configMapKeyRef</c>.</summary>
    ConfigMap,

    /// <summary>Any other <c>valueFrom</c> (fieldRef, resourceFieldRef).</summary>
    Other,
}

/// <summary>An environment variable of a container (or of a compose service).</summary>
/// <param name="Value">The literal value's node; null unless <see cref="Source"/> is <see cref="EnvSource.Literal"/>.</param>
/// <param name="Node">The node to report at: the variable's name.</param>
public sealed record EnvVar(string Name, YamlScalar? Value, EnvSource Source, YamlNode Node)
{
    /// <summary>The literal value's text, or null.</summary>
    public string? Text => Value?.Value;
}

/// <summary>A container port.</summary>
public sealed record ContainerPort(int Number, string? Name, YamlNode Node);

/// <summary>
/// A container as the kubelet runs it: image, the argv (<c>command</c> then <c>args</c>, each item one argument as the
/// server receives it), environment (literal values versus references to Secrets and ConfigMaps), ports, resources,
/// security context and volume mounts. Also used for KServe's <c>predictor.model</c>, which is a container whose
/// image the ServingRuntime supplies.
/// </summary>
public sealed class Container
{
    internal Container(YamlNode node, string role)
    {
        Node = node;
        Role = role;
        Name = node["name"]?.Text;
        Image = node["image"] as YamlScalar;
        Command = Scalars(node["command"]);
        Args = Scalars(node["args"]);
        Env = [.. EnvOf(node["env"])];
        Ports = [.. PortsOf(node["ports"])];
        Resources = node["resources"];
        SecurityContext = node["securityContext"];
        VolumeMounts = node["volumeMounts"]?.Items ?? [];
    }

    public YamlNode Node { get; }

    /// <summary><c>container</c>, <c>initContainer</c>, <c>sidecar</c>, <c>model</c> (KServe predictor.model)…</summary>
    public string Role { get; }

    public string? Name { get; }

    public YamlScalar? Image { get; }

    public IReadOnlyList<YamlScalar> Command { get; }

    public IReadOnlyList<YamlScalar> Args { get; }

    /// <summary>command then args: what the process receives as argv (without the image's ENTRYPOINT when only args are set).</summary>
    public IReadOnlyList<YamlScalar> Argv => [.. Command, .. Args];

    public IReadOnlyList<EnvVar> Env { get; }

    public IReadOnlyList<ContainerPort> Ports { get; }

    public YamlNode? Resources { get; }

    public YamlNode? SecurityContext { get; }

    public IReadOnlyList<YamlNode> VolumeMounts { get; }

    /// <summary>The container's name, else its image, else its role.</summary>
    public string DisplayName => Name ?? Image?.Value ?? Role;

    /// <summary>Where to report about the container as a whole.</summary>
    public SourceSpan Span => (Node["name"] ?? Node["image"] ?? Node).Span;

    /// <summary>The last variable called <paramref name="name"/> (later entries win, as in Kubernetes), or null.</summary>
    public EnvVar? EnvNamed(string name) => Env.LastOrDefault(e => e.Name == name);

    /// <summary>A limit under <c>resources.limits</c>, or null.</summary>
    public YamlNode? Limit(string resource) => Resources?["limits"]?[resource];

    internal static IReadOnlyList<YamlScalar> Scalars(YamlNode? node) =>
        node is YamlSequence sequence ? [.. sequence.Items.OfType<YamlScalar>()]
        : node is YamlScalar { IsNull: false } scalar ? [scalar]
        : [];

    private static IEnumerable<EnvVar> EnvOf(YamlNode? env)
    {
        foreach (var item in env?.Items ?? [])
        {
            if (item["name"] is not YamlScalar { IsNull: false } name)
            {
                continue;
            }

            var from = item["valueFrom"];
            var source = from is null ? EnvSource.Literal
                : from["secretKeyRef"] is not null ? EnvSource.Secret
                : from["configMapKeyRef"] is not null ? EnvSource.ConfigMap
                : EnvSource.Other;
            yield return new EnvVar(name.Value, source == EnvSource.Literal ? item["value"] as YamlScalar : null, source, name);
        }
    }

    private static IEnumerable<ContainerPort> PortsOf(YamlNode? ports)
    {
        foreach (var item in ports?.Items ?? [])
        {
            if (item["containerPort"] is YamlScalar scalar && int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                yield return new ContainerPort(number, item["name"]?.Text, scalar);
            }
        }
    }
}

/// <summary>A pod spec: containers (init containers apart), host namespaces and volumes.</summary>
public sealed class PodSpec
{
    internal PodSpec(YamlNode node, IReadOnlyList<Container>? extra = null)
    {
        Node = node;
        Containers = [.. (node["containers"]?.Items ?? []).Select(c => new Container(c, "container")), .. extra ?? []];
        InitContainers = [.. (node["initContainers"]?.Items ?? []).Select(c => new Container(c, "initContainer"))];
        HostNetwork = node["hostNetwork"] as YamlScalar;
        SecurityContext = node["securityContext"];
        Volumes = node["volumes"]?.Items ?? [];
    }

    public YamlNode Node { get; }

    public IReadOnlyList<Container> Containers { get; }

    public IReadOnlyList<Container> InitContainers { get; }

    public YamlScalar? HostNetwork { get; }

    public YamlNode? SecurityContext { get; }

    public IReadOnlyList<YamlNode> Volumes { get; }

    /// <summary>The hostPath of the volume called <paramref name="name"/>, or null.</summary>
    public YamlNode? HostPathOf(string? name) =>
        name is null ? null : Volumes.FirstOrDefault(v => v["name"]?.Text == name)?["hostPath"];
}

/// <summary>
/// Something that runs pods: a Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, a KServe predictor, a
/// ServingRuntime, a Seldon predictor, a Ray head or worker group. <see cref="PodLabels"/> are what Services select.
/// </summary>
/// <param name="Part">Which part of the owner runs the pod (<c>predictor</c>, <c>headGroupSpec</c>…), or null.</param>
public sealed record Workload(KubernetesObject Owner, string? Part, PodSpec Pod, IReadOnlyDictionary<string, string> PodLabels)
{
    /// <summary><c>Deployment/vllm</c>, <c>InferenceService/llama (predictor)</c>.</summary>
    public string DisplayName => Owner.DisplayName + (Part is null ? string.Empty : " (" + Part + ")");
}
