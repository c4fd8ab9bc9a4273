using ThreatLint.Catalog;
using ThreatLint.Rules.ContainerImages;

namespace ThreatLint.Core.Tests.Rules.ContainerImages;

public class RemoteAddUnverifiedTests
{
    private const string From = "FROM python:3.12-slim@sha256:a1675fc29cc86b8e915c1c48a9583c1b43a834615147fcbaa59676e2e39476a4\n";
    private const string Sha256 = "6fd5d72fe4589f189f8ebc006442dbb529bb7ce38f8082112682524616046452";
    private const string Commit = "c9745ed1d9f207416be6d2e6f8de32d1f16199bf";

    private static readonly RemoteAddUnverified Rule = new();

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.RemoteAddUnverified.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.Run(Rule, example.Failing).Lines(), Is.EqualTo(new[] { "TL4004@2" }));
            Assert.That(RuleRunner.Run(Rule, example.Passing), Is.Empty);
        });
    }

    [Test]
    public void Fires_on_an_https_URL_without_checksum_at_the_URL()
    {
        var findings = RuleRunner.Run(Rule, From + "ADD --chown=10001 https://huggingface.co/org/m/resolve/main/model.onnx /models/\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        var finding = findings[0];
        Assert.Multiple(() =>
        {
            Assert.That(finding.RuleId, Is.EqualTo("TL4004"));
            Assert.That(finding.Severity, Is.EqualTo(Severity.Medium));
            Assert.That((finding.Span.Line, finding.Span.Column), Is.EqualTo((2, 19)));
            Assert.That(finding.Span.EndColumn, Is.EqualTo(19 + "https://huggingface.co/org/m/resolve/main/model.onnx".Length));
            Assert.That(finding.Message, Is.EqualTo(
                "ADD https://huggingface.co/org/m/resolve/main/model.onnx has no --checksum=sha256:…: the build trusts whatever the remote serves"));
        });
    }

    [Test]
    public void Plain_http_is_high_and_says_so()
    {
        var findings = RuleRunner.Run(Rule, From + "ADD http://models.internal/bert.tar.gz /models/\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Severity, Is.EqualTo(Severity.High));
            Assert.That(findings[0].Message, Does.Contain("is fetched over plain http with no --checksum (anyone on the network path can swap it)"));
        });
    }

    [Test]
    public void Each_remote_source_is_a_finding_and_local_sources_are_not()
    {
        var findings = RuleRunner.Run(Rule, From + """
            ADD vocab.txt \
                https://example.org/a.bin \
                HTTPS://example.org/b.bin /models/
            """);

        Assert.That(findings.Select(f => (f.Span.Line, f.Span.Column)), Is.EqualTo(new[] { (3, 5), (4, 5) }));
    }

    [Test]
    public void Substitutes_variables_in_the_URL()
    {
        var findings = RuleRunner.Run(Rule, From + """
            ARG MODEL_HOST=https://weights.example.com
            ARG MODEL_FILE=resnet50.onnx
            ADD ${MODEL_HOST}/v2/${MODEL_FILE} /models/
            """);

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL4004@4" }));
        Assert.That(findings[0].Message, Does.StartWith("ADD https://weights.example.com/v2/resnet50.onnx has no --checksum"));
    }

    [Test]
    public void Checks_exec_form_and_every_stage()
    {
        var findings = RuleRunner.Run(Rule, From + """
            ADD ["https://example.org/tokenizer.json", "/build/"]
            FROM scratch
            ADD https://example.org/model.onnx /model.onnx
            """);

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL4004@2", "TL4004@4" }));
        Assert.That(findings[0].Span.Column, Is.EqualTo(7));
    }

    [TestCase("https://github.com/ggerganov/llama.cpp.git", "pins no commit (no ref: whatever the default branch holds)")]
    [TestCase("https://github.com/ggerganov/llama.cpp.git#master", "pins no commit (ref master can move)")]
    [TestCase("https://github.com/ggerganov/llama.cpp.git#b3995:examples", "pins no commit (ref b3995 can move)")]
    [TestCase("https://github.com/ggerganov/llama.cpp.git?ref=v1.0&subdir=examples", "pins no commit (ref v1.0 can move)")]
    [TestCase("git@github.com:ggerganov/llama.cpp.git#v0.1", "pins no commit (ref v0.1 can move)")]
    [TestCase("ssh://git@github.com/ggerganov/llama.cpp", "pins no commit (no ref: whatever the default branch holds)")]
    public void Fires_on_git_sources_without_a_commit(string source, string problem)
    {
        var findings = RuleRunner.Run(Rule, From + "ADD " + source + " /src/llama.cpp\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Severity, Is.EqualTo(Severity.Medium));
            Assert.That(findings[0].Message, Is.EqualTo("ADD " + source + " " + problem + ": the build trusts whatever the remote serves"));
        });
    }

    [Test]
    public void Keep_git_dir_makes_any_URL_a_git_source()
    {
        var findings = RuleRunner.Run(Rule, From + "ADD --keep-git-dir=true https://github.com/vllm-project/vllm#main /src/vllm\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].Message, Does.Contain("pins no commit (ref main can move)"));
    }

    [TestCase("git://example.org/repo.git#main")]
    [TestCase("http://example.org/repo.git#main")]
    public void Unencrypted_git_is_high(string source)
    {
        var findings = RuleRunner.Run(Rule, From + "ADD " + source + " /src\n");

        Assert.That(findings[0].Severity, Is.EqualTo(Severity.High));
        Assert.That(findings[0].Message, Does.Contain("ref main can move) and is fetched over an unencrypted transport"));
    }

    [TestCase("ADD --checksum=sha256:" + Sha256 + " https://example.org/model.onnx /models/")]
    [TestCase("ADD --checksum=sha256:" + Sha256 + " http://example.org/model.onnx /models/")]
    [TestCase("ADD --checksum=${MODEL_SHA256} https://example.org/model.onnx /models/")]
    [TestCase("ADD https://github.com/ggerganov/llama.cpp.git#" + Commit + " /src")]
    [TestCase("ADD https://github.com/ggerganov/llama.cpp.git#" + Commit + ":examples /src")]
    [TestCase("ADD git@github.com:ggerganov/llama.cpp.git#" + Commit + " /src")]
    [TestCase("ADD https://github.com/ggerganov/llama.cpp.git?ref=" + Commit + " /src")]
    [TestCase("ADD https://github.com/ggerganov/llama.cpp.git?ref=v1.0&checksum=" + Commit + " /src")]
    [TestCase("ADD --checksum=" + Commit + " https://github.com/ggerganov/llama.cpp.git#v1.0 /src")]
    [TestCase("ADD model.tar.gz /models/")]
    [TestCase("ADD ./weights/ /models/")]
    [TestCase("COPY https://example.org/model.onnx /models/")]
    [TestCase("ARG MODEL_URL\nADD ${MODEL_URL} /models/")]
    [TestCase("ADD <<EOF /etc/app.conf\nurl = https://example.org/x\nEOF")]
    public void Is_silent_on_verified_local_or_unknown_sources(string instruction)
    {
        Assert.That(RuleRunner.Run(Rule, From + instruction + "\n"), Is.Empty);
    }

    [Test]
    public void Fingerprint_is_the_source_not_the_line()
    {
        var before = RuleRunner.Run(Rule, From + "ADD https://example.org/a.bin /a\n");
        var after = RuleRunner.Run(Rule, From + "\n# moved\nADD   https://example.org/a.bin   /b/\n");
        var other = RuleRunner.Run(Rule, From + "ADD https://example.org/b.bin /a\n");
        Assert.Multiple(() =>
        {
            Assert.That(after[0].Fingerprint, Is.EqualTo(before[0].Fingerprint));
            Assert.That(other[0].Fingerprint, Is.Not.EqualTo(before[0].Fingerprint));
        });
    }
}
