using System.Text.Json;
using ThreatLint.Catalog;

namespace ThreatLint.Cli.Tests;

/// <summary>
/// <c>threatlint scan</c> end to end with the container-image detectors (TL4001, TL4002) on a model-serving
/// Dockerfile. Asserts ids, severities, positions and mappings, not the wording of messages.
/// </summary>
public class DockerfileScanTests
{
    private static TempRepo VulnerableService() => TempRepo.CleanService()
        .With(
            "serving/gpu/Dockerfile",
            """
            FROM python:latest
            WORKDIR /srv
            COPY model/ ./model/
            RUN pip install --no-cache-dir torchserve==0.12.0
            CMD ["torchserve", "--start", "--foreground"]

            """);

    [Test]
    public void Unpinned_root_image_is_reported_with_high_and_medium_findings()
    {
        using var repo = VulnerableService();

        var run = CliRun.Of("scan", repo.Root);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.OutLines, Has.Count.EqualTo(4));
            Assert.That(run.OutLines, Has.Some.StartsWith("serving/gpu/Dockerfile(1,").And.Contain(": warning TL4002: "));
            Assert.That(run.OutLines, Has.Some.StartsWith("serving/gpu/Dockerfile(").And.Contain(": warning TL4001: "));
            Assert.That(run.OutLines, Has.Some.Contain("[ATLAS AML.T0010.004, AML.T0010.001]"));
            Assert.That(run.OutLines[^1], Does.StartWith("2 findings (0 critical, 1 high, 1 medium, 0 low) in 3 files scanned, "));
        });
    }

    [TestCase("critical", 0, "warning", "warning")]
    [TestCase("high", 1, "error", "warning")]
    [TestCase("medium", 1, "error", "error")]
    [TestCase("low", 1, "error", "error")]
    [TestCase("none", 0, "warning", "warning")]
    public void Fail_on_gates_at_the_threshold(string failOn, int exitCode, string tl4002, string tl4001)
    {
        using var repo = VulnerableService();

        var run = CliRun.Of("scan", repo.Root, "--fail-on", failOn);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(exitCode), run.ToString());
            Assert.That(run.OutLines, Has.Some.Contain($": {tl4002} TL4002: "));
            Assert.That(run.OutLines, Has.Some.Contain($": {tl4001} TL4001: "));
        });
    }

    [Test]
    public void Json_findings_carry_the_catalog_mappings()
    {
        using var repo = VulnerableService();

        var run = CliRun.Of("scan", repo.Root, "--format", "json", "--fail-on", "high");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("ruleId").GetString()!);
        Assert.That(findings.Keys, Is.EquivalentTo(new[] { "TL4001", "TL4002" }));
        Assert.Multiple(() =>
        {
            foreach (var (id, expectedSeverity) in new[] { ("TL4001", "medium"), ("TL4002", "high") })
            {
                var finding = findings[id];
                var rule = Catalog.Rules.Find(id)!;
                Assert.That(finding.GetProperty("path").GetString(), Is.EqualTo("serving/gpu/Dockerfile"), id);
                Assert.That(finding.GetProperty("severity").GetString(), Is.EqualTo(expectedSeverity), id);
                Assert.That(finding.GetProperty("slug").GetString(), Is.EqualTo(rule.Slug), id);
                Assert.That(finding.GetProperty("atlas").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(rule.Atlas), id);
                Assert.That(finding.GetProperty("stride").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(rule.Stride.Letters()), id);
                Assert.That(finding.GetProperty("message").GetString(), Does.Contain("python:latest"), id);
            }
        });
        Assert.That(json.RootElement.GetProperty("stats").GetProperty("findingsBySeverity").GetProperty("high").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public void Fixing_the_dockerfile_makes_the_gate_pass()
    {
        using var repo = VulnerableService();
        Assert.That(CliRun.Of("scan", repo.Root, "--fail-on", "medium").ExitCode, Is.EqualTo(1));

        var example = Catalog.Rules.ImageRunsAsRoot.Example!;
        repo.With("serving/gpu/Dockerfile", example.Passing);

        var run = CliRun.Of("scan", repo.Root, "--fail-on", "medium");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.StartWith("No findings in 3 files scanned"));
    }
}
