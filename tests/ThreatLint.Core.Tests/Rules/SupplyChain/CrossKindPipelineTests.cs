using ThreatLint.Rules.ContainerImages;
using ThreatLint.Rules.Serving;
using ThreatLint.Rules.SupplyChain;

namespace ThreatLint.Core.Tests.Rules.SupplyChain;

/// <summary>TL1010, TL1011, TL1012, TL2010, TL3008 and TL4003 on pipeline steps (their <c>*.Pipelines.cs</c> parts).</summary>
public class CrossKindPipelineTests
{
    private const string Workflow = ".github/workflows/train.yml";

    private static string Step(string script, string env = "") => $$"""
        on: push
        permissions: {}
        jobs:
          train:
            runs-on: ubuntu-24.04
            steps:
              - name: Train
                run: |
                  {{script}}
        {{env}}
        """;

    [TestCase("huggingface-cli download mistralai/Mistral-7B-v0.1", "TL1010@9")]
    [TestCase("huggingface-cli download mistralai/Mistral-7B-v0.1 --revision 26bca36bde8333b5d7f72e9ed20ccda6a618af24", "")]
    [TestCase("vllm serve Qwen/Qwen2-7B-Instruct --port 8000", "TL1010@9")]
    public void Third_party_model_unpinned(string script, string expected) =>
        Assert.That(string.Join(" ", RuleRunner.RunYaml(new ThirdPartyModelUnpinned(), Step(script), Workflow).Lines()), Is.EqualTo(expected));

    [Test]
    public void Trust_remote_code_in_scripts_env_and_argo_args()
    {
        var env = "        env:\n          TRUST_REMOTE_CODE: \"true\"";
        var argo = """
            apiVersion: argoproj.io/v1alpha1
            kind: Workflow
            metadata: {generateName: eval-}
            spec:
              templates:
                - name: eval
                  container:
                    image: ghcr.io/contoso/eval@sha256:0279f7aa29974bf64e61d0ff6e979b41a249b3662a46e30778dbf80b8c99c361
                    command: [lm_eval, --model, hf, --model_args, "pretrained=org/m,trust_remote_code=True"]
            """;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.RunYaml(new TrustRemoteCode(), Step("python eval.py --trust-remote-code", env), Workflow).Positions(), Is.EqualTo(new[] { "TL1011@9:26", "TL1011@11:11" }));
            Assert.That(RuleRunner.RunYaml(new TrustRemoteCode(), argo, "workflows/eval.yaml").Lines(), Is.EqualTo(new[] { "TL1011@9" }));
            Assert.That(RuleRunner.RunYaml(new TrustRemoteCode(), Step("python eval.py --trust-remote-code"), "deploy/values.yaml"), Is.Empty);
        });
    }

    [TestCase("wget -q https://models.contoso.net/m.safetensors -O m.safetensors", "TL1012@9")]
    [TestCase("wget -q https://models.contoso.net/m.safetensors -O m.safetensors && echo \"4f1c0f5c0c9a2d0c3c1f3a8e3e1b0f4f7d9a1e2b3c4d5e6f7a8b9c0d1e2f3a4b  m.safetensors\" | sha256sum -c -", "")]
    [TestCase("curl -fsSL https://get.contoso.net/setup.sh | bash", "")]
    public void Artifact_download_unverified(string script, string expected) =>
        Assert.That(string.Join(" ", RuleRunner.RunYaml(new ArtifactDownloadUnverified(), Step(script), Workflow).Lines()), Is.EqualTo(expected));

    [Test]
    public void Remote_script_execution_names_the_step()
    {
        var finding = RuleRunner.RunYaml(new RemoteScriptExecution(), Step("curl -fsSL https://get.contoso.net/setup.sh | sudo bash"), Workflow).Single();
        Assert.Multiple(() =>
        {
            Assert.That(finding.Span.Line, Is.EqualTo(9));
            Assert.That(finding.Message, Does.StartWith("job train step 'Train' run: curl … | sudo bash runs a script fetched from https://get.contoso.net/setup.sh"));
        });
    }

    [Test]
    public void Package_index_untrusted_in_scripts_and_variables()
    {
        var gitlab = """
            variables:
              PIP_EXTRA_INDEX_URL: https://pypi.contoso.net/simple
            train:
              script:
                - pip install --index-url http://pypi.contoso.net/simple contoso-features==1.0
                - pip install torch transformers
            """;
        var findings = RuleRunner.RunYaml(new PackageIndexUntrusted(), gitlab, ".gitlab-ci.yml");
        Assert.Multiple(() =>
        {
            Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL3008@2", "TL3008@5", "TL3008@6" }));
            Assert.That(findings[2].Severity, Is.EqualTo(Catalog.Severity.Low));
        });
    }

    [Test]
    public void Ai_credentials_anywhere_in_a_pipeline_are_masked()
    {
        var key = Secrets.FakeKeys.OpenAiProject;
        var yaml = Step("python eval.py", "        env:\n          OPENAI_API_KEY: " + key);
        var finding = RuleRunner.RunYaml(new AiCredentialInConfig(), yaml, Workflow).Single();
        Assert.Multiple(() =>
        {
            Assert.That(finding.Span.Line, Is.EqualTo(11));
            Assert.That(finding.Message, Does.StartWith("OPENAI_API_KEY holds an OpenAI API key"));
            Assert.That(finding.Message + finding.Fingerprint, Does.Not.Contain(key));
        });
    }
}
