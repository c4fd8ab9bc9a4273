using System.Text.Json;
using ThreatLint.Configuration;

namespace ThreatLint.Cli.Tests;

/// <summary>scan --config/--baseline/--format sarif, and the baseline and init commands, end to end in-process.</summary>
public class GovernanceCommandTests
{
    private const string Dockerfile = "FROM python:3.12-slim\nCMD [\"python\", \"serve.py\"]\n";

    [Test]
    public void Scan_writes_SARIF_and_the_exit_code_follows_the_gate()
    {
        using var repo = new TempRepo().With("serving/Dockerfile", Dockerfile);

        var run = CliRun.Of("scan", repo.Root, "--format", "sarif", "--fail-on", "medium");

        using var sarif = JsonDocument.Parse(run.Out);
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(results.Select(r => r.GetProperty("ruleId").GetString()), Is.EquivalentTo(new[] { "TL4001", "TL4002" }));
            Assert.That(results.Select(r => r.GetProperty("level").GetString()), Is.All.EqualTo("error"));
        });
    }

    [Test]
    public void The_configuration_gate_applies_unless_fail_on_is_given()
    {
        using var repo = new TempRepo().With("Dockerfile", Dockerfile).With(".threatlint.yml", "failOn: medium\nrules:\n  TL4001: low\n");

        var configured = CliRun.Of("scan", repo.Root);
        var overridden = CliRun.Of("scan", repo.Root, "--fail-on", "high");

        Assert.Multiple(() =>
        {
            Assert.That(configured.ExitCode, Is.EqualTo(1), configured.ToString());
            Assert.That(configured.OutLines.Where(l => l.Contains(": error ", StringComparison.Ordinal)), Has.Exactly(1).Contains("TL4002"));
            Assert.That(configured.Out, Does.Contain("warning TL4001"));
            Assert.That(overridden.ExitCode, Is.EqualTo(0), overridden.ToString());
        });
    }

    [Test]
    public void An_invalid_configuration_is_reported_and_exit_2()
    {
        using var repo = new TempRepo().With("Dockerfile", Dockerfile).With("ci/threatlint.yml", "failOn: hihg\n");

        var run = CliRun.Of("scan", repo.Root, "--config", repo.PathOf("ci/threatlint.yml"));
        var missing = CliRun.Of("scan", repo.Root, "--config", repo.PathOf("nope.yml"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Out, Does.Contain("ci/threatlint.yml(1,9): warning TL9003: invalid value 'hihg' for 'failOn'; valid choices: critical, high, medium, low, none"));
            Assert.That(run.Error, Does.Contain("configuration or baseline is invalid"));
            Assert.That(missing.ExitCode, Is.EqualTo(2));
            Assert.That(missing.Error, Does.StartWith("threatlint: error: --config ").And.Contain("does not exist"));
        });
    }

    [Test]
    public void Baseline_then_scan_fails_only_on_the_new_finding()
    {
        using var repo = new TempRepo().With("serving/Dockerfile", Dockerfile);

        var write = CliRun.Of("baseline", repo.Root);
        var clean = CliRun.Of("scan", repo.Root, "--fail-on", "low", "--baseline", repo.PathOf("threatlint.baseline.json"));
        var json = CliRun.Of("scan", repo.Root, "--format", "json", "--baseline", repo.PathOf("threatlint.baseline.json"));
        repo.With("serving/Dockerfile", "# moved\n" + Dockerfile + "ADD https://example.com/model.onnx /models/\n");
        var withNew = CliRun.Of("scan", repo.Root, "--fail-on", "low", "--baseline", repo.PathOf("threatlint.baseline.json"));

        Assert.Multiple(() =>
        {
            Assert.That(write.ExitCode, Is.EqualTo(0), write.ToString());
            Assert.That(write.Out, Does.Contain("2 findings written to " + repo.PathOf("threatlint.baseline.json")));
            Assert.That(clean.ExitCode, Is.EqualTo(0), clean.ToString());
            Assert.That(clean.Out, Does.Contain("info TL4001").And.Contain("info TL4002").And.Contain("2 suppressed findings not counted"));
            using var findings = JsonDocument.Parse(json.Out);
            Assert.That(
                findings.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("suppression").GetProperty("kind").GetString()),
                Is.EqualTo(new[] { "baseline", "baseline" }));
            Assert.That(withNew.ExitCode, Is.EqualTo(1), withNew.ToString());
            Assert.That(withNew.OutLines.Where(l => l.Contains(": error ", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]), Is.EqualTo(new[] { "serving/Dockerfile(4,5)" }));
        });
    }

    [Test]
    public void Baseline_goes_where_the_configuration_says_and_keeps_justifications()
    {
        using var repo = new TempRepo().With("Dockerfile", Dockerfile).With(".threatlint.yml", "baseline: security/accepted.json\n");
        CliRun.Of("baseline", repo.Root);
        var path = repo.PathOf("security/accepted.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"message\"", "\"justification\": \"SEC-12\",\n      \"message\"", StringComparison.Ordinal));

        var again = CliRun.Of("baseline", repo.Root);

        Assert.Multiple(() =>
        {
            Assert.That(again.ExitCode, Is.EqualTo(0));
            Assert.That(File.ReadAllText(path), Does.Contain("\"justification\": \"SEC-12\""));
            Assert.That(CliRun.Of("scan", repo.Root, "--fail-on", "low").ExitCode, Is.EqualTo(0), "the configured baseline applies to scans");
        });
    }

    [Test]
    public void Init_writes_a_starter_that_loads_cleanly_and_does_not_overwrite()
    {
        using var repo = new TempRepo();

        var first = CliRun.Of("init", repo.Root);
        var second = CliRun.Of("init", repo.Root);
        var forced = CliRun.Of("init", repo.Root, "--force");

        var path = repo.PathOf(".threatlint.yml");
        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.EqualTo(0));
            Assert.That(File.ReadAllText(path), Is.EqualTo(StarterConfig.Text));
            Assert.That(ConfigLoader.Load(path).Problems, Is.Empty);
            Assert.That(second.ExitCode, Is.EqualTo(2));
            Assert.That(second.Error, Does.Contain("already exists").And.Contain("--force"));
            Assert.That(forced.ExitCode, Is.EqualTo(0));
            Assert.That(CliRun.Of("scan", repo.Root).Out, Does.StartWith("No findings"), "the starter file itself is clean");
        });
    }
}
