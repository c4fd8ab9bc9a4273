using ThreatLint.Catalog;
using ThreatLint.Configuration;
using ThreatLint.Findings;
using ThreatLint.Policy;

namespace ThreatLint.Core.Tests.Policy;

/// <summary>Inline, line-above, file-wide, annotation and configuration suppressions, and TL9003/TL9004 for bad or unused ones.</summary>
public class SuppressionTests
{
    [Test]
    public void Dockerfile_comment_on_the_line_or_the_line_above_suppresses_with_its_reason()
    {
        using var repo = new ScratchRepo();
        repo.Write("Dockerfile", """
            # threatlint-ignore TL4002: pinned by Renovate in the release pipeline
            FROM python:3.12-slim  # threatlint-ignore image-runs-as-root: dev image only
            CMD ["python", "serve.py"]
            """);

        var result = repo.Scan();

        Assert.Multiple(() =>
        {
            Assert.That(ScratchRepo.Lines(result), Is.EqualTo(new[] { "Dockerfile(2,1) TL4001 [inline]", "Dockerfile(2,1) TL4002 [inline]" }));
            Assert.That(ScratchRepo.Single(result, "TL4002").Suppression!.Justification, Is.EqualTo("pinned by Renovate in the release pipeline"));
            Assert.That(result.AtOrAbove(Severity.Low), Is.Empty, "suppressed findings never fail a gate");
        });
    }

    [Test]
    public void Stacked_comments_above_a_line_all_cover_it()
    {
        using var repo = new ScratchRepo();
        repo.Write("Dockerfile", "# threatlint-ignore TL4001: dev\n# threatlint-ignore TL4002: dev\nFROM python:3.12-slim\n");

        Assert.That(ScratchRepo.Active(repo.Scan()), Is.Empty);
    }

    [Test]
    public void A_file_comment_covers_the_whole_file_and_a_line_comment_only_its_line()
    {
        using var repo = new ScratchRepo();
        repo.Write("Dockerfile", """
            FROM python:3.12-slim AS build
            # threatlint-ignore-file TL4002: base images are pinned at release time
            FROM python:3.12-slim
            # threatlint-ignore TL4001: wrong line, the finding is on the FROM above
            CMD ["serve"]
            """);

        var result = repo.Scan();

        Assert.That(ScratchRepo.Lines(result), Is.EqualTo(new[]
        {
            "Dockerfile(1,1) TL4002 [file]",
            "Dockerfile(3,1) TL4001",
            "Dockerfile(3,1) TL4002 [file]",
            "Dockerfile(4,1) TL9004",
        }));
    }

    [Test]
    public void Python_and_notebook_comments_suppress()
    {
        using var repo = new ScratchRepo();
        repo.Write("train.py", """
            from transformers import AutoModel
            # threatlint-ignore TL1010: internal mirror pins the revision
            model = AutoModel.from_pretrained("bigcorp/sentiment")
            other = AutoModel.from_pretrained("bigcorp/other")  # threatlint-ignore TL1010
            """);
        repo.Write("explore.ipynb", """
            {
             "cells": [
              {
               "cell_type": "code",
               "metadata": {},
               "source": [
                "from transformers import AutoModel\n",
                "# threatlint-ignore TL1010: exploration only\n",
                "model = AutoModel.from_pretrained(\"bigcorp/sentiment\")\n"
               ],
               "outputs": [],
               "execution_count": null
              }
             ],
             "metadata": {},
             "nbformat": 4,
             "nbformat_minor": 5
            }
            """);

        var result = repo.Scan();

        Assert.Multiple(() =>
        {
            Assert.That(ScratchRepo.Active(result), Is.Empty);
            Assert.That(result.Findings.Where(f => f.RuleId == "TL1010").Select(f => f.Suppression!.Justification),
                Is.EquivalentTo(new[] { "internal mirror pins the revision", string.Empty, "exploration only" }));
        });
    }

    [Test]
    public void An_unused_suppression_is_TL9004_and_a_malformed_one_TL9003()
    {
        using var repo = new ScratchRepo();
        repo.Write("Dockerfile", """
            FROM python:3.12-slim@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            USER app
            # threatlint-ignore TL4002: nothing to suppress here
            # threatlint-ignore TL4O02: typo
            # threatlint-ignore: no rule
            # threatlint-ignore TL2001: a serving rule, nothing of it here either
            CMD ["serve"]
            """);

        var result = repo.Scan();

        Assert.Multiple(() =>
        {
            Assert.That(ScratchRepo.Lines(result), Is.EqualTo(new[] { "Dockerfile(3,1) TL9004", "Dockerfile(4,1) TL9003", "Dockerfile(5,1) TL9003", "Dockerfile(6,1) TL9004" }));
            Assert.That(result.Findings[0].Message, Does.Contain("# threatlint-ignore TL4002").And.Contain("matches no finding"));
            Assert.That(result.Findings[1].Message, Does.Contain("unknown rule 'TL4O02'"));
            Assert.That(result.Findings[2].Message, Does.Contain("names no rule"));
        });
    }

    [Test]
    public void A_suppression_of_a_rule_switched_off_is_not_unused()
    {
        using var repo = new ScratchRepo();
        repo.Write("Dockerfile", "FROM python:3.12-slim\nUSER app\n# threatlint-ignore TL4006: no port\n");
        repo.Write(".threatlint.yml", "rules:\n  TL4002: off\n  TL4006: off\n");

        Assert.That(repo.Scan().Findings, Is.Empty);
    }

