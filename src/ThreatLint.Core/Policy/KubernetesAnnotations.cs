using ThreatLint.Documents.Yaml;
using ThreatLint.Findings;

namespace ThreatLint.Policy;

/// <summary>
/// Reads the <c>threatlint.io/ignore: "TL2001,TL2005"</c> annotation of Kubernetes objects in the YAML document
/// model: a document whose root mapping has <c>apiVersion</c> and <c>kind</c>. The annotation covers the document's
/// lines, so a finding anywhere in that resource (a container, a port, an env var) is suppressed; other documents of
/// the same stream are not.
/// </summary>
public static class KubernetesAnnotations
{
    public const string Annotation = "threatlint.io/ignore";

    /// <summary>Parses the text first (only when it mentions the annotation); the scanner passes its parsed file instead.</summary>
    public static (IReadOnlyList<SuppressionDirective> Directives, IReadOnlyList<DirectiveProblem> Problems) Read(string text) =>
        text.IndexOf(Annotation, StringComparison.Ordinal) < 0 ? ([], []) : Read(YamlFile.Parse(text));

    /// <summary>The annotation directives of a parsed YAML file and the malformed ones (unknown rule ids).</summary>
    public static (IReadOnlyList<SuppressionDirective> Directives, IReadOnlyList<DirectiveProblem> Problems) Read(YamlFile file)
    {
        var directives = new List<SuppressionDirective>();
        var problems = new List<DirectiveProblem>();
        if (file.Text.IndexOf(Annotation, StringComparison.Ordinal) < 0)
        {
            return (directives, problems);
        }

        foreach (var document in file.Documents)
        {
            if (document.Root is not YamlMapping root
                || !root.Has("apiVersion")
                || !root.Has("kind")
                || root["metadata"]?["annotations"]?[Annotation] is not YamlScalar { IsNull: false } node)
            {
                continue;
            }

            var span = node.Span;
            var ids = new List<string>();
            foreach (var word in node.Value.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (Catalog.Rules.Find(word) is { } rule)
                {
                    ids.Add(rule.Id);
                }
                else
                {
                    problems.Add(new DirectiveProblem(span.Line, span.Column, Math.Max(1, span.EndColumn - span.Column), $"unknown rule '{word}' in the {Annotation} annotation; list rule ids such as \"TL2001,TL2005\""));
                }
            }

            if (ids.Count > 0)
            {
                directives.Add(new SuppressionDirective(SuppressionKind.Annotation, span.Line, span.Column, Math.Max(1, span.EndColumn - span.Column), ids, string.Empty, document.StartLine, document.EndLine));
            }
        }

        return (directives, problems);
    }
}
