using Microsoft.CodeAnalysis;
using ThreatLint.Catalog;

namespace ThreatLint.Analyzers;

/// <summary>Turns catalog rules into Roslyn descriptors: the catalog stays the single source of rule metadata.</summary>
internal static class Descriptors
{
    public const string Category = "Security";

    /// <param name="id">
    /// The rule id again, as a constant: release tracking (AnalyzerReleases.*.md) reads it from the call site.
    /// </param>
    /// <param name="rule">The catalog rule; everything else comes from here.</param>
    /// <param name="compilationEnd">
    /// Reported from a compilation end action (a fact about the whole compilation decides): the IDE then shows it
    /// only with full solution analysis, and Roslyn requires the tag.
    /// </param>
    public static DiagnosticDescriptor Create(string id, RuleDescriptor rule, bool compilationEnd = false) => new(
        id: id == rule.Id ? id : throw new ArgumentException($"{id} does not match the catalog rule {rule.Id}", nameof(id)),
        title: rule.Title,
        messageFormat: rule.TaxonomyTag.Length == 0 ? rule.MessageFormat : rule.MessageFormat + " " + rule.TaxonomyTag,
        category: Category,
        // Roslyn has no "critical"; the catalog severity drives the task's gate, the IDE shows every rule as a warning.
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: rule.IsImplemented,
        description: rule.Description + " " + rule.Remediation,
        helpLinkUri: rule.HelpUri,
        customTags: [.. CustomTags(rule, compilationEnd)]);

    private static IEnumerable<string> CustomTags(RuleDescriptor rule, bool compilationEnd)
    {
        if (compilationEnd)
        {
            yield return WellKnownDiagnosticTags.CompilationEnd;
        }

        yield return "ThreatLint";
        yield return rule.Family.ToString();
        foreach (var technique in rule.Atlas)
        {
            yield return technique;
        }
    }
}
