using System.Text.Json;
using System.Text.RegularExpressions;
using ThreatLint.Catalog;

namespace ThreatLint.Cli.Tests;

/// <summary><c>scan --format json</c> against the schema in DESIGN.md and docs/json-schema.md.</summary>
public class JsonOutputTests
{
    private static readonly string[] FindingFields =
    [
        "ruleId", "slug", "severity", "confidence", "path", "line", "column", "endLine", "endColumn", "message",
        "fingerprint", "atlas", "owasp", "stride", "helpUri", "suppressed",
    ];

    [Test]
    public void Has_every_field_of_the_schema_with_its_type()
    {
        using var repo = TempRepo.WithLowFinding();

        var run = CliRun.Of("scan", repo.Root, "--format", "json");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("schemaVersion").GetString(), Is.EqualTo("1.1"));
            Assert.That(root.GetProperty("tool").GetProperty("name").GetString(), Is.EqualTo("ThreatLint"));
            Assert.That(root.GetProperty("tool").GetProperty("version").GetString(), Does.Match(@"^\d+\.\d+\.\d+"));
            Assert.That(root.GetProperty("root").GetString(), Is.EqualTo(Path.GetFullPath(repo.Root).Replace('\\', '/')));
            Assert.That(root.GetProperty("findings").GetArrayLength(), Is.EqualTo(1));
        });

        var finding = root.GetProperty("findings")[0];
        Assert.That(finding.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(FindingFields));
        Assert.Multiple(() =>
        {
            Assert.That(finding.GetProperty("ruleId").GetString(), Is.EqualTo("TL9002"));
            Assert.That(finding.GetProperty("slug").GetString(), Is.EqualTo("file-skipped-limit"));
            Assert.That(finding.GetProperty("severity").GetString(), Is.EqualTo("low"));
            Assert.That(finding.GetProperty("confidence").GetString(), Is.AnyOf("high", "medium", "low"));
            Assert.That(finding.GetProperty("path").GetString(), Is.EqualTo("training/Dockerfile"));
            Assert.That(finding.GetProperty("line").GetInt32(), Is.EqualTo(1));
            Assert.That(finding.GetProperty("column").GetInt32(), Is.EqualTo(1));
            Assert.That(finding.GetProperty("endLine").GetInt32(), Is.GreaterThanOrEqualTo(1));
            Assert.That(finding.GetProperty("endColumn").GetInt32(), Is.GreaterThanOrEqualTo(1));
            Assert.That(finding.GetProperty("message").GetString(), Does.Contain("4194305 bytes"));
            Assert.That(finding.GetProperty("fingerprint").GetString(), Does.Match("^[0-9a-f]{32}(/[0-9]+)?$"));
            Assert.That(finding.GetProperty("atlas").ValueKind, Is.EqualTo(JsonValueKind.Array));
            Assert.That(finding.GetProperty("owasp").ValueKind, Is.EqualTo(JsonValueKind.Array));
            Assert.That(finding.GetProperty("stride").ValueKind, Is.EqualTo(JsonValueKind.Array));
            Assert.That(finding.GetProperty("helpUri").GetString(), Does.EndWith("/TL9002.md"));
            Assert.That(finding.GetProperty("suppressed").GetBoolean(), Is.False);
        });

        var stats = root.GetProperty("stats");
        Assert.Multiple(() =>
        {
            Assert.That(stats.GetProperty("filesDiscovered").GetInt32(), Is.EqualTo(3));
            Assert.That(stats.GetProperty("filesScanned").GetInt32(), Is.EqualTo(3));
            Assert.That(stats.GetProperty("durationMs").GetInt64(), Is.GreaterThanOrEqualTo(0));
            var bySeverity = stats.GetProperty("findingsBySeverity");
            Assert.That(bySeverity.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "critical", "high", "medium", "low" }));
            Assert.That(bySeverity.GetProperty("low").GetInt32(), Is.EqualTo(1));
        });
    }

    [Test]
    public void Taxonomy_arrays_hold_the_rule_mappings()
    {
        // TL9002 maps to nothing; the arrays are still present and empty rather than missing.
        using var repo = TempRepo.WithLowFinding();

        using var json = JsonDocument.Parse(CliRun.Of("scan", repo.Root, "-f", "json").Out);

        var finding = json.RootElement.GetProperty("findings")[0];
        Assert.That(finding.GetProperty("atlas").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(Catalog.Rules.FileSkippedLimit.Atlas));
        Assert.That(finding.GetProperty("stride").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void Clean_repository_has_an_empty_findings_array()
    {
        using var repo = TempRepo.CleanService();

        var run = CliRun.Of("scan", repo.Root, "--format", "json", "--fail-on", "low");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        Assert.That(json.RootElement.GetProperty("findings").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void Fail_on_sets_the_exit_code_for_json_as_for_text()
    {
        using var repo = TempRepo.WithLowFinding();

        Assert.That(CliRun.Of("scan", repo.Root, "--format", "json", "--fail-on", "low").ExitCode, Is.EqualTo(1));
        Assert.That(CliRun.Of("scan", repo.Root, "--format", "json", "--fail-on", "medium").ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void Output_writes_the_json_file_and_nothing_to_stdout()
    {
        using var repo = TempRepo.WithLowFinding();
        var file = repo.PathOf("artifacts/threatlint.json");

        var run = CliRun.Of("scan", repo.Root, "--format", "json", "--output", file);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Is.Empty);
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        Assert.That(json.RootElement.GetProperty("findings")[0].GetProperty("path").GetString(), Is.EqualTo("training/Dockerfile"));
    }

    [Test]
    public void Is_byte_identical_across_runs_apart_from_the_duration()
    {
        using var repo = TempRepo.WithLowFinding().WithOversizedDockerfile("a/Dockerfile").WithOversizedDockerfile("b/c/Dockerfile.gpu");

        var first = CliRun.Of("scan", repo.Root, "--format", "json").Out;
        var second = CliRun.Of("scan", repo.Root, "--format", "json").Out;

        static string Stable(string json) => Regex.Replace(json, "\"durationMs\": \\d+", "\"durationMs\": 0");
        Assert.That(Stable(second), Is.EqualTo(Stable(first)));
        using var parsed = JsonDocument.Parse(first);
        Assert.That(
            parsed.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("path").GetString()),
            Is.EqualTo(new[] { "a/Dockerfile", "b/c/Dockerfile.gpu", "training/Dockerfile" }));
    }
}
