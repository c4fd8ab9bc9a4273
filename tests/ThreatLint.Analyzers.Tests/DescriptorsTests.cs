using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatLint.Analyzers.Rules;

namespace ThreatLint.Analyzers.Tests;

public sealed class DescriptorsTests
{
    private static readonly Catalog.RuleDescriptor Rule = Catalog.Rules.AiApiKeyHardcoded;

    [Test]
    public void Carries_the_catalog_metadata()
    {
        var descriptor = AiApiKeyHardcodedAnalyzer.Rule;

        Assert.Multiple(() =>
        {
            Assert.That(descriptor.Id, Is.EqualTo(Rule.Id));
            Assert.That(descriptor.Title.ToString(CultureInfo.InvariantCulture), Is.EqualTo(Rule.Title));
            Assert.That(descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture), Is.EqualTo(Rule.MessageFormat + " [ATLAS AML.T0055; OWASP LLM02]"));
            Assert.That(descriptor.Category, Is.EqualTo("Security"));
            Assert.That(descriptor.DefaultSeverity, Is.EqualTo(DiagnosticSeverity.Warning));
            Assert.That(descriptor.IsEnabledByDefault, Is.True);
            Assert.That(descriptor.HelpLinkUri, Is.EqualTo(Rule.HelpUri));
            Assert.That(descriptor.Description.ToString(CultureInfo.InvariantCulture), Does.Contain(Rule.Remediation));
            Assert.That(descriptor.CustomTags, Is.EqualTo(new[] { "ThreatLint", "CSharpCode", "AML.T0055" }));
        });
    }

    [Test]
    public void Planned_rules_are_disabled_by_default()
    {
        // Every catalog rule is implemented today; a rule added as planned must not be reported until it is.
        var planned = new Catalog.RuleDescriptor(
            "TL5099", "planned-example", "A planned rule", "{0}", Catalog.Severity.Low, [], [], Catalog.Stride.None, null, "Not yet.", "Nothing yet.");

        Assert.That(Descriptors.Create(planned.Id, planned).IsEnabledByDefault, Is.False);
    }

    [Test]
    public void The_id_must_match_the_catalog() =>
        Assert.That(() => Descriptors.Create("TL5001", Rule), Throws.ArgumentException);

    [Test]
    public void Every_analyzer_reports_implemented_catalog_rules_with_their_help_link()
    {
        var analyzers = typeof(Descriptors).Assembly.GetTypes()
            .Where(t => t.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToList();

        Assert.That(analyzers, Is.Not.Empty);
        foreach (var descriptor in analyzers.SelectMany(a => a.SupportedDiagnostics))
        {
            var rule = Catalog.Rules.Find(descriptor.Id);
            Assert.That(rule, Is.Not.Null, descriptor.Id);
            Assert.Multiple(() =>
            {
                Assert.That(rule!.IsImplemented, descriptor.Id);
                Assert.That(descriptor.HelpLinkUri, Is.EqualTo(rule.HelpUri), descriptor.Id);
                Assert.That(descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture), Is.EqualTo(rule.MessageFormat + " " + rule.TaxonomyTag), descriptor.Id);
            });
        }
    }
}
