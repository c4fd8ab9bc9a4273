using ThreatLint.Catalog;
using ThreatLint.Findings;
using ThreatLint.Rules.ContainerImages;

namespace ThreatLint.Core.Tests.Rules.ContainerImages;

public class RemoteScriptExecutionTests
{
    private const string From = "FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1\n";

    private static readonly RemoteScriptExecution Rule = new();

    private static Finding Single(string dockerfile)
    {
        var findings = RuleRunner.Run(Rule, dockerfile);
        Assert.That(findings, Has.Count.EqualTo(1), string.Join("\n", findings.Select(f => f.Message)));
        return findings[0];
    }

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.RemoteScriptExecution.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.Run(Rule, example.Failing).Lines(), Is.EqualTo(new[] { "TL4003@3" }));
            Assert.That(RuleRunner.Run(Rule, example.Passing), Is.Empty);
        });
    }

    [TestCase("curl -fsSL https://example.com/install.sh | sh", 5, "RUN curl … | sh", "https://example.com/install.sh")]
    [TestCase("wget -qO- https://example.com/install.sh | bash", 5, "RUN wget … | bash", "https://example.com/install.sh")]
    [TestCase("wget -q -O - https://example.com/i.sh | zsh", 5, "RUN wget … | zsh", "https://example.com/i.sh")]
    [TestCase("curl -sSL https://install.python-poetry.org | python3 -", 5, "RUN curl … | python3", "https://install.python-poetry.org")]
    [TestCase("curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash -", 5, "RUN curl … | sudo -E bash", "https://deb.nodesource.com/setup_20.x")]
    [TestCase("apt-get update && curl -s https://x.example/i.sh | tee /tmp/i.sh | sh -s -- --yes", 23, "RUN curl … | sh", "https://x.example/i.sh")]
    [TestCase("curl -L https://cpanmin.us | perl - App::cpanminus", 5, "RUN curl … | perl", "https://cpanmin.us")]
    [TestCase("curl https://x.example/i.rb | ruby", 5, "RUN curl … | ruby", "https://x.example/i.rb")]
    [TestCase("curl https://x.example/i.js | node", 5, "RUN curl … | node", "https://x.example/i.js")]
    [TestCase("curl https://x.example/i.sh -o - | dash", 5, "RUN curl … | dash", "https://x.example/i.sh")]
    [TestCase("(cd /tmp && curl -fsSL https://x.example/i.sh) | sh", 17, "RUN curl … | sh", "https://x.example/i.sh")]
    [TestCase("if [ -n \"$GPU\" ]; then curl -fsSL https://x.example/gpu.sh | bash; fi", 28, "RUN curl … | bash", "https://x.example/gpu.sh")]
    [TestCase("bash -c 'curl -fsSL https://x.example/i.sh | sh'", 14, "RUN curl … | sh", "https://x.example/i.sh")]
    [TestCase("curl https://user:s3cr3t@x.example/i.sh | sh", 5, "RUN curl … | sh", "https://***@x.example/i.sh")]
    [TestCase("bash <(curl -fsSL https://x.example/i.sh)", 5, "RUN bash <(curl …)", "https://x.example/i.sh")]
    [TestCase("source <(curl -s https://x.example/env.sh)", 5, "RUN source <(curl …)", "https://x.example/env.sh")]
    [TestCase(". <(wget -qO- https://x.example/env.sh)", 5, "RUN . <(wget …)", "https://x.example/env.sh")]
    [TestCase("sh -c \"$(curl -fsSL https://x.example/i.sh)\"", 5, "RUN sh -c \"$(curl …)\"", "https://x.example/i.sh")]
    [TestCase("sudo bash -c \"$(curl -fsSL https://x.example/i.sh)\" -- --unattended", 5, "RUN sudo bash -c \"$(curl …)\"", "https://x.example/i.sh")]
    [TestCase("python3 -c \"$(wget -qO- https://x.example/get.py)\"", 5, "RUN python3 -c \"$(wget …)\"", "https://x.example/get.py")]
    [TestCase("eval \"$(curl -fsSL https://x.example/brew.sh)\"", 5, "RUN eval \"$(curl …)\"", "https://x.example/brew.sh")]
    public void Fires_on_a_fetched_script_run_by_an_interpreter(string script, int column, string command, string url)
    {
        var finding = Single(From + "RUN " + script + "\n");

        Assert.Multiple(() =>
        {
            Assert.That((finding.RuleId, finding.Span.Line, finding.Span.Column), Is.EqualTo(("TL4003", 2, column)));
            Assert.That(finding.Severity, Is.EqualTo(Severity.High));
            Assert.That(finding.Confidence, Is.EqualTo(Confidence.High));
            Assert.That(finding.Message, Does.StartWith(command + " runs a script fetched from " + url + " without verifying it"));
        });
    }

    [Test]
    public void The_span_runs_from_the_download_to_the_interpreter_across_continuations_and_comments()
    {
        var finding = Single(From + """
            RUN set -eux; \
                curl -fsSL https://x.example/install.sh \
                # the vendor's installer
                  | sudo bash
            USER 10001
            """);

        Assert.That((finding.Span.Line, finding.Span.Column, finding.Span.EndLine, finding.Span.EndColumn), Is.EqualTo((3, 5, 5, 18)));
    }

    [Test]
    public void Fires_in_a_heredoc_script_at_its_line()
    {
        var finding = Single(From + "RUN <<EOF\nset -eux\ncurl -fsSL https://x.example/i.sh | sh\nEOF\n");
        Assert.That((finding.Span.Line, finding.Span.Column), Is.EqualTo((4, 1)));
    }

    [Test]
    public void Fires_in_the_exec_form_and_in_CMD_and_ENTRYPOINT()
    {
        var findings = RuleRunner.Run(Rule, From + """
            RUN ["/bin/sh", "-c", "curl -fsSL https://x.example/i.sh | sh"]
            ENTRYPOINT curl -fsSL https://x.example/start.sh | bash
            """);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL4003@2", "TL4003@3" }));
            Assert.That(findings[0].Span.Column, Is.EqualTo(24));
            Assert.That(findings[1].Message, Does.StartWith("ENTRYPOINT curl … | bash runs a script"));
        });
    }

    [TestCase("curl -fsSL -o /tmp/install.sh https://x.example/install.sh && sh /tmp/install.sh", 67, "RUN curl … && sh /tmp/install.sh (no checksum check in between)")]
    [TestCase("wget -q https://x.example/get.sh && chmod +x get.sh && ./get.sh", 60, "RUN wget … && ./get.sh (no checksum check in between)")]
    [TestCase("curl -fsSLO https://x.example/bootstrap.py && python3 bootstrap.py --user", 51, "RUN curl … && python3 bootstrap.py (no checksum check in between)")]
    [TestCase("curl -o /opt/env.sh https://x.example/env.sh; . /opt/env.sh", 51, "RUN curl … && . /opt/env.sh (no checksum check in between)")]
    public void Fires_with_medium_confidence_on_a_download_saved_and_run_without_a_check(string script, int column, string command)
    {
        var finding = Single(From + "RUN " + script + "\n");

        Assert.Multiple(() =>
        {
            Assert.That((finding.Span.Line, finding.Span.Column), Is.EqualTo((2, column)));
            Assert.That(finding.Confidence, Is.EqualTo(Confidence.Medium));
            Assert.That(finding.Message, Does.StartWith(command + " runs a script fetched from https://x.example/"));
        });
    }

    [TestCase("curl -fsSL https://x.example/onnxruntime.tgz | tar xz -C /opt")]
    [TestCase("curl -fsSL https://x.example/key.gpg | gpg --dearmor -o /usr/share/keyrings/x.gpg")]
    [TestCase("curl -fsSL https://x.example/SHA256SUMS | sha256sum -c --ignore-missing")]
    [TestCase("curl -s https://api.x.example/v1/latest | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"tag\"])'")]
    [TestCase("curl -s https://api.x.example/v1/latest | bash -c 'cat > /tmp/latest.json'")]
    [TestCase("curl -fsSL -o /tmp/i.sh https://x.example/i.sh && echo \"5b0b3f5a8b2e4c6d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d  /tmp/i.sh\" | sha256sum -c - && sh /tmp/i.sh")]
    [TestCase("curl -fsSLO https://x.example/i.sh && curl -fsSLO https://x.example/i.sh.asc && gpg --verify i.sh.asc i.sh && bash i.sh")]
    [TestCase("curl -fsSL -o /tmp/a.sh https://x.example/a.sh && sh /tmp/b.sh")]
    [TestCase("wget https://x.example/i.sh | sh")]
    [TestCase("echo 'curl -fsSL https://x.example/i.sh | sh' >> /etc/motd")]
    [TestCase("true # curl -fsSL https://x.example/i.sh | sh")]
    [TestCase("bash <(echo 'echo hi')")]
    [TestCase("sh /opt/vendor/install.sh && python3 -m pip --version")]
    public void Is_silent_when_nothing_fetched_is_run(string script)
    {
        Assert.That(RuleRunner.Run(Rule, From + "RUN " + script + "\n"), Is.Empty);
    }

    [Test]
    public void Is_silent_on_comments_and_heredocs_that_are_data()
    {
        var findings = RuleRunner.Run(Rule, From + """
            # RUN curl -fsSL https://x.example/i.sh | sh
            RUN cat <<'EOF' > /usr/local/share/README
            To upgrade: curl -fsSL https://x.example/i.sh | sh
            EOF
            RUN python3 <<EOF
            import subprocess
            EOF
            """);

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void A_bash_c_substitution_is_reported_once()
    {
        Assert.That(RuleRunner.Run(Rule, From + "RUN bash -c \"$(curl -fsSL https://x.example/i.sh)\"\n"), Has.Count.EqualTo(1));
    }

    [Test]
    public void Fingerprint_is_the_command_not_the_line()
    {
        var before = Single(From + "RUN curl -fsSL https://x.example/i.sh | sh\n");
        var after = Single(From + "\n# moved\nRUN   curl  -fsSL \\\n  https://x.example/i.sh |   sh\n");
        var other = Single(From + "RUN curl -fsSL https://x.example/other.sh | sh\n");
        Assert.Multiple(() =>
        {
            Assert.That(after.Fingerprint, Is.EqualTo(before.Fingerprint));
            Assert.That(other.Fingerprint, Is.Not.EqualTo(before.Fingerprint));
        });
    }
}
