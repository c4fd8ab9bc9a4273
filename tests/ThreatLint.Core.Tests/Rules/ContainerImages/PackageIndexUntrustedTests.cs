using ThreatLint.Catalog;
using ThreatLint.Findings;
using ThreatLint.Rules.ContainerImages;

namespace ThreatLint.Core.Tests.Rules.ContainerImages;

public class PackageIndexUntrustedTests
{
    private const string From = "FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1\n";
    private const string Confusion = "adds a second package index next to the first";
    private const string PlainHttp = "fetches packages from a plain-http index";

    private static readonly PackageIndexUntrusted Rule = new();

    private static Finding Single(string dockerfile)
    {
        var findings = RuleRunner.Run(Rule, dockerfile);
        Assert.That(findings, Has.Count.EqualTo(1), string.Join("\n", findings.Select(f => f.Message)));
        return findings[0];
    }

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.PackageIndexUntrusted.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.Run(Rule, example.Failing).Lines(), Is.EqualTo(new[] { "TL3008@2" }));
            Assert.That(RuleRunner.Run(Rule, example.Passing), Is.Empty);
        });
    }

    [TestCase("pip install --extra-index-url https://download.pytorch.org/whl/cu121 torch==2.4.1", 17, "RUN pip install --extra-index-url https://download.pytorch.org/whl/cu121 " + Confusion)]
    [TestCase("pip3 install --no-cache-dir --extra-index-url=https://pypi.internal/simple heads==1.3.0", 33, "RUN pip3 install --extra-index-url https://pypi.internal/simple " + Confusion)]
    [TestCase("python -m pip install --extra-index-url https://__token__:pypi-AgEIcHlwaS5vcmc@pypi.internal/simple x==1", 27, "RUN python -m pip install --extra-index-url https://***@pypi.internal/simple " + Confusion)]
    [TestCase("uv pip install --system --extra-index-url https://pypi.internal/simple x==1", 29, "RUN uv pip install --extra-index-url https://pypi.internal/simple " + Confusion)]
    [TestCase("pip install --extra-index-url http://pypi.internal/simple x==1", 17, "RUN pip install --extra-index-url http://pypi.internal/simple " + Confusion + ": a package published under the same name on either can be installed from the other (dependency confusion), over plain http")]
    [TestCase("pip config set global.extra-index-url https://pypi.internal/simple", 20, "RUN pip config set global.extra-index-url https://pypi.internal/simple " + Confusion)]
    [TestCase("pip install -i http://pypi.internal/simple x==1", 17, "RUN pip install -i http://pypi.internal/simple " + PlainHttp)]
    [TestCase("pip install --index-url=http://10.0.0.5:3141/root/pypi/+simple/ x==1", 17, "RUN pip install --index-url http://10.0.0.5:3141/root/pypi/+simple/ " + PlainHttp)]
    [TestCase("pip install --no-index -f http://wheels.internal/ x==1", 28, "RUN pip install -f http://wheels.internal/ " + PlainHttp)]
    [TestCase("pip config set global.index-url http://pypi.internal/simple", 20, "RUN pip config set global.index-url http://pypi.internal/simple " + PlainHttp)]
    [TestCase("PIP_EXTRA_INDEX_URL=https://pypi.internal/simple pip install x==1", 5, "RUN PIP_EXTRA_INDEX_URL=https://pypi.internal/simple " + Confusion)]
    public void Fires_on_a_second_index_or_a_plain_http_index(string script, int column, string message)
    {
        var finding = Single(From + "RUN " + script + "\n");

        Assert.Multiple(() =>
        {
            Assert.That((finding.RuleId, finding.Span.Line, finding.Span.Column), Is.EqualTo(("TL3008", 2, column)));
            Assert.That(finding.Severity, Is.EqualTo(Severity.High));
            Assert.That(finding.Message, Does.StartWith(message));
            Assert.That(finding.Message, Does.Not.Contain("pypi-AgEIcHlwaS5vcmc"));
        });
    }

    [TestCase("ENV PIP_EXTRA_INDEX_URL=https://pypi.internal/simple", "ENV PIP_EXTRA_INDEX_URL=https://pypi.internal/simple " + Confusion)]
    [TestCase("ARG UV_EXTRA_INDEX_URL=https://pypi.internal/simple", "ARG UV_EXTRA_INDEX_URL=https://pypi.internal/simple " + Confusion)]
    [TestCase("ENV PIP_INDEX_URL=http://pypi.internal/simple", "ENV PIP_INDEX_URL=http://pypi.internal/simple " + PlainHttp)]
    [TestCase("ARG PIP_INDEX_URL=\"http://user:pw@pypi.internal/simple\"", "ARG PIP_INDEX_URL=\"http://***@pypi.internal/simple\" " + PlainHttp)]
    public void Fires_on_ENV_and_ARG_settings(string instruction, string message)
    {
        var finding = Single(From + instruction + "\n");
        Assert.Multiple(() =>
        {
            Assert.That((finding.Span.Line, finding.Span.Column), Is.EqualTo((2, 5)));
            Assert.That(finding.Message, Does.StartWith(message));
        });
    }

    [TestCase("pip install torch transformers", 17, 35, "torch, transformers")]
    [TestCase("pip install --no-cache-dir 'transformers>=4.40' accelerate~=0.33 \"vllm==0.6.*\"", 32, 83, "transformers>=4.40, accelerate~=0.33, vllm==0.6.*")]
    [TestCase("python3 -m pip install -U torch==2.4.1 torchvision Pillow==10.4.0", 44, 55, "torchvision")]
    [TestCase("uv pip install --system vllm", 29, 33, "vllm")]
    [TestCase("pip install 'ray[serve]' sentence_transformers", 17, 51, "ray[serve], sentence_transformers")]
    public void Fires_with_low_severity_on_unpinned_ML_packages(string script, int column, int endColumn, string packages)
    {
        var finding = Single(From + "RUN " + script + "\n");

        Assert.Multiple(() =>
        {
            Assert.That((finding.Span.Line, finding.Span.Column, finding.Span.EndColumn), Is.EqualTo((2, column, endColumn)));
            Assert.That(finding.Severity, Is.EqualTo(Severity.Low));
            Assert.That(finding.Message, Does.Contain("installs " + packages + " with no pinned version (==) and no hashes"));
        });
    }

    [TestCase("pip install torch==2.4.1 transformers==4.44.2 'accelerate===0.33.0'")]
    [TestCase("pip install torch==${TORCH_VERSION} transformers==$TRANSFORMERS_VERSION")]
    [TestCase("pip install -r requirements.txt torch")]
    [TestCase("pip install -c constraints.txt torch transformers")]
    [TestCase("pip install --require-hashes --no-deps -r requirements.lock")]
    [TestCase("pip install -e . && pip install . && pip install /wheels/torch-2.4.1-cp311-cp311-linux_x86_64.whl")]
    [TestCase("pip install 'torch @ https://download.pytorch.org/whl/cu121/torch-2.4.1%2Bcu121-cp311-cp311-linux_x86_64.whl'")]
    [TestCase("pip install --no-cache-dir requests flask gunicorn")]
    [TestCase("pip download torch transformers -d /wheels")]
    [TestCase("uv add torch transformers")]
    [TestCase("pip install --index-url https://download.pytorch.org/whl/cu124 torch==2.4.1")]
    [TestCase("pip install --trusted-host pypi.internal x==1")]
    [TestCase("echo 'pip install --extra-index-url https://x torch' > /README")]
    [TestCase("true # pip install torch")]
    public void Is_silent_on_pinned_installs_and_single_https_indexes(string script)
    {
        Assert.That(RuleRunner.Run(Rule, From + "RUN " + script + "\n"), Is.Empty);
    }

    [TestCase("ENV PIP_INDEX_URL=https://pypi.internal/simple")]
    [TestCase("ENV PIP_TRUSTED_HOST=pypi.internal")]
    [TestCase("ARG PIP_EXTRA_INDEX_URL")]
    [TestCase("ENV PIP_CONSTRAINT=/etc/constraints.txt\nRUN pip install torch transformers")]
    [TestCase("# RUN pip install --extra-index-url https://x torch")]
    public void Is_silent_on_safe_settings_and_comments(string lines)
    {
        Assert.That(RuleRunner.Run(Rule, From + lines + "\n"), Is.Empty);
    }

    [Test]
    public void Fires_in_heredoc_scripts_exec_forms_and_continued_lines()
    {
        var findings = RuleRunner.Run(Rule, From + """
            RUN <<EOF
            set -e
            pip install --extra-index-url https://pypi.internal/simple heads==1.3.0
            EOF
            RUN ["pip", "install", "--extra-index-url", "https://pypi.internal/simple", "heads==1.3.0"]
            RUN pip install --no-cache-dir \
                # the models
                torch \
                transformers==4.44.2
            """);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL3008@4", "TL3008@6", "TL3008@9" }));
            Assert.That(findings.Select(f => f.Span.Column), Is.EqualTo(new[] { 13, 24, 5 }));
            Assert.That(findings[2].Severity, Is.EqualTo(Severity.Low));
        });
    }

    [Test]
    public void Fingerprint_is_the_command_not_the_line()
    {
        var before = Single(From + "RUN pip install --extra-index-url https://pypi.internal/simple x==1\n");
        var after = Single(From + "\nRUN  pip install \\\n  --extra-index-url https://pypi.internal/simple   x==1\n");
        Assert.That(after.Fingerprint, Is.EqualTo(before.Fingerprint));
    }
}
