using ThreatLint.Catalog;
using ThreatLint.Taxonomy;

namespace ThreatLint.Cli.Tests;

public class ExplainCommandTests
{
    [Test]
    public void Explains_a_rule_by_id_with_every_mapping_named()
    {
        var run = CliRun.Of("explain", "TL4001");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var rule = Catalog.Rules.ImageRunsAsRoot;
        Assert.Multiple(() =>
        {
            Assert.That(run.OutLines[0], Is.EqualTo("TL4001 image-runs-as-root: Image runs as root"));
            Assert.That(run.Out, Does.Contain("Severity: medium"));
            Assert.That(run.Out, Does.Contain("Status:   implemented"));
            Assert.That(run.Out, Does.Contain("Help:     " + rule.HelpUri));
            Assert.That(run.Out, Does.Contain("AML.T0049  " + Taxonomies.Atlas.FindTechnique("AML.T0049")!.DisplayName));
            Assert.That(run.Out, Does.Contain("E  Elevation of Privilege"));
            Assert.That(run.Out, Does.Contain("AML.M0005  " + Taxonomies.Atlas.FindMitigation("AML.M0005")!.Name));
            Assert.That(Flatten(run.Out), Does.Contain(rule.Description).And.Contain(rule.Remediation));
            Assert.That(run.Out, Does.Contain("Example: Dockerfile on which the rule fires").And.Contain("    USER 10001"));
        });
    }

    [Test]
    public void Slug_and_id_give_the_same_explanation_in_any_case()
    {
        var byId = CliRun.Of("explain", "TL4001");

        Assert.That(CliRun.Of("explain", "image-runs-as-root").Out, Is.EqualTo(byId.Out));
        Assert.That(CliRun.Of("explain", "tl4001").Out, Is.EqualTo(byId.Out));
    }

    [Test]
    public void Names_owasp_entries()
    {
        var run = CliRun.Of("explain", "trust-remote-code");

        Assert.That(run.ExitCode, Is.EqualTo(0));
        Assert.That(run.Out, Does.Contain("OWASP Top 10 for LLM Applications 2025").And.Contain("LLM03  " + Taxonomies.Owasp.Find("LLM03")!.Name));
        Assert.That(run.Out, Does.Contain("Status:   implemented"));
    }

    [Test]
    public void Every_rule_explains_and_every_mapping_is_in_the_embedded_taxonomies()
    {
        Assert.Multiple(() =>
        {
            foreach (var rule in Catalog.Rules.All)
            {
                var run = CliRun.Of("explain", rule.Id);
                Assert.That(run.ExitCode, Is.EqualTo(0), rule.Id);
                Assert.That(run.Out, Does.Not.Contain("not in the embedded catalog"), rule.Id);
            }
        });
    }

    [Test]
    public void Unknown_rule_is_exit_2()
    {
        var run = CliRun.Of("explain", "TL0000");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Out, Is.Empty);
        Assert.That(run.Error, Does.StartWith("threatlint: error: unknown rule 'TL0000'; ids run TL1001 to TL9004, run 'threatlint rules' to list them"));
    }

    [Test]
    public void Missing_rule_is_exit_2()
    {
        var run = CliRun.Of("explain");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.StartWith("threatlint: error: explain needs a rule id or slug"));
    }

    /// <summary>The explanation wraps paragraphs; joining the lines back gives the catalog text.</summary>
    private static string Flatten(string text) => string.Join(' ', text.Split('\n').Select(l => l.Trim()));
}
