using ThreatLint.Core.Tests.Rules.Secrets;

namespace ThreatLint.Core.Tests.Rules.Serving;

/// <summary>TL3008 and TL2010 on BentoML build files (<c>bentofile.yaml</c>).</summary>
public class BentofileRulesTests
{
    private const string Hardened = """
        service: "service:Summarization"
        labels:
          owner: ml-platform
        include:
          - "*.py"
        python:
          requirements_txt: "./requirements.txt"
          index_url: "https://pypi.internal.example.com/simple"
          lock_packages: true
        docker:
          distro: debian
          python_version: "3.11"
          system_packages: [ "ffmpeg" ]
        envs:
          - name: HF_HUB_OFFLINE
            value: "1"
          - name: OPENAI_API_KEY
        models:
          - "summarization-model:latest"
        """;

    [Test]
    public void Hardened_bentofile_is_clean()
    {
        var findings = ServingScan.Run(("bentofile.yaml", Hardened));
        Assert.That(findings.Where(f => f.RuleId is "TL3008" or "TL2010" or "TL9001").Select(f => f.RuleId + "@" + f.Span.Line), Is.Empty);
    }

    [Test]
    public void Extra_index_and_http_index_fire()
    {
        const string text = """
            service: "service:Summarization"
            python:
              packages:
                - torch==2.4.1
              index_url: "http://pypi.internal.example.com/simple"
              extra_index_url:
                - "https://download.pytorch.org/whl/cu121"
              trusted_host:
                - "pypi.internal.example.com"
            """;
        Assert.That(ServingScan.Run(("bentofile.yaml", text)).Of("TL3008"), Is.EqualTo(new[] { "bentofile.yaml@5", "bentofile.yaml@7" }));
    }

    [TestCase("--extra-index-url https://download.pytorch.org/whl/cu121", 1)]
    [TestCase("--index-url http://mirror.example.com/simple", 1)]
    [TestCase("--index-url https://mirror.example.com/simple --no-cache-dir", 0)]
    [TestCase("--no-cache-dir", 0)]
    public void Pip_args_are_read_as_flags(string args, int expected)
    {
        var text = "service: \"service:Svc\"\npython:\n  requirements_txt: requirements.txt\n  pip_args: \"" + args + "\"\n";
        Assert.That(ServingScan.Run(("bentofile.yaml", text)).Of("TL3008"), Has.Count.EqualTo(expected));
    }

    [Test]
    public void Trusted_host_is_TL4007()
    {
        const string text = "service: \"service:Svc\"\npython:\n  trusted_host:\n    - \"pypi.internal.example.com\"\n  pip_args: \"--trusted-host mirror.example.com --no-cache-dir\"\n";
        var findings = ServingScan.Run(("bentofile.yaml", text));
        Assert.Multiple(() =>
        {
            Assert.That(findings.Of("TL4007"), Is.EqualTo(new[] { "bentofile.yaml@4", "bentofile.yaml@5" }));
            Assert.That(findings.Of("TL3008"), Is.Empty);
            Assert.That(ServingScan.Run(("bentofile.yaml", Hardened)).Of("TL4007"), Is.Empty);
            Assert.That(ServingScan.Run(("values.yaml", "python:\n  trusted_host: [\"x\"]\n")).Of("TL4007"), Is.Empty);
        });
    }

    [TestCase("false", 1)]
    [TestCase("true", 0)]
    public void Unpinned_ml_packages_fire_only_without_the_lock(string lockPackages, int expected)
    {
        var text = "service: \"service:Svc\"\npython:\n  lock_packages: " + lockPackages + "\n  packages:\n    - torch\n    - transformers>=4.40\n    - pydantic\n";
        Assert.That(ServingScan.Run(("bentofile.yaml", text)).Of("TL3008"), Has.Count.EqualTo(expected));
    }

    [Test]
    public void Recognised_by_content_under_another_name()
    {
        const string text = "service: \"service:Svc\"\npython:\n  extra_index_url: \"https://download.pytorch.org/whl/cu121\"\n";
        Assert.Multiple(() =>
        {
            Assert.That(ServingScan.Run(("deploy/bento-build.yaml", text)).Of("TL3008"), Has.Count.EqualTo(1));
            Assert.That(ServingScan.Run(("deploy/other.yaml", "python:\n  extra_index_url: \"https://download.pytorch.org/whl/cu121\"\n")).Of("TL3008"), Is.Empty);
        });
    }

    [Test]
    public void Credentials_in_envs_and_docker_env_fire()
    {
        var text = "service: \"service:Svc\"\nenvs:\n  - name: HF_TOKEN\n    value: \"" + FakeKeys.HuggingFace + "\"\ndocker:\n  env:\n    OPENAI_API_KEY: \"" + FakeKeys.OpenAiProject + "\"\n";
        var findings = ServingScan.Run(("bentofile.yaml", text));
        Assert.Multiple(() =>
        {
            Assert.That(findings.Of("TL2010"), Is.EqualTo(new[] { "bentofile.yaml@4", "bentofile.yaml@7" }));
            Assert.That(findings.Where(f => f.RuleId == "TL2010").Select(f => f.Message), Has.None.Contains(FakeKeys.HuggingFace).And.None.Contains(FakeKeys.OpenAiProject));
        });
    }
}
