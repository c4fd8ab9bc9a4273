using ThreatLint.Documents.Dockerfile;
using ThreatLint.Findings;
using ThreatLint.Rules;

namespace ThreatLint.Core.Tests.Rules;

/// <summary>Runs rules on a document the way the scanner does, and hands back what they reported.</summary>
internal static class RuleRunner
{
    public static IReadOnlyList<Finding> Run(IDockerfileRule rule, string dockerfile, string path = "Dockerfile") =>
        Run([rule], dockerfile, path);

    public static IReadOnlyList<Finding> Run(IEnumerable<IDockerfileRule> rules, string dockerfile, string path = "Dockerfile")
    {
        var findings = new List<Finding>();
        var context = new RuleContext(path, findings);
        var document = DockerfileDocument.Parse(dockerfile);
        foreach (var rule in rules)
        {
            rule.Check(document, context);
        }

        return findings;
    }

    /// <summary>Findings as <c>TL4001@12</c>, ordered by line then id: compact to compare in an assert.</summary>
    public static IReadOnlyList<string> Lines(this IEnumerable<Finding> findings) =>
        [.. findings.OrderBy(f => f.Span.Line).ThenBy(f => f.RuleId, StringComparer.Ordinal).Select(f => f.RuleId + "@" + f.Span.Line)];
}