    [TestCase("config.yaml", "image: python:3.12  # threatlint-ignore TL4002: pinned elsewhere\n", 1)]
    [TestCase("config.yaml", "# threatlint-ignore TL4002: pinned elsewhere\nimage: python:3.12\n", 2)]
    [TestCase("config.properties", "! threatlint-ignore TL4002: pinned elsewhere\nimage=python:3.12\n", 2)]
    [TestCase("config.properties", "# threatlint-ignore TL4002\nimage=python:3.12\n", 2)]
    [TestCase("model.pbtxt", "# threatlint-ignore TL4002: pinned elsewhere\nname: \"x\"\n", 2)]
    public void The_comment_syntax_is_the_same_in_every_text_kind(string path, string text, int line)
    {
        var policy = new FindingPolicy("/repo", ThreatLintConfig.Empty, null);
        var finding = Fake(Catalog.Rules.BaseImageUnpinned, path, line);

        var result = policy.ApplyToFile(path, text, [finding]);

        Assert.That(result.Single().Suppression?.Kind, Is.EqualTo(SuppressionKind.Inline));
    }

    [Test]
    public void The_Kubernetes_annotation_suppresses_the_listed_rules_inside_its_object_only()
    {
        const string manifests = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: triton
              annotations:
                threatlint.io/ignore: "TL2001,TL4004"
            spec:
              template:
                spec:
                  containers:
                    - name: triton
                      image: nvcr.io/nvidia/tritonserver:24.08-py3
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: triton
            spec:
              type: LoadBalancer
            """;
        var policy = new FindingPolicy("/repo", ThreatLintConfig.Empty, null);
        var inside = Fake(Catalog.Rules.InferenceNoRateLimit, "deploy/triton.yaml", 12);
        var otherRule = Fake(Catalog.Rules.BaseImageUnpinned, "deploy/triton.yaml", 12);
        var outside = Fake(Catalog.Rules.InferenceNoRateLimit, "deploy/triton.yaml", 19);

        var result = policy.ApplyToFile("deploy/triton.yaml", manifests, [inside, otherRule, outside]);

        Assert.Multiple(() =>
        {
            Assert.That(result[0].Suppression?.Kind, Is.EqualTo(SuppressionKind.Annotation));
            Assert.That(result[1].Suppressed, Is.False);
            Assert.That(result[2].Suppressed, Is.False);
            var unused = result.Single(f => f.RuleId == "TL9004");
            Assert.That((unused.Span.Line, unused.Message), Is.EqualTo((6, "threatlint.io/ignore TL4004 matches no finding")));
        });
    }

    [Test]
    public void Env_file_comments_and_annotations_in_scanned_YAML_go_through_the_scanner()
    {
        using var repo = new ScratchRepo();
        repo.Write(".env", """
            # threatlint-ignore TL2010: local emulator key, not valid anywhere
            OPENAI_API_KEY=sk-proj-4f9Q2xY7LmN3pR8sT1vW6zA0bC5dE2fGhJ
            AZURE_OPENAI_API_KEY=sk-proj-9fQ2mZr7LkP4vW8jN1bR6cY3hJ5dG0sAqK
            """);
        repo.Write("k8s/service.yaml", """
            apiVersion: v1
            kind: Service
            metadata:
              name: triton
              annotations:
                threatlint.io/ignore: "TL1011, TL9999"
            spec:
              type: ClusterIP
            """);

        var result = repo.Scan();

        Assert.That(ScratchRepo.Lines(result), Is.EqualTo(new[]
        {
            ".env(2,16) TL2010 [inline]",
            ".env(3,22) TL2010",
            "k8s/service.yaml(6,27) TL9003",
            "k8s/service.yaml(6,27) TL9004",
        }));
    }

    [Test]
    public void Configuration_ignore_entries_suppress_by_path_and_unused_ones_are_TL9004()
    {
        using var repo = new ScratchRepo();
        repo.Write("services/legacy/Dockerfile", "FROM python:3.12-slim\n");
        repo.Write("services/api/Dockerfile", "FROM python:3.12-slim\nUSER app\n");
        repo.Write(".threatlint.yml", """
            ignore:
              - paths: ["services/legacy/**"]
                reason: frozen, replaced in Q3
              - paths: ["services/api/**"]
                rules: [TL4001]
                reason: nothing matches
            """);

        var result = repo.Scan();

        Assert.Multiple(() =>
        {
            Assert.That(ScratchRepo.Lines(result), Is.EqualTo(new[]
            {
                ".threatlint.yml(4,5) TL9004",
                "services/api/Dockerfile(1,1) TL4002",
                "services/legacy/Dockerfile(1,1) TL4001 [configuration]",
                "services/legacy/Dockerfile(1,1) TL4002 [configuration]",
            }));
            Assert.That(ScratchRepo.Single(result, "TL4001").Suppression!.Justification, Is.EqualTo("frozen, replaced in Q3"));
        });
    }

    private static Finding Fake(RuleDescriptor rule, string path, int line) =>
        new(rule, rule.DefaultSeverity, Confidence.High, path, new SourceSpan(line, 1, line, 5), rule.Title, Fingerprints.Compute(rule.Id, path, "x" + line));
}
