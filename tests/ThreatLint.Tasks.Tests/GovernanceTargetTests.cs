using ThreatLint.MSBuild.Testing;

namespace ThreatLint.Tasks.Tests;

/// <summary>ThreatLintConfig, ThreatLintBaseline, ThreatLintWriteBaseline and ThreatLintSarifFile through the real targets.</summary>
[NonParallelizable]
public class GovernanceTargetTests
{
    private const string Dockerfile = """
        FROM python:3.12-slim
        WORKDIR /srv
        CMD ["python", "-m", "serve"]
        """;

    [Test]
    public void The_configuration_found_above_the_root_sets_severities_and_the_gate()
    {
        using var repo = new ConsumerRepository();
        repo.Write("Dockerfile", Dockerfile);
        repo.Write(".threatlint.yml", "failOn: high\nrules:\n  TL4001: off\n  TL4002: high\n");

        var outcome = Run(repo);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Success, Is.False);
            Assert.That(outcome.Errors.Select(e => e.Code), Is.EqualTo(new[] { "TL4002" }));
            Assert.That(outcome.Warnings.Select(w => w.Code), Does.Not.Contain("TL4001"));
        });
    }

    [Test]
    public void ThreatLintConfig_names_the_file_and_the_property_gate_wins_over_failOn()
    {
        using var repo = new ConsumerRepository();
        repo.Write("Dockerfile", Dockerfile);
        repo.Write("ci/strict.yml", "failOn: low\n");

        var configured = Run(repo, ("ThreatLintConfig", "../ci/strict.yml"));
        var overridden = Run(repo, ("ThreatLintConfig", "../ci/strict.yml"), ("ThreatLintFailOn", "none"));
        var missing = Run(repo, ("ThreatLintConfig", "nope.yml"));

        Assert.Multiple(() =>
        {
            Assert.That(configured.Errors.Select(e => e.Code), Is.SupersetOf(new[] { "TL4001", "TL4002" }));
            Assert.That(overridden.Success, Is.True);
            Assert.That(missing.Success, Is.False);
            Assert.That(missing.Errors.Single().Message, Does.Contain("ThreatLintConfig"));
        });
    }

    [Test]
    public void A_configuration_mistake_is_a_TL9003_warning_on_the_file_and_line()
    {
        using var repo = new ConsumerRepository();
        repo.Write("Dockerfile", Dockerfile);
        repo.Write(".threatlint.yml", "rules:\n  TL4001: loud\n");

        var problem = Run(repo).Warnings.Single(w => w.Code == "TL9003");

        Assert.Multiple(() =>
        {
            Assert.That((problem.File, problem.Line), Is.EqualTo((Path.Combine(repo.Root, ".threatlint.yml"), 2)));
            Assert.That(problem.Message, Does.Contain("valid choices: critical, high, medium, low, off"));
        });
    }

    [Test]
    public void Changing_the_configuration_invalidates_the_findings_cache()
    {
        using var repo = new ConsumerRepository();
        repo.Write("Dockerfile", Dockerfile);
        repo.Write(".threatlint.yml", "rules:\n  TL4001: medium\n");
        var first = Run(repo);

        repo.Write(".threatlint.yml", "rules:\n  TL4001: off\n");
        var second = Run(repo);

        Assert.Multiple(() =>
        {
            Assert.That(first.Warnings.Select(w => w.Code), Does.Contain("TL4001"));
            Assert.That(second.Warnings.Select(w => w.Code), Does.Not.Contain("TL4001"));
        });
    }

    [Test]
    public void A_written_baseline_turns_old_findings_into_messages_and_only_a_new_one_fails_the_gate()
    {
        using var repo = new ConsumerRepository();
        repo.Write("Dockerfile", Dockerfile);
        repo.Write(".threatlint.yml", "failOn: medium\nbaseline: threatlint.baseline.json\n");

        var write = InProcessBuild.Run(repo.ProjectFile, "_ThreatLintWriteBaseline", new Dictionary<string, string> { ["ThreatLintWriteBaseline"] = "true" });
        var accepted = Run(repo);
        repo.Write("deploy/Dockerfile", "FROM nvcr.io/nvidia/tritonserver:24.08-py3@sha256:" + new string('a', 64) + "\nUSER triton\nADD https://example.com/model.onnx /models/\n");
        var withNew = Run(repo);

        Assert.Multiple(() =>
        {
            Assert.That(write.Success, Is.True, string.Join("\n", write.Errors.Select(e => e.Message)));
            Assert.That(File.ReadAllText(Path.Combine(repo.Root, "threatlint.baseline.json")), Does.Contain("\"ruleId\": \"TL4001\"").And.Contain("\"ruleId\": \"TL4002\""));
            Assert.That(accepted.Success, Is.True);
            Assert.That(accepted.Warnings.Concat(accepted.Errors).Where(e => e.Code?.StartsWith("TL", StringComparison.Ordinal) == true), Is.Empty);
            Assert.That(accepted.Messages.Count(m => m.Code is "TL4001" or "TL4002"), Is.EqualTo(2));
            Assert.That(withNew.Success, Is.False);
            Assert.That(withNew.Errors.Select(e => (e.Code, Path.GetRelativePath(repo.Root, e.File!))), Is.EqualTo(new[] { ("TL4004", Path.Combine("deploy", "Dockerfile")) }));
        });
    }

    [Test]
    public void ThreatLintBaseline_names_the_file_and_a_stale_entry_is_TL9004()
    {
        using var repo = new ConsumerRepository();
        repo.Write("Dockerfile", Dockerfile);
        InProcessBuild.Run(repo.ProjectFile, "_ThreatLintWriteBaseline", new Dictionary<string, string> { ["ThreatLintWriteBaseline"] = "true", ["ThreatLintBaseline"] = "../accepted.json" });

        repo.Write("Dockerfile", Dockerfile.Replace("FROM python:3.12-slim", "FROM python:3.12-slim@sha256:" + new string('b', 64), StringComparison.Ordinal));
        var outcome = Run(repo, ("ThreatLintBaseline", "../accepted.json"));

        var stale = outcome.Warnings.Single(w => w.Code == "TL9004");
        Assert.Multiple(() =>
        {
            Assert.That(stale.File, Is.EqualTo(Path.Combine(repo.Root, "accepted.json")));
            Assert.That(stale.Message, Does.Contain("TL4002 Dockerfile"));
        });
    }

    [Test]
    public void ThreatLintSarifFile_writes_SARIF_with_every_finding()
    {
        using var repo = new ConsumerRepository();
        repo.Write("Dockerfile", "# threatlint-ignore TL4002: pinned at release\n" + Dockerfile);

        var outcome = Run(repo, ("ThreatLintSarifFile", "../artifacts/threatlint.sarif"));

        var sarif = File.ReadAllText(Path.Combine(repo.Root, "artifacts", "threatlint.sarif"));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Success, Is.True);
            Assert.That(sarif, Does.Contain("\"version\": \"2.1.0\"").And.Contain("\"ruleId\": \"TL4001\"").And.Contain("\"uri\": \"Dockerfile\""));
            Assert.That(sarif, Does.Contain("\"justification\": \"pinned at release\""));
        });
    }

    [Test]
    public void The_analyzer_gate_follows_the_configured_severities()
    {
        using var repo = new ConsumerRepository();
        repo.Write(".threatlint.yml", "failOn: critical\nrules:\n  TL5009: critical\n  TL5003: high\n  TL5012: off\n");

        var outcome = InProcessBuild.Run(repo.ProjectFile, "_ThreatLintResolve");

        var resolved = outcome.Messages.Single(m => m.Message?.StartsWith("ThreatLint: root=", StringComparison.Ordinal) == true).Message!;
        Assert.Multiple(() =>
        {
            Assert.That(resolved, Does.Contain("failOn=critical analyzer errors=TL5008;TL5009 off=TL5012"));
        });
    }

    private static BuildOutcome Run(ConsumerRepository repo, params (string Name, string Value)[] properties) =>
        InProcessBuild.Run(repo.ProjectFile, "ThreatLint", properties.ToDictionary(p => p.Name, p => p.Value));
}
