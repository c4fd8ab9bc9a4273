using ThreatLint.Catalog;
using ThreatLint.Rules.ContainerImages;

namespace ThreatLint.Core.Tests.Rules.ContainerImages;

public class ImageRunsAsRootTests
{
    private const string Digest = "@sha256:a1675fc29cc86b8e915c1c48a9583c1b43a834615147fcbaa59676e2e39476a4";

    private static readonly ImageRunsAsRoot Rule = new();

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.ImageRunsAsRoot.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.Run(Rule, example.Failing).Lines(), Is.EqualTo(new[] { "TL4001@1" }));
            Assert.That(RuleRunner.Run(Rule, example.Passing), Is.Empty);
        });
    }

    [Test]
    public void Fires_at_the_final_FROM_when_there_is_no_USER()
    {
        var findings = RuleRunner.Run(Rule, $$"""
            FROM python:3.12-slim{{Digest}} AS build
            USER 10001
            RUN pip wheel -w /wheels torch==2.4.1

            FROM python:3.12-slim{{Digest}} AS serve
            COPY --from=build /wheels /wheels
            CMD ["python", "-m", "serve"]
            """);

        Assert.That(findings, Has.Count.EqualTo(1));
        var finding = findings[0];
        Assert.Multiple(() =>
        {
            Assert.That(finding.RuleId, Is.EqualTo("TL4001"));
            Assert.That(finding.Span.Line, Is.EqualTo(5));
            Assert.That(finding.Span.Column, Is.EqualTo(1));
            Assert.That(finding.Severity, Is.EqualTo(Severity.Medium));
            Assert.That(finding.Confidence, Is.EqualTo(Confidence.High));
            Assert.That(finding.Message, Does.StartWith("Final stage serve runs as root (no USER instruction): "));
        });
    }

    [TestCase("root")]
    [TestCase("0")]
    [TestCase("root:root")]
    [TestCase("0:0")]
    [TestCase("000")]
    [TestCase("ContainerAdministrator")]
    public void Fires_at_a_root_USER(string user)
    {
        var findings = RuleRunner.Run(Rule, $$"""
            FROM pytorch/torchserve:0.12.0-gpu{{Digest}}
            USER model-server
            RUN echo ready
            USER {{user}}
            CMD ["torchserve", "--start"]
            """);

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL4001@4" }));
        Assert.That(findings[0].Message, Does.Contain("(USER " + user + ")"));
    }

    [Test]
    public void Fires_when_USER_resolves_to_root_through_an_ARG()
    {
        var findings = RuleRunner.Run(Rule, $$"""
            FROM python:3.12-slim{{Digest}}
            ARG RUN_AS=root
            USER ${RUN_AS}
            """);

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL4001@3" }));
        Assert.That(findings[0].Message, Does.Contain("(USER ${RUN_AS} is root)"));
    }

    [Test]
    public void Fires_when_USER_falls_back_to_a_root_default()
    {
        var findings = RuleRunner.Run(Rule, """
            FROM python:3.12-slim
            ARG SERVICE_USER
            USER ${SERVICE_USER:-root}
            """);

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL4001@3" }));
    }

    [Test]
    public void Fires_on_a_scratch_final_stage_without_USER_because_it_runs_as_uid_0()
    {
        var findings = RuleRunner.Run(Rule, $$"""
            FROM golang:1.22{{Digest}} AS build
            RUN CGO_ENABLED=0 go build -o /server ./cmd/server
            FROM scratch
            COPY --from=build /server /server
            ENTRYPOINT ["/server"]
            """);

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL4001@3" }));
        Assert.That(findings[0].Message, Does.Contain("scratch base and no USER instruction: uid 0"));
    }

    [Test]
    public void Is_silent_on_a_scratch_final_stage_with_a_numeric_USER()
    {
        var findings = RuleRunner.Run(Rule, """
            FROM scratch
            COPY server /server
            USER 65532:65532
            ENTRYPOINT ["/server"]
            """);

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Fires_at_the_inherited_root_USER_of_the_stage_the_final_stage_is_built_from()
    {
        var findings = RuleRunner.Run(Rule, $$"""
            FROM python:3.12-slim{{Digest}} AS base
            USER app
            USER 0
            FROM base AS serve
            CMD ["python", "serve.py"]
            """);

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL4001@3" }));
        Assert.That(findings[0].Message, Does.StartWith("Final stage serve runs as root (USER 0)"));
    }

    [Test]
    public void Fires_at_the_final_FROM_when_no_stage_in_the_chain_sets_USER()
    {
        var findings = RuleRunner.Run(Rule, $$"""
            FROM python:3.12-slim{{Digest}} AS base
            RUN pip install fastapi==0.115.0
            FROM base AS serve
            CMD ["python", "serve.py"]
            """);

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL4001@3" }));
    }

    [TestCase("gcr.io/distroless/python3-debian12")]
    [TestCase("gcr.io/distroless/python3-debian12:debug")]
    [TestCase("cgr.dev/chainguard/python:latest-dev")]
    [TestCase("cgr.dev/chainguard/wolfi-base")]
    [TestCase("mcr.microsoft.com/windows/servercore:ltsc2022")]
    [TestCase("nvcr.io/nvidia/tritonserver:24.08-py3")]
    public void Fires_on_images_not_known_to_default_to_a_non_root_user(string image)
    {
        Assert.That(RuleRunner.Run(Rule, "FROM " + image + "\nCMD [\"serve\"]\n").Lines(), Is.EqualTo(new[] { "TL4001@1" }));
    }

    [TestCase("gcr.io/distroless/python3-debian12:nonroot")]
    [TestCase("gcr.io/distroless/static-debian12:debug-nonroot")]
    [TestCase("gcr.io/distroless/cc-debian12:nonroot-amd64")]
    [TestCase("gcr.io/distroless/static-debian12:nonroot@sha256:ea3e6869841f102bdb95fc7358ad94097770136193d88ac06a56a1c5a318d613")]
    [TestCase("cgr.dev/chainguard/static")]
    [TestCase("cgr.dev/chainguard/python:latest")]
    [TestCase("mcr.microsoft.com/windows/nanoserver:ltsc2022")]
    public void Is_silent_on_images_documented_to_run_as_non_root(string image)
    {
        Assert.That(RuleRunner.Run(Rule, "FROM " + image + "\nCMD [\"serve\"]\n"), Is.Empty);
    }

    [TestCase("1000")]
    [TestCase("app")]
    [TestCase("app:app")]
    [TestCase("10001:0")]
    [TestCase("model-server")]
    [TestCase("ContainerUser")]
    public void Is_silent_when_the_final_stage_switches_to_a_non_root_user(string user)
    {
        var findings = RuleRunner.Run(Rule, $$"""
            FROM python:3.12-slim{{Digest}}
            USER root
            RUN apt-get update && apt-get install -y --no-install-recommends libgomp1
            USER {{user}}
            CMD ["python", "serve.py"]
            """);

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Is_silent_when_the_final_stage_inherits_a_non_root_user()
    {
        var findings = RuleRunner.Run(Rule, $$"""
            FROM python:3.12-slim{{Digest}} AS Base
            USER 10001
            FROM base AS serve
            CMD ["python", "serve.py"]
            """);

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Is_silent_when_a_global_ARG_names_a_non_root_stage()
    {
        var findings = RuleRunner.Run(Rule, $$"""
            ARG TARGET_STAGE=runtime
            FROM python:3.12-slim{{Digest}} AS runtime
            USER 10001
            FROM runtime AS debug
            USER root
            FROM ${TARGET_STAGE}
            """);

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Does_not_judge_a_root_USER_in_a_build_stage()
    {
        var findings = RuleRunner.Run(Rule, $$"""
            FROM python:3.12-slim{{Digest}} AS build
            USER root
            FROM python:3.12-slim{{Digest}}
            USER 10001
            """);

        Assert.That(findings, Is.Empty);
    }

    /// <summary>Decision: a USER set from a build argument with no default is chosen outside the repository; not reported.</summary>
    [TestCase("${APP_UID}")]
    [TestCase("$APP_UID:$APP_GID")]
    public void Is_silent_when_USER_is_a_build_argument_without_default(string user)
    {
        var findings = RuleRunner.Run(Rule, $$"""
            FROM python:3.12-slim{{Digest}}
            ARG APP_UID
            ARG APP_GID
            USER {{user}}
            """);

        Assert.That(findings, Is.Empty);
    }

    /// <summary>Decision: with no USER anywhere and a base chosen by a build argument, report with low confidence.</summary>
    [Test]
    public void Reports_with_low_confidence_when_the_base_is_a_build_argument_and_there_is_no_USER()
    {
        var findings = RuleRunner.Run(Rule, """
            ARG BASE_IMAGE
            FROM ${BASE_IMAGE}
            COPY app/ /app/
            """);

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL4001@2" }));
        Assert.That(findings[0].Confidence, Is.EqualTo(Confidence.Low));
    }

    [Test]
    public void Ignores_USER_lines_inside_heredoc_bodies()
    {
        var findings = RuleRunner.Run(Rule, $$"""
            FROM python:3.12-slim{{Digest}}
            RUN <<EOF
            useradd app
            EOF
            USER app
            COPY <<EOF /etc/motd
            USER root
            EOF
            """);

        Assert.That(findings, Is.Empty);
    }

    [TestCase("")]
    [TestCase("# only a comment\n")]
    [TestCase("ARG X=1\n")]
    public void Is_silent_on_a_file_without_FROM(string text)
    {
        Assert.That(RuleRunner.Run(Rule, text), Is.Empty);
    }

    [Test]
    public void Fingerprint_does_not_depend_on_the_line()
    {
        var before = RuleRunner.Run(Rule, "FROM python:3.12-slim\nUSER root\n");
        var after = RuleRunner.Run(Rule, "# moved\n\nFROM python:3.12-slim\nRUN true\nUSER root\n");
        Assert.That(after[0].Fingerprint, Is.EqualTo(before[0].Fingerprint));
    }
}
