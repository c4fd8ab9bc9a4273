using ThreatLint.Catalog;
using ThreatLint.Findings;
using ThreatLint.Rules.ContainerImages;

namespace ThreatLint.Core.Tests.Rules.ContainerImages;

public class TlsVerificationDisabledTests
{
    private const string From = "FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1\n";
    private const string Tls = "TLS certificate";
    private const string Signature = "package signature";

    private static readonly TlsVerificationDisabled Rule = new();

    private static Finding Single(string dockerfile)
    {
        var findings = RuleRunner.Run(Rule, dockerfile);
        Assert.That(findings, Has.Count.EqualTo(1), string.Join("\n", findings.Select(f => f.Message)));
        return findings[0];
    }

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.TlsVerificationDisabled.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.Run(Rule, example.Failing).Lines(), Is.EqualTo(new[] { "TL4007@2", "TL4007@5" }));
            Assert.That(RuleRunner.Run(Rule, example.Passing), Is.Empty);
        });
    }

    [TestCase("curl -fsSLk -o /tmp/a.onnx https://models.internal/a.onnx", 10, 16, "RUN curl -fsSLk", Tls)]
    [TestCase("curl --insecure https://models.internal/a", 10, 20, "RUN curl --insecure", Tls)]
    [TestCase("wget -q --no-check-certificate https://models.internal/a", 13, 35, "RUN wget --no-check-certificate", Tls)]
    [TestCase("pip install --trusted-host pypi.internal torch==2.4.1", 17, 31, "RUN pip install --trusted-host pypi.internal", Tls)]
    [TestCase("python3 -m pip install --trusted-host=pypi.internal x==1", 28, 56, "RUN python3 -m pip install --trusted-host=pypi.internal", Tls)]
    [TestCase("/opt/venv/bin/pip3 install --no-cache-dir --trusted-host pypi.internal x==1", 47, 61, "RUN pip3 install --trusted-host pypi.internal", Tls)]
    [TestCase("uv pip install --system --allow-insecure-host pypi.internal x==1", 29, 50, "RUN uv pip install --allow-insecure-host pypi.internal", Tls)]
    [TestCase("pip config set global.trusted-host pypi.internal", 20, 39, "RUN pip config set global.trusted-host pypi.internal", Tls)]
    [TestCase("git -c http.sslVerify=false clone https://git.internal/models.git", 12, 32, "RUN git -c http.sslVerify=false", Tls)]
    [TestCase("git config --global http.sslverify false", 25, 39, "RUN git config http.sslverify false", Tls)]
    [TestCase("git config --global http.https://git.internal/.sslVerify 0", 25, 61, "RUN git config http.https://git.internal/.sslVerify 0", Tls)]
    [TestCase("apt-get install -y --allow-unauthenticated libsndfile1", 24, 47, "RUN apt-get --allow-unauthenticated", Signature)]
    [TestCase("apt-get update --allow-insecure-repositories", 20, 49, "RUN apt-get --allow-insecure-repositories", Signature)]
    [TestCase("apt-get -o Acquire::https::Verify-Peer=false update", 16, 49, "RUN apt-get -o Acquire::https::Verify-Peer=false", Tls)]
    [TestCase("apt-get -o APT::Get::AllowUnauthenticated=true install -y x", 16, 51, "RUN apt-get -o APT::Get::AllowUnauthenticated=true", Signature)]
    [TestCase("dnf install -y --nogpgcheck cuda-toolkit", 20, 32, "RUN dnf --nogpgcheck", Signature)]
    [TestCase("yum --setopt=sslverify=false install -y x", 9, 33, "RUN yum --setopt=sslverify=false", Tls)]
    [TestCase("apk add --allow-untrusted /tmp/glibc.apk", 13, 30, "RUN apk --allow-untrusted", Signature)]
    [TestCase("npm config set strict-ssl false", 20, 30, "RUN npm config set strict-ssl false", Tls)]
    [TestCase("yarn config set strict-ssl false", 21, 31, "RUN yarn config set strict-ssl false", Tls)]
    [TestCase("conda config --set ssl_verify false", 24, 34, "RUN conda config --set ssl_verify false", Tls)]
    [TestCase("GIT_SSL_NO_VERIFY=1 git clone https://git.internal/x.git", 5, 24, "RUN GIT_SSL_NO_VERIFY=1", Tls)]
    [TestCase("export NODE_TLS_REJECT_UNAUTHORIZED=0 && node fetch-model.js", 12, 42, "RUN export NODE_TLS_REJECT_UNAUTHORIZED=0", Tls)]
    [TestCase("env PYTHONHTTPSVERIFY=0 python3 download.py", 9, 28, "RUN env PYTHONHTTPSVERIFY=0", Tls)]
    public void Fires_at_the_flag_or_setting(string script, int column, int endColumn, string shown, string what)
    {
        var finding = Single(From + "RUN " + script + "\n");

        Assert.Multiple(() =>
        {
            Assert.That((finding.RuleId, finding.Span.Line, finding.Span.Column, finding.Span.EndColumn), Is.EqualTo(("TL4007", 2, column, endColumn)));
            Assert.That(finding.Severity, Is.EqualTo(Severity.High));
            Assert.That(finding.Message, Does.StartWith(shown + " disables " + what + " verification: "));
        });
    }

    [TestCase("ENV PYTHONHTTPSVERIFY=0", "ENV PYTHONHTTPSVERIFY=0", 24)]
    [TestCase("ENV GIT_SSL_NO_VERIFY=true", "ENV GIT_SSL_NO_VERIFY=true", 27)]
    [TestCase("ENV CURL_CA_BUNDLE=\"\"", "ENV CURL_CA_BUNDLE=\"\"", 22)]
    [TestCase("ENV REQUESTS_CA_BUNDLE=", "ENV REQUESTS_CA_BUNDLE=", 24)]
    [TestCase("ENV NODE_TLS_REJECT_UNAUTHORIZED 0", "ENV NODE_TLS_REJECT_UNAUTHORIZED=0", 35)]
    [TestCase("ARG PIP_TRUSTED_HOST=pypi.internal", "ARG PIP_TRUSTED_HOST=pypi.internal", 35)]
    [TestCase("ENV HF_HOME=/models \\\n    npm_config_strict_ssl=false", "ENV npm_config_strict_ssl=false", 32)]
    public void Fires_on_ENV_and_ARG_settings(string instruction, string shown, int endColumn)
    {
        var finding = Single(From + instruction + "\n");

        Assert.Multiple(() =>
        {
            Assert.That(finding.Span.EndColumn, Is.EqualTo(endColumn));
            Assert.That(finding.Span.Column, Is.EqualTo(5));
            Assert.That(finding.Message, Does.StartWith(shown + " disables TLS certificate verification"));
        });
    }

    [TestCase("RUN curl -fsSL -o /tmp/k https://models.internal/a")]
    [TestCase("RUN curl -K /etc/curlrc -H 'X-Flags: -k' https://models.internal/a")]
    [TestCase("RUN wget -q https://models.internal/a -O /tmp/k")]
    [TestCase("RUN pip install --index-url https://pypi.internal/simple x==1")]
    [TestCase("RUN git config --global http.sslVerify true")]
    [TestCase("RUN git -c http.extraHeader='X: false' clone https://git.internal/x.git")]
    [TestCase("RUN apt-get install -y --no-install-recommends curl")]
    [TestCase("RUN npm config set registry https://npm.internal/")]
    [TestCase("RUN echo 'curl -k is not used here' > /etc/motd")]
    [TestCase("RUN true # curl -k https://x")]
    [TestCase("# RUN curl -k https://x")]
    [TestCase("ENV PYTHONHTTPSVERIFY=1")]
    [TestCase("ENV CURL_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt")]
    [TestCase("ENV NODE_TLS_REJECT_UNAUTHORIZED=1")]
    [TestCase("ARG PIP_TRUSTED_HOST")]
    [TestCase("ARG GIT_SSL_NO_VERIFY")]
    public void Is_silent_when_verification_stays_on(string line)
    {
        Assert.That(RuleRunner.Run(Rule, From + line + "\n"), Is.Empty);
    }

    [Test]
    public void One_finding_per_flag()
    {
        var findings = RuleRunner.Run(Rule, From + "RUN curl -k --proxy-insecure https://x.internal/a && pip install --trusted-host a.internal --trusted-host b.internal x==1\n");
        Assert.Multiple(() =>
        {
            Assert.That(findings.Select(f => f.Span.Column), Is.EqualTo(new[] { 10, 13, 66, 92 }));
            Assert.That(findings.Select(f => f.Fingerprint), Is.Unique);
        });
    }

    [Test]
    public void Fires_in_heredoc_scripts_CMD_and_backtick_escape_files()
    {
        var findings = RuleRunner.Run(Rule, "# escape=`\n" + From + """
            RUN <<EOF
            set -e
            curl -k https://x.internal/a -o /tmp/a
            EOF
            RUN curl.exe -k -o C:\tmp\model.zip https://x.internal/model.zip ; `
                wget --no-check-certificate https://x.internal/b
            CMD ["sh", "-c", "curl --insecure https://x.internal/health"]
            """);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL4007@5", "TL4007@7", "TL4007@8", "TL4007@9" }));
            Assert.That(findings.Select(f => f.Span.Column), Is.EqualTo(new[] { 6, 14, 10, 24 }));
        });
    }

    [Test]
    public void Fingerprint_is_the_command_and_flag_not_the_line()
    {
        var before = Single(From + "RUN curl -k https://x.internal/a\n");
        var after = Single(From + "\n\nRUN   curl  -k \\\n   https://x.internal/a\n");
        Assert.That(after.Fingerprint, Is.EqualTo(before.Fingerprint));
    }
}
