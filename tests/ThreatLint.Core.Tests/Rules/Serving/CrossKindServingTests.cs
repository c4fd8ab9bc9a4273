using ThreatLint.Rules.Serving;
using ThreatLint.Rules.SupplyChain;

namespace ThreatLint.Core.Tests.Rules.Serving;

/// <summary>TL1010, TL1011 and TL2010 on serving manifests (the CheckServing halves of the cross-kind rules).</summary>
public class CrossKindServingTests
{
    private const string Tgi = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: tgi}
        spec:
          template:
            spec:
              containers:
                - name: tgi
                  image: ghcr.io/huggingface/text-generation-inference:2.4.0
                  env:
                    - name: MODEL_ID
                      value: HuggingFaceH4/zephyr-7b-beta
                    - name: REVISION
                      value: @REV@
                    - name: TRUST_REMOTE_CODE
                      value: "@TRUST@"
                    - name: HF_TOKEN
                      value: @TOKEN@
        """;

    private static string Manifest(string revision = "main", string trust = "false", string token = "\"\"") =>
        Tgi.Replace("@REV@", revision, StringComparison.Ordinal).Replace("@TRUST@", trust, StringComparison.Ordinal).Replace("@TOKEN@", token, StringComparison.Ordinal);

    [Test]
    public void Tgi_model_id_without_a_commit_revision()
    {
        Assert.Multiple(() =>
        {
            var finding = RuleRunner.RunYaml(new ThirdPartyModelUnpinned(), Manifest()).Single();
            Assert.That((finding.Span.Line, finding.Span.Column), Is.EqualTo((12, 22)));
            Assert.That(finding.Message, Does.Contain("REVISION=main is a branch or tag, not a commit"));
            Assert.That(RuleRunner.RunYaml(new ThirdPartyModelUnpinned(), Manifest(revision: "b70e0c9a2d9e14bd1e812d3c398e5f313e93b473")), Is.Empty);
        });
    }

    [Test]
    public void Trust_remote_code_env_flag_and_config_keys()
    {
        const string values = "# Helm values of a vLLM chart\nmodel:\n  name: org/model\n  trustRemoteCode: true\nserving:\n  trust_remote_code: \"false\"\n";
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.RunYaml(new TrustRemoteCode(), Manifest(trust: "true")).Lines(), Is.EqualTo(new[] { "TL1011@15" }));
            Assert.That(RuleRunner.RunYaml(new TrustRemoteCode(), Manifest(trust: "false")), Is.Empty);
            Assert.That(RuleRunner.RunYaml(new TrustRemoteCode(), values, "chart/values.yaml").Lines(), Is.EqualTo(new[] { "TL1011@4" }));
        });
    }

    [Test]
    public void Pipeline_files_are_left_to_the_pipeline_detectors_and_reported_once()
    {
        const string workflow = "on: push\njobs:\n  serve:\n    runs-on: ubuntu-latest\n    steps:\n      - run: vllm serve org/model --trust-remote-code\n";
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.RunYaml(new TrustRemoteCode(), workflow, ".github/workflows/serve.yml").Positions(), Is.EqualTo(new[] { "TL1011@6:35" }));
            Assert.That(RuleRunner.RunYaml(new ThirdPartyModelUnpinned(), workflow, ".github/workflows/serve.yml").Positions(), Is.EqualTo(new[] { "TL1010@6:25" }));
        });
    }

    [Test]
    public void Credentials_are_masked_and_placeholders_are_not_credentials()
    {
        var key = "hf_" + "FixtureOnlyNotRealKq7Wp2Zr5Xc8Vb3Nm6Lt";
        var finding = RuleRunner.RunYaml(new AiCredentialInConfig(), Manifest(token: key)).Single();
        Assert.Multiple(() =>
        {
            Assert.That((finding.Span.Line, finding.Span.Column), Is.EqualTo((18, 22)));
            Assert.That(finding.Message, Is.EqualTo("env HF_TOKEN holds a Hugging Face token in plain text (value masked): anyone who can read the file or the image can use it"));
            Assert.That(finding.Message + finding.Fingerprint, Does.Not.Contain(key));
            Assert.That(RuleRunner.RunYaml(new AiCredentialInConfig(), Manifest(token: "\"<your-hf-token>\"")), Is.Empty);
            Assert.That(RuleRunner.RunYaml(new AiCredentialInConfig(), Manifest(token: "${HF_TOKEN}")), Is.Empty);
            Assert.That(RuleRunner.RunYaml(new AiCredentialInConfig(), Manifest(token: "changeme")), Is.Empty);
        });
    }

    [Test]
    public void Secret_data_is_decoded_and_reported_at_the_encoded_value()
    {
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("sk-proj-" + "FixtureOnlyNotRealAb12Cd34Ef56Gh78Ij90Kl12Mn34"));
        var secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: openai}\ntype: Opaque\ndata:\n  api-key: " + encoded + "\n";
        var finding = RuleRunner.RunYaml(new AiCredentialInConfig(), secret).Single();
        Assert.Multiple(() =>
        {
            Assert.That(finding.Span.Line, Is.EqualTo(6));
            Assert.That(finding.Message, Does.StartWith("Secret data api-key (base64) holds an OpenAI API key"));
        });
    }

    [Test]
    public void Properties_values_are_checked()
    {
        var key = "sk-ant-" + "api03-FixtureOnlyNotRealAb12Cd34Ef56Gh78Ij90Kl12";
        var findings = ServingScan.Run(("config.properties", "inference_address=http://0.0.0.0:8080\nanthropic_api_key=" + key + "\n"));
        var finding = findings.Single(f => f.RuleId == "TL2010");
        Assert.Multiple(() =>
        {
            Assert.That((finding.Span.Line, finding.Span.Column), Is.EqualTo((2, 19)));
            Assert.That(finding.Message, Does.Not.Contain(key));
        });
    }
}
