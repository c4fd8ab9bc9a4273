using ThreatLint.Documents.Dockerfile;
using ThreatLint.Documents.Python;
using ThreatLint.Documents.Yaml;
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

    public static IReadOnlyList<Finding> RunPython(IPythonRule rule, string source, string path = "model.py") =>
        RunPython([rule], path.EndsWith(".ipynb", StringComparison.Ordinal) ? PythonDocument.ParseNotebook(source) : PythonDocument.Parse(source), path);

    public static IReadOnlyList<Finding> RunPython(IEnumerable<IPythonRule> rules, PythonDocument document, string path = "model.py")
    {
        var findings = new List<Finding>();
        var context = new RuleContext(path, findings);
        foreach (var rule in rules)
        {
            rule.Check(document, context);
        }

        return findings;
    }

    public static IReadOnlyList<Finding> RunYaml(IYamlRule rule, string yaml, string path = "deploy/manifest.yaml") =>
        RunYaml([rule], yaml, path);

    public static IReadOnlyList<Finding> RunYaml(IEnumerable<IYamlRule> rules, string yaml, string path = "deploy/manifest.yaml")
    {
        var findings = new List<Finding>();
        var context = new RuleContext(path, findings);
        var document = YamlFile.Parse(yaml);
        foreach (var rule in rules)
        {
            rule.Check(document, context);
        }

        return findings;
    }

    /// <summary>Findings as <c>TL4001@12</c>, ordered by line then id: compact to compare in an assert.</summary>
    public static IReadOnlyList<string> Lines(this IEnumerable<Finding> findings) =>
        [.. findings.OrderBy(f => f.Span.Line).ThenBy(f => f.RuleId, StringComparer.Ordinal).Select(f => f.RuleId + "@" + f.Span.Line)];

    /// <summary>Findings as <c>TL1013@12:5</c>, ordered by position then id.</summary>
    public static IReadOnlyList<string> Positions(this IEnumerable<Finding> findings) =>
        [.. findings.OrderBy(f => f.Span.Line).ThenBy(f => f.Span.Column).ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .Select(f => f.RuleId + "@" + f.Span.Line + ":" + f.Span.Column)];
}
