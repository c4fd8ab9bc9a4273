using ThreatLint.Catalog;
using ThreatLint.Rules.ContainerImages;

namespace ThreatLint.Core.Tests.Rules.ContainerImages;

public class BaseImageUnpinnedTests
{
    private const string Digest = "@sha256:58720bdb82e73c1c34c5a3b11e737cbfb7c15a64fc2c1c2bf246c5e33252a89e";

    private static readonly BaseImageUnpinned Rule = new();

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.BaseImageUnpinned.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.Run(Rule, example.Failing).Lines(), Is.EqualTo(new[] { "TL4002@1" }));
            Assert.That(RuleRunner.Run(Rule, example.Passing), Is.Empty);
        });
    }

    [TestCase("python:3.12-slim", Severity.Medium, "is not pinned by digest")]
    [TestCase("nvcr.io/nvidia/tritonserver:24.08-py3", Severity.Medium, "is not pinned by digest")]
    [TestCase("localhost:5000/models/bert:v1", Severity.Medium, "is not pinned by digest")]
    [TestCase("python", Severity.High, "is untagged (implicitly :latest) and not pinned by digest")]
    [TestCase("localhost:5000/models/bert", Severity.High, "is untagged (implicitly :latest) and not pinned by digest")]
    [TestCase("vllm/vllm-openai:latest", Severity.High, "uses the mutable :latest tag")]
    [TestCase("pytorch/torchserve:latest-gpu", Severity.High, "uses the mutable :latest-gpu tag")]
    public void Fires_on_an_image_without_digest(string image, Severity severity, string problem)
    {
        var findings = RuleRunner.Run(Rule, "FROM " + image + "\nUSER 10001\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        var finding = findings[0];
        Assert.Multiple(() =>
        {
            Assert.That(finding.RuleId, Is.EqualTo("TL4002"));
            Assert.That(finding.Severity, Is.EqualTo(severity));
            Assert.That(finding.Confidence, Is.EqualTo(Confidence.High));
            Assert.That(finding.Span.Line, Is.EqualTo(1));
            Assert.That(finding.Span.Column, Is.EqualTo(1));
            Assert.That(finding.Message, Does.StartWith("Base image " + image + " " + problem + ": "));
        });
    }

    [Test]
    public void Checks_every_stage_not_only_the_final_one()
    {
        var findings = RuleRunner.Run(Rule, """
            FROM --platform=$BUILDPLATFORM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04 AS build
            RUN make -j

            FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04
            COPY --from=build /out /opt/app
            """);

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL4002@1", "TL4002@4" }));
    }

    [Test]
    public void Reports_the_reference_after_global_ARG_substitution()
    {
        var findings = RuleRunner.Run(Rule, """
            ARG REGISTRY=nvcr.io/nvidia
            ARG TRITON_VERSION=24.08
            FROM $REGISTRY/tritonserver:${TRITON_VERSION}-py3
            """);

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL4002@3" }));
        Assert.That(findings[0].Message, Does.StartWith("Base image nvcr.io/nvidia/tritonserver:24.08-py3 is not pinned by digest"));
    }

    [Test]
    public void Uses_the_default_of_a_substitution_when_the_ARG_has_none()
    {
        var findings = RuleRunner.Run(Rule, """
            ARG PYTORCH_TAG
            FROM pytorch/pytorch:${PYTORCH_TAG:-latest}
            """);

        Assert.That(findings[0].Message, Does.StartWith("Base image pytorch/pytorch:latest uses the mutable :latest tag"));
        Assert.That(findings[0].Severity, Is.EqualTo(Severity.High));
    }

    [Test]
    public void Reports_at_the_FROM_keyword_when_continuations_and_comments_split_the_instruction()
    {
        var findings = RuleRunner.Run(Rule, """
            # serving image
              FROM \
                # chosen by the platform team
                ghcr.io/huggingface/text-generation-inference:2.4.1 \
                AS serve
            """);

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That((findings[0].Span.Line, findings[0].Span.Column, findings[0].Span.EndLine), Is.EqualTo((2, 3, 5)));
    }

    /// <summary>Decision: a base chosen by a build argument with no default is reported, with low confidence.</summary>
    [Test]
    public void Reports_with_low_confidence_a_base_that_is_a_build_argument_without_default()
    {
        var findings = RuleRunner.Run(Rule, """
            ARG CUDA_VERSION
            FROM nvidia/cuda:${CUDA_VERSION}-runtime-ubuntu22.04
            """);

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Confidence, Is.EqualTo(Confidence.Low));
            Assert.That(findings[0].Severity, Is.EqualTo(Severity.Medium));
            Assert.That(findings[0].Message, Does.StartWith("Base image nvidia/cuda:${CUDA_VERSION}-runtime-ubuntu22.04 depends on build argument CUDA_VERSION"));
        });
    }

    [Test]
    public void Is_silent_when_the_unresolved_reference_carries_a_digest()
    {
        Assert.That(RuleRunner.Run(Rule, "ARG PY_DIGEST\nFROM python:3.12-slim@${PY_DIGEST}\n"), Is.Empty);
    }

    [TestCase("python:3.12-slim" + Digest)]
    [TestCase("python" + Digest)]
    [TestCase("ghcr.io/huggingface/text-generation-inference:2.4.1" + Digest)]
    [TestCase("scratch")]
    public void Is_silent_on_pinned_images_and_scratch(string image)
    {
        Assert.That(RuleRunner.Run(Rule, "FROM " + image + "\n"), Is.Empty);
    }

    [Test]
    public void Is_silent_on_earlier_stages_named_in_FROM_whatever_their_case()
    {
        var findings = RuleRunner.Run(Rule, $$"""
            FROM python:3.12-slim{{Digest}} AS Builder
            FROM builder AS test
            FROM BUILDER
            """);

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Is_silent_when_a_global_ARG_names_a_stage()
    {
        var findings = RuleRunner.Run(Rule, $$"""
            ARG FINAL_STAGE=runtime
            FROM python:3.12-slim{{Digest}} AS runtime
            FROM ${FINAL_STAGE}
            """);

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Is_silent_when_an_unresolved_name_could_be_an_earlier_stage()
    {
        var findings = RuleRunner.Run(Rule, $$"""
            FROM python:3.12-slim{{Digest}} AS base-amd64
            FROM python:3.12-slim{{Digest}} AS base-arm64
            FROM base-${TARGETARCH} AS final
            """);

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Does_not_treat_COPY_from_an_image_as_a_base_image()
    {
        var findings = RuleRunner.Run(Rule, $$"""
            FROM python:3.12-slim{{Digest}}
            COPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/uv
            """);

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Fingerprint_is_the_image_reference_not_the_line()
    {
        var before = RuleRunner.Run(Rule, "FROM python:3.12-slim\n");
        var after = RuleRunner.Run(Rule, "# moved down\n\nFROM   python:3.12-slim   AS app\n");
        var other = RuleRunner.Run(Rule, "FROM python:3.13-slim\n");
        Assert.Multiple(() =>
        {
            Assert.That(after[0].Fingerprint, Is.EqualTo(before[0].Fingerprint));
            Assert.That(other[0].Fingerprint, Is.Not.EqualTo(before[0].Fingerprint));
        });
    }
}
