namespace ThreatLint.Core.Tests.Pipelines;

public class MalformedPipelineTests
{
    [Test]
    public void A_malformed_workflow_is_TL9001_at_its_line_and_the_scan_goes_on()
    {
        var root = Directory.CreateTempSubdirectory("threatlint-pipelines-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, ".github", "workflows"));
            File.WriteAllText(Path.Combine(root, ".github", "workflows", "broken.yml"), "on: push\njobs:\n  build:\n    steps:\n      - run: echo \"a: ${{ github.sha }}\n      - run: [unclosed\n");
            File.WriteAllText(Path.Combine(root, ".github", "workflows", "ok.yml"), "on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n");
            var findings = Scanner.Scan(new ScanOptions(root)).Findings;
            Assert.Multiple(() =>
            {
                var broken = findings.Single(f => f.Path == ".github/workflows/broken.yml");
                Assert.That(broken.RuleId, Is.EqualTo("TL9001"));
                Assert.That(broken.Span.Line, Is.GreaterThanOrEqualTo(5));
                Assert.That(findings.Where(f => f.Path == ".github/workflows/ok.yml").Select(f => f.RuleId), Is.EqualTo(new[] { "TL3001" }));
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
