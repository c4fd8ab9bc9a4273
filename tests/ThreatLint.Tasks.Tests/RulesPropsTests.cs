using System.Text;
using ThreatLint.Catalog;

namespace ThreatLint.Tasks.Tests;

/// <summary>
/// build/ThreatLint.Rules.props lists rule ids per severity for the MSBuild gates. It is generated from
/// the catalog; this test fails when it drifts (THREATLINT_UPDATE_DOCS=1 rewrites it).
/// </summary>
public class RulesPropsTests
{
    [Test]
    public void Rules_props_is_generated_from_the_catalog()
    {
        var path = Path.Combine(RepoPaths.Root, "build", "ThreatLint.Rules.props");
        var expected = Generate();
        if (Environment.GetEnvironmentVariable("THREATLINT_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.That(File.ReadAllText(path), Is.EqualTo(expected), "build/ThreatLint.Rules.props is stale: run the tests with THREATLINT_UPDATE_DOCS=1");
    }

    internal static string Generate()
    {
        static string Ids(IEnumerable<RuleDescriptor> rules) => string.Join(";", rules.Select(r => r.Id));
        var analyzer = Catalog.Rules.All.Where(r => r.Family == RuleFamily.CSharpCode).ToList();
        var sb = new StringBuilder();
        sb.Append("<Project>\n");
        sb.Append("  <!-- GENERATED from src/ThreatLint.Catalog/Rules.cs by RulesPropsTests; do not edit. -->\n");
        sb.Append("  <PropertyGroup>\n");
        sb.Append("    <!-- Reported by the MSBuild task. -->\n");
        sb.Append("    <ThreatLintTaskCodes>").Append(Ids(Catalog.Rules.All.Where(r => r.Family != RuleFamily.CSharpCode))).Append("</ThreatLintTaskCodes>\n");
        sb.Append("    <!-- Reported by the Roslyn analyzer, by default severity (for ThreatLintFailOn). -->\n");
        foreach (var severity in new[] { Severity.Critical, Severity.High, Severity.Medium, Severity.Low })
        {
            sb.Append("    <_ThreatLintAnalyzerCodes").Append(severity).Append('>')
                .Append(Ids(analyzer.Where(r => r.DefaultSeverity == severity)))
                .Append("</_ThreatLintAnalyzerCodes").Append(severity).Append(">\n");
        }

        sb.Append("  </PropertyGroup>\n</Project>\n");
        return sb.ToString();
    }
}
