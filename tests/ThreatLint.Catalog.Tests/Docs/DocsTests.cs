using System.Text;

namespace ThreatLint.Catalog.Tests.Docs;

/// <summary>The docs are generated from the catalog; these tests fail when they drift.</summary>
public sealed class DocsTests
{
    [Test]
    public void Docs_are_up_to_date()
    {
        var generated = DocsGenerator.Generate(File.ReadAllText(RepoPaths.Of("README.md"))).ToList();
        var changed = generated.Where(f => ReadOrNull(f.Path) != f.Content).ToList();
        var orphans = Directory.EnumerateFiles(RepoPaths.Of("docs/rules"), "TL*.md")
            .Select(path => "docs/rules/" + Path.GetFileName(path))
            .Except(generated.Select(f => f.Path), StringComparer.Ordinal)
            .ToList();

        if (Environment.GetEnvironmentVariable("THREATLINT_UPDATE_DOCS") == "1")
        {
            changed.ForEach(f => File.WriteAllText(RepoPaths.Of(f.Path), f.Content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)));
            orphans.ForEach(path => File.Delete(RepoPaths.Of(path)));
            TestContext.Out.WriteLine($"Wrote {changed.Count} and deleted {orphans.Count} file(s).");
            return;
        }

        Assert.That(
            changed.Select(f => f.Path).Concat(orphans.Select(path => path + " (no such rule)")),
            Is.Empty,
            $"The docs drifted from the rule catalog. Regenerate them with `{DocsGenerator.RegenerateHint}` and commit docs/ and README.md.");
    }

    [Test]
    public void Rule_page_names_taxonomies_and_shows_the_example()
    {
        var page = DocsGenerator.RulePage(Rules.ImageRunsAsRoot);

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("\n# TL4001 — Image runs as root\n"));
            Assert.That(page, Does.Contain("| MITRE ATLAS | [AML.T0049](https://atlas.mitre.org/techniques/AML.T0049) Exploit Public-Facing Application |"));
            Assert.That(page, Does.Contain("| ATLAS mitigation | [AML.M0005](https://atlas.mitre.org/mitigations/AML.M0005) Control Access to AI Models and Data at Rest |"));
            Assert.That(page, Does.Contain("| STRIDE | Elevation of Privilege |"));
            Assert.That(page, Does.Contain("| Status | implemented |"));
            Assert.That(page, Does.Contain("```dockerfile\nFROM python:3.12-slim"));
            Assert.That(page, Does.Contain("# threatlint-ignore TL4001: reason"));
            Assert.That(page, Does.Contain("MITRE ATLAS 5.6.0 (Apache-2.0)").And.Contain("OWASP Top 10 for LLM Applications 2025 (CC BY-SA 4.0)"));
            Assert.That(page, Does.Not.Contain("\r"));
            Assert.That(DocsGenerator.RulePage(Rules.AiApiKeyHardcoded), Does.Contain("```csharp\nusing System.ClientModel;").And.Contain("#pragma warning disable TL5008"));
            Assert.That(DocsGenerator.RulePage(Rules.PickleCodeExecution), Does.Contain("| Status | implemented |").And.Contain("AI Supply Chain Compromise: Model").And.Not.Contain("## Example"));
            Assert.That(DocsGenerator.RulePage(Rules.PipelineDependencyUnpinned), Does.Contain("| Status | implemented |").And.Contain("AI Supply Chain Compromise: AI Software"));
            if (Rules.All.FirstOrDefault(r => !r.IsImplemented) is { } planned)
            {
                Assert.That(DocsGenerator.RulePage(planned), Does.Contain("planned (documented, not reported yet)"));
            }
        });
    }

    [Test]
    public void Readme_block_is_replaced_between_the_markers_only()
    {
        var readme = $"# X\n\n{DocsGenerator.ReadmeStart}\nold\n{DocsGenerator.ReadmeEnd}\ntail\n";

        Assert.Multiple(() =>
        {
            Assert.That(DocsGenerator.SpliceReadme(readme, "new\n"), Is.EqualTo($"# X\n\n{DocsGenerator.ReadmeStart}\nnew\n{DocsGenerator.ReadmeEnd}\ntail\n"));
            Assert.That(() => DocsGenerator.SpliceReadme("# X\n", "new\n"), Throws.InvalidOperationException);
        });
    }

    private static string? ReadOrNull(string path) =>
        File.Exists(RepoPaths.Of(path)) ? File.ReadAllText(RepoPaths.Of(path)).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
}
