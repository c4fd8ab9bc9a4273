using ThreatLint.Findings;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ThreatLint.Policy;

/// <summary>
/// Reads the <c>threatlint.io/ignore: "TL2001,TL2005"</c> annotation of Kubernetes objects: a YAML document whose
/// root mapping has <c>apiVersion</c> and <c>kind</c>. The annotation covers the object's lines, so a finding anywhere
/// in that resource (a container, a port, an env var) is suppressed; other documents of the same file are not.
/// Only files that mention the annotation are parsed (once more, with YamlDotNet; aliases are not expanded).
/// </summary>
public static class KubernetesAnnotations
{
    public const string Annotation = "threatlint.io/ignore";

    /// <summary>The annotation directives of a YAML text and the malformed ones (unknown rule ids).</summary>
    public static (IReadOnlyList<SuppressionDirective> Directives, IReadOnlyList<DirectiveProblem> Problems) Read(string text)
    {
        var directives = new List<SuppressionDirective>();
        var problems = new List<DirectiveProblem>();
        if (text.IndexOf(Annotation, StringComparison.Ordinal) < 0)
        {
            return (directives, problems);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException)
        {
            return (directives, problems); // the YAML parser of the scan reports the file as TL9001
        }

        for (var index = 0; index < stream.Documents.Count; index++)
        {
            var document = stream.Documents[index];
            if (document.RootNode is not YamlMappingNode root
                || !Has(root, "apiVersion")
                || !Has(root, "kind")
                || Child(root, "metadata") is not YamlMappingNode metadata
                || Child(metadata, "annotations") is not YamlMappingNode annotations
                || Child(annotations, Annotation) is not YamlScalarNode { Value: { } value } node)
            {
                continue;
            }

            var line = (int)node.Start.Line;
            var column = (int)node.Start.Column;
            var ids = new List<string>();
            foreach (var word in value.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (Catalog.Rules.Find(word) is { } rule)
                {
                    ids.Add(rule.Id);
                }
                else
                {
                    problems.Add(new DirectiveProblem(line, column, value.Length, $"unknown rule '{word}' in the {Annotation} annotation; list rule ids such as \"TL2001,TL2005\""));
                }
            }

            if (ids.Count > 0)
            {
                // The object's last line: up to where the next document starts, or the end of the text (the
                // representation model's end marks are not reliable for block collections).
                var last = index + 1 < stream.Documents.Count ? (int)stream.Documents[index + 1].RootNode.Start.Line - 1 : int.MaxValue;
                directives.Add(new SuppressionDirective(SuppressionKind.Annotation, line, column, value.Length, ids, string.Empty, (int)root.Start.Line, last));
            }
        }

        return (directives, problems);
    }

    private static bool Has(YamlMappingNode mapping, string key) => Child(mapping, key) is not null;

    private static YamlNode? Child(YamlMappingNode mapping, string key)
    {
        foreach (var pair in mapping.Children)
        {
            if (pair.Key is YamlScalarNode { Value: { } name } && name == key)
            {
                return pair.Value;
            }
        }

        return null;
    }
}
