using ThreatLint.Catalog;
using ThreatLint.Findings;

namespace ThreatLint.Core.Tests.Policy;

/// <summary>Baselines: written, matched after lines move and the file is reformatted, stale entries, new findings.</summary>
public class BaselineTests
{
    private const string Legacy = """
        FROM python:3.12-slim
        RUN pip install torch
        CMD ["python", "serve.py"]
        """;

    [Test]
    public void Baselined_findings_survive_moved_lines_and_reformatting_and_never_fail_the_gate()
    {
        using var repo = new ScratchRepo();
        repo.Write("svc/Dockerfile", Legacy);
        var baseline = WriteBaseline(repo);

        repo.Write("svc/Dockerfile", "# Serving image\n\n# (moved down)\nFROM    python:3.12-slim\nRUN pip   install \\\n    torch\nCMD [\"python\", \"serve.py\"]\n");
        var result = repo.Scan(baseline: baseline);

        Assert.Multiple(() =>
        {
            Assert.That(result.Findings, Is.Not.Empty);
            Assert.That(result.Findings.Select(f => f.Suppression?.Kind), Is.All.EqualTo(SuppressionKind.Baseline));
            Assert.That(result.AtOrAbove(Severity.Low), Is.Empty);
        });
    }

    [Test]
    public void With_old_findings_baselined_only_the_new_finding_fails_the_gate()
    {
        using var repo = new ScratchRepo();
        repo.Write("svc/Dockerfile", Legacy);
        repo.Write(".threatlint.yml", "failOn: medium\nbaseline: threatlint.baseline.json\n");
        WriteBaseline(repo);

        repo.Write("svc/Dockerfile", Legacy.Replace("CMD", "ADD https://example.com/model.onnx /models/\nCMD", StringComparison.Ordinal));
        var options = ScanOptions.Create(repo.Root);
        var result = Scanner.Scan(options);

        Assert.That(result.AtOrAbove(options.Config.FailOn).Select(f => f.RuleId), Is.EqualTo(new[] { "TL4004" }));
    }

    [Test]
    public void An_entry_whose_finding_is_gone_is_TL9004_at_its_line_in_the_baseline()
    {
        using var repo = new ScratchRepo();
        repo.Write("svc/Dockerfile", Legacy);
        repo.Write("old/Dockerfile", Legacy);
        var baseline = WriteBaseline(repo);

        repo.Write("svc/Dockerfile", Legacy.Replace("FROM python:3.12-slim", "FROM python:3.12-slim@sha256:" + new string('a', 64), StringComparison.Ordinal));
        Directory.Delete(Path.Combine(repo.Root, "old"), recursive: true);
        var result = repo.Scan(baseline: baseline);

        var stale = result.Findings.Where(f => f.RuleId == "TL9004").ToList();
        var lines = File.ReadAllLines(baseline);
        Assert.Multiple(() =>
        {
            Assert.That(stale.Select(f => f.Path), Is.All.EqualTo("threatlint.baseline.json"));
            Assert.That(stale.Select(f => f.Message), Has.Exactly(1).Contains("TL4002 svc/Dockerfile"));
            Assert.That(stale.Count(f => f.Message.Contains("old/Dockerfile", StringComparison.Ordinal)), Is.EqualTo(3), "a deleted file's entries are stale");
            Assert.That(stale.Select(f => lines[f.Span.Line - 1].Trim()), Is.All.EqualTo("{"), "each points at its entry");
        });
    }

    [Test]
    public void Entries_of_files_the_scan_did_not_cover_are_not_stale()
    {
        using var repo = new ScratchRepo();
        repo.Write("a/Dockerfile", Legacy);
        repo.Write("b/Dockerfile", Legacy);
        var baseline = WriteBaseline(repo);

        var result = Scanner.Scan(ScanOptions.Create(repo.Root, null, baseline) with { FileFilter = p => p.StartsWith("a/", StringComparison.Ordinal) });

        Assert.That(result.Findings.Where(f => f.RuleId == "TL9004"), Is.Empty);
    }

    [Test]
    public void A_malformed_baseline_is_TL9003_with_its_line()
    {
        using var repo = new ScratchRepo();
        repo.Write("svc/Dockerfile", Legacy);
        var baseline = repo.Write("threatlint.baseline.json", "{\n  \"version\": 1,\n  \"entries\": [\n    { \"ruleId\": \"TL4001\" }\n  ]\n}\n");

        var result = repo.Scan(baseline: baseline);

        var problem = ScratchRepo.Single(result, "TL9003");
        Assert.Multiple(() =>
        {
            Assert.That((problem.Path, problem.Span.Line), Is.EqualTo(("threatlint.baseline.json", 4)));
            Assert.That(problem.Message, Does.Contain("entry has no \"path\""));
            Assert.That(result.Findings.Where(f => f.RuleId != "TL9003").Select(f => f.Suppressed), Is.All.False);
        });
    }

    [Test]
    public void Rewriting_keeps_justifications_and_leaves_out_suppressed_and_unused()
    {
        using var repo = new ScratchRepo();
        repo.Write("svc/Dockerfile", "FROM python:3.12-slim  # threatlint-ignore TL4001: dev\n# threatlint-ignore TL4006: unused\n");
        var baseline = WriteBaseline(repo);
        File.WriteAllText(baseline, File.ReadAllText(baseline).Replace("\"message\"", "\"justification\": \"pinned at release\",\n      \"message\"", StringComparison.Ordinal));

        var rewritten = ThreatLint.Policy.Baseline.Write(repo.Scan(baseline: baseline).Findings, "1.0.0");

        Assert.Multiple(() =>
        {
            Assert.That(rewritten, Does.Contain("\"ruleId\": \"TL4002\"").And.Contain("\"justification\": \"pinned at release\""));
            Assert.That(rewritten, Does.Not.Contain("TL4001").And.Not.Contain("TL9004"));
        });
    }

    private static string WriteBaseline(ScratchRepo repo)
    {
        var path = Path.Combine(repo.Root, "threatlint.baseline.json");
        File.WriteAllText(path, ThreatLint.Policy.Baseline.Write(repo.Scan().Findings, "1.0.0"));
        return path;
    }
}
