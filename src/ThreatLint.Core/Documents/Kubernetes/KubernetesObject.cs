using ThreatLint.Documents.Yaml;
using ThreatLint.Findings;

namespace ThreatLint.Documents.Kubernetes;

/// <summary>
/// A Kubernetes object of a manifest, recognised by its <c>apiVersion</c> and <c>kind</c>: the identity every serving
/// view starts from (a Deployment, an Ingress, a KServe InferenceService…), with the positions rules report at.
/// </summary>
public sealed class KubernetesObject
{
    internal KubernetesObject(YamlMapping node, string apiVersion, string kind, int document)
    {
        Node = node;
        ApiVersion = apiVersion;
        Kind = kind;
        Document = document;
        var metadata = node["metadata"];
        Name = AsWritten(metadata?["name"]);
        Namespace = metadata?["namespace"]?.Text;
        Labels = StringMap(metadata?["labels"]);
        Annotations = StringMap(metadata?["annotations"]);
        AnnotationsNode = metadata?["annotations"];
        Spec = node["spec"];
    }

    public YamlMapping Node { get; }

    /// <summary><c>apps/v1</c>, <c>serving.kserve.io/v1beta1</c>, <c>v1</c>…</summary>
    public string ApiVersion { get; }

    /// <summary>The API group: the part of <see cref="ApiVersion"/> before '/', empty for the core group.</summary>
    public string Group => ApiVersion.IndexOf('/') is var slash and > 0 ? ApiVersion.Substring(0, slash) : string.Empty;

    public string Kind { get; }

    /// <summary>The index of the YAML document (in a multi-document stream) that holds the object.</summary>
    public int Document { get; }

    /// <summary>metadata.name; null when missing or templated away.</summary>
    public string? Name { get; }

    /// <summary>metadata.namespace; null when not set (the namespace is chosen at apply time).</summary>
    public string? Namespace { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public IReadOnlyDictionary<string, string> Annotations { get; }

    internal YamlNode? AnnotationsNode { get; }

    public YamlNode? Spec { get; }

    /// <summary><c>Kind/name</c>, as kubectl shows it.</summary>
    public string DisplayName => Kind + "/" + (Name ?? "(unnamed)");

    /// <summary>Where to report about the object as a whole: its name, else its kind.</summary>
    public SourceSpan Span => (Node["metadata"]?["name"] ?? Node["kind"] ?? Node).Span;

    /// <summary>The value of an annotation, or null.</summary>
    public string? Annotation(string key) => Annotations.TryGetValue(key, out var value) ? value : null;

    /// <summary>The node of an annotation's value (to report at), or null.</summary>
    public YamlNode? AnnotationNode(string key) => AnnotationsNode?[key];

    /// <summary>True when the object is of <paramref name="group"/> (any version) and <paramref name="kind"/>.</summary>
    public bool Is(string group, string kind) => Kind == kind && Group == group;

    /// <summary>
    /// A scalar's text; in a chart template, where an action was masked to a <c>${____}</c> placeholder, the text as
    /// written (<c>{{ include "x.fullname" . }}</c>), which says more in a message.
    /// </summary>
    private static string? AsWritten(YamlNode? node)
    {
        var text = node?.Text;
        if (text is null || text.IndexOf("${_", StringComparison.Ordinal) < 0)
        {
            return text;
        }

        var written = node!.Source.Text.Substring(node.Offset, Math.Min(node.EndOffset, node.Source.Text.Length) - node.Offset).Trim();
        return written.Length is > 0 and <= 80 ? written.Trim('"', '\'') : text;
    }

    /// <summary>The string entries of a mapping (labels, annotations, selectors); non-scalar values are left out.</summary>
    internal static IReadOnlyDictionary<string, string> StringMap(YamlNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in node?.Entries ?? [])
        {
            if (entry.KeyText is { } key && entry.Value is YamlScalar scalar)
            {
                map[key] = scalar.Value;
            }
        }

        return map;
    }
}
