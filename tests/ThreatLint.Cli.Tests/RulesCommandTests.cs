using System.Text.Json;
using System.Text.RegularExpressions;
using ThreatLint.Catalog;

namespace ThreatLint.Cli.Tests;

public class RulesCommandTests
{
    [Test]
    public void Json_lists_every_catalog_rule_in_id_order()
    {
        var run = CliRun.Of("rules", "--format", "json");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var rules = json.RootElement.GetProperty("rules").EnumerateArray().ToList();
        Assert.That(rules.Select(r => r.GetProperty("id").GetString()), Is.EqualTo(Catalog.Rules.All.Select(r => r.Id)));
        Assert.Multiple(() =>
        {
            foreach (var (element, rule) in rules.Zip(Catalog.Rules.All))
            {
                Assert.That(element.GetProperty("slug").GetString(), Is.EqualTo(rule.Slug));
                Assert.That(element.GetProperty("title").GetString(), Is.EqualTo(rule.Title));
                Assert.That(element.GetProperty("severity").GetString(), Is.EqualTo(rule.DefaultSeverity.ToText()));
                Assert.That(element.GetProperty("status").GetString(), Is.EqualTo(rule.IsImplemented ? "implemented" : "planned"));
                Assert.That(element.GetProperty("atlas").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(rule.Atlas));
                Assert.That(element.GetProperty("owasp").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(rule.Owasp));
                Assert.That(element.GetProperty("helpUri").GetString(), Is.EqualTo(rule.HelpUri));
            }
        });
    }

    [Test]
    public void Text_has_one_line_per_rule_with_id_slug_severity_status_title_and_atlas()
    {
        var run = CliRun.Of("rules");

        Assert.That(run.ExitCode, Is.EqualTo(0));
        var line = run.OutLines.Single(l => l.StartsWith("TL4002 ", StringComparison.Ordinal));
        Assert.That(line, Does.Match(@"^TL4002 +base-image-unpinned +medium +implemented +Base image not pinned by digest +AML\.T0010\.004, AML\.T0010\.001$"));
        Assert.That(run.OutLines.Count(l => Regex.IsMatch(l, @"^TL\d{4} ")), Is.EqualTo(Catalog.Rules.All.Count));
        Assert.That(run.OutLines[^1], Does.Match(@$"^{Catalog.Rules.All.Count} rules, \d+ implemented, \d+ planned$"));
    }

    [Test]
    public void Markdown_is_a_table_with_a_row_per_rule()
    {
        var run = CliRun.Of("rules", "--format", "markdown");

        Assert.That(run.ExitCode, Is.EqualTo(0));
        Assert.That(run.OutLines[0], Is.EqualTo("| Id | Slug | Severity | Status | Title | ATLAS |"));
        Assert.That(run.OutLines, Has.Count.EqualTo(Catalog.Rules.All.Count + 2));
        Assert.That(run.Out, Does.Contain("| [TL4001](" + Catalog.Rules.ImageRunsAsRoot.HelpUri + ") | `image-runs-as-root` | medium |"));
    }

    [Test]
    public void Bad_format_and_stray_arguments_are_exit_2()
    {
        var badFormat = CliRun.Of("rules", "--format", "sarif");
        var stray = CliRun.Of("rules", "TL4001");

        Assert.That(badFormat.ExitCode, Is.EqualTo(2));
        Assert.That(badFormat.Error, Does.StartWith("threatlint: error: invalid value 'sarif' for --format; valid choices: text, json, markdown"));
        Assert.That(stray.ExitCode, Is.EqualTo(2));
        Assert.That(stray.Error, Does.StartWith("threatlint: error: 'rules' takes no arguments, but got 'TL4001'"));
    }
}
