using ThreatLint.Catalog;
using ThreatLint.Core.Tests.Rules.Secrets;
using ThreatLint.Findings;
using ThreatLint.Rules;
using ThreatLint.Rules.ContainerImages;
using ThreatLint.Rules.Secrets;
using ThreatLint.Rules.Serving;

namespace ThreatLint.Core.Tests.Rules.Serving;

public class AiCredentialInConfigTests
{
    private const string From = "FROM vllm/vllm-openai:v0.6.3@sha256:ec8207a3dde607f7867f8f5390915018488b877761306ffd4ef099f9b3ee16a1\n";

    private static readonly AiCredentialInConfig Rule = new();

    private static readonly IDockerfileRule[] SecretRules = [Rule, new SecretInImage()];

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.AiCredentialInConfig.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.Run(SecretRules, example.Failing).Lines(), Is.EqualTo(new[] { "TL2010@2" }));
            Assert.That(RuleRunner.Run(SecretRules, example.Passing), Is.Empty);
        });
    }

    [Test]
    public void Fires_at_the_key_in_an_ENV_value()
    {
        var findings = RuleRunner.Run(Rule, From + "ENV HF_HOME=/models OPENAI_API_KEY=" + FakeKeys.OpenAiProject + "\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        var finding = findings[0];
        Assert.Multiple(() =>
        {
            Assert.That(finding.RuleId, Is.EqualTo("TL2010"));
            Assert.That(finding.Severity, Is.EqualTo(Severity.Critical));
            Assert.That(finding.Confidence, Is.EqualTo(Confidence.High));
            Assert.That((finding.Span.Line, finding.Span.Column, finding.Span.EndColumn), Is.EqualTo((2, 36, 36 + FakeKeys.OpenAiProject.Length)));
            Assert.That(finding.Message, Is.EqualTo(
                "ENV OPENAI_API_KEY holds an OpenAI API key in plain text (value masked): anyone who can read the file or the image can use it"));
        });
    }

    /// <summary>Each case yields exactly one finding when TL2010 and TL4005 both run: TL4005 leaves these to TL2010.</summary>
    [TestCase("ENV OPENAI_API_KEY=" + FakeKeys.OpenAiProject, "ENV OPENAI_API_KEY", "an OpenAI API key")]
    [TestCase("ENV OPENAI_API_KEY " + FakeKeys.OpenAiLegacy, "ENV OPENAI_API_KEY", "an OpenAI API key")]
    [TestCase("ENV ANTHROPIC_API_KEY=\"" + FakeKeys.Anthropic + "\"", "ENV ANTHROPIC_API_KEY", "an Anthropic API key")]
    [TestCase("ARG HF_TOKEN=" + FakeKeys.HuggingFace, "ARG HF_TOKEN", "a Hugging Face token")]
    [TestCase("ENV HUGGING_FACE_HUB_TOKEN=" + FakeKeys.HuggingFace, "ENV HUGGING_FACE_HUB_TOKEN", "a Hugging Face token")]
    [TestCase("ENV REPLICATE_API_TOKEN=" + FakeKeys.Replicate, "ENV REPLICATE_API_TOKEN", "a Replicate API token")]
    [TestCase("ENV GROQ_API_KEY=" + FakeKeys.Groq, "ENV GROQ_API_KEY", "a Groq API key")]
    [TestCase("ENV GEMINI_API_KEY=" + FakeKeys.Google, "ENV GEMINI_API_KEY", "a Google API key")]
    [TestCase("ENV NGC_API_KEY=" + FakeKeys.Nvidia, "ENV NGC_API_KEY", "an NVIDIA API key")]
    [TestCase("ENV WANDB_API_KEY=" + FakeKeys.WandB, "ENV WANDB_API_KEY", "a Weights & Biases API key")]
    [TestCase("ENV AZURE_OPENAI_API_KEY=" + FakeKeys.AzureOpenAi, "ENV AZURE_OPENAI_API_KEY", "an Azure OpenAI key")]
    [TestCase("ENV COHERE_API_KEY=" + FakeKeys.Cohere, "ENV COHERE_API_KEY", "a Cohere API key")]
    [TestCase("ENV AWS_ACCESS_KEY_ID=" + FakeKeys.AwsKeyId + " AWS_SECRET_ACCESS_KEY=" + FakeKeys.AwsSecret, "ENV AWS_SECRET_ACCESS_KEY", "an AWS secret access key")]
    [TestCase("ENV MODEL_NAME=" + FakeKeys.HuggingFace, "ENV MODEL_NAME", "a Hugging Face token")]
    [TestCase("LABEL org.example.key=" + FakeKeys.OpenAiProject, "LABEL org.example.key", "an OpenAI API key")]
    public void Fires_once_per_key_in_ENV_ARG_and_LABEL(string instruction, string where, string provider)
    {
        var findings = RuleRunner.Run(SecretRules, From + instruction + "\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].RuleId, Is.EqualTo("TL2010"));
            Assert.That(findings[0].Message, Does.StartWith(where + " holds " + provider + " in plain text"));
        });
    }

    [TestCase("RUN huggingface-cli login --token " + FakeKeys.HuggingFace, "RUN huggingface-cli login --token")]
    [TestCase("RUN curl -H 'Authorization: Bearer " + FakeKeys.Nvidia + "' https://integrate.api.nvidia.com/v1/models", "RUN curl -H Authorization: Bearer")]
    [TestCase("RUN curl -H Authorization:" + FakeKeys.Nvidia + " https://integrate.api.nvidia.com/v1/models", "RUN curl -H Authorization:")]
    [TestCase("RUN curl -H X " + FakeKeys.Nvidia, "RUN curl -H")]
    [TestCase("RUN wandb login " + FakeKeys.WandB, "RUN wandb login")]
    [TestCase("RUN WANDB_API_KEY=" + FakeKeys.WandB + " python train.py", "RUN WANDB_API_KEY=")]
    [TestCase("RUN export OPENAI_API_KEY=" + FakeKeys.OpenAiProject + " && python eval.py", "RUN export OPENAI_API_KEY=")]
    [TestCase("RUN aws configure set aws_secret_access_key " + FakeKeys.AwsSecret, "RUN aws … set aws_secret_access_key")]
    [TestCase("RUN curl -H \"Authorization: Bearer " + FakeKeys.Anthropic + "\" https://api.anthropic.com/v1/models", "RUN curl -H Authorization: Bearer")]
    [TestCase("CMD [\"python\", \"-m\", \"vllm.entrypoints.openai.api_server\", \"--api-key\", \"" + FakeKeys.OpenAiProject + "\"]", "CMD python … vllm.entrypoints.openai.api_server --api-key")]
    [TestCase("ENTRYPOINT [\"" + FakeKeys.OpenAiProject + "\"]", "ENTRYPOINT")]
    [TestCase("HEALTHCHECK CMD curl -fsS -H \"x-api-key: " + FakeKeys.Groq + "\" localhost:8000/health", "HEALTHCHECK … x-api-key:")]
    public void Fires_on_keys_in_commands_naming_the_context_but_not_the_value(string instruction, string where)
    {
        var findings = RuleRunner.Run(SecretRules, From + instruction + "\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].Message, Does.StartWith(where + " holds "));
    }

    [Test]
    public void Names_a_key_inside_sh_c_by_the_command_that_uses_it_and_reports_it_once()
    {
        var instruction = "RUN sh -c \"curl -fsS -H 'x-api-key: " + FakeKeys.Anthropic + "' https://api.anthropic.com/v1/models\"";
        var findings = RuleRunner.Run(Rule, From + instruction + "\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Message, Does.StartWith("RUN curl -fsS -H x-api-key: holds an Anthropic API key"));
            Assert.That((findings[0].Span.Line, findings[0].Span.Column), Is.EqualTo((2, instruction.IndexOf("sk-ant-", StringComparison.Ordinal) + 1)));
        });
    }

    [Test]
    public void Reads_RUN_heredoc_scripts_as_text_once()
    {
        var findings = RuleRunner.Run(SecretRules, From + "RUN <<EOF\nset -e\nexport HF_TOKEN=" + FakeKeys.HuggingFace + "\nhuggingface-cli download org/model\nEOF\n");

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL2010@4" }));
        Assert.That(findings[0].Message, Does.StartWith("RUN <<EOF HF_TOKEN holds a Hugging Face token"));
    }

    [Test]
    public void Fires_at_the_key_in_a_continued_RUN_line()
    {
        var findings = RuleRunner.Run(Rule, From + "RUN pip install huggingface_hub==0.25.2 \\\n && huggingface-cli login \\\n      --token " + FakeKeys.HuggingFace + "\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That((findings[0].Span.Line, findings[0].Span.Column, findings[0].Span.EndLine), Is.EqualTo((4, 15, 4)));
    }

    [Test]
    public void Does_not_show_another_words_secret_as_context()
    {
        var findings = RuleRunner.Run(Rule, From + "RUN ./login.sh Qm2Xv9Rb4Tn8Wz3Lp6Hd1Jc " + FakeKeys.HuggingFace + "\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].Message, Does.StartWith("RUN ./login.sh holds").And.Not.Contain("Qm2Xv9"));
    }

    [Test]
    public void Fires_in_heredoc_bodies_with_the_name_before_the_key()
    {
        var findings = RuleRunner.Run(Rule, From + "COPY <<EOF /app/.env\nMODEL=gpt-4o-mini\n  OPENAI_API_KEY=" + FakeKeys.OpenAiProject + "\nEOF\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That((findings[0].Span.Line, findings[0].Span.Column), Is.EqualTo((4, 18)));
            Assert.That(findings[0].Message, Does.StartWith("COPY <<EOF OPENAI_API_KEY holds an OpenAI API key"));
        });
    }

    [Test]
    public void Fires_on_a_service_account_key_in_a_heredoc()
    {
        var findings = RuleRunner.Run(Rule, From + "COPY <<'EOF' /var/secrets/sa.json\n{\n  \"type\": \"service_account\",\n  \"private_key\": \"" + FakeKeys.GcpPrivateKey + "\"\n}\nEOF\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That((findings[0].Span.Line, findings[0].Span.Column), Is.EqualTo((5, 19)));
            Assert.That(findings[0].Message, Does.StartWith("COPY <<EOF private_key holds a Google Cloud service-account private key"));
        });
    }

    [Test]
    public void Fires_on_a_key_left_in_a_comment()
    {
        var findings = RuleRunner.Run(Rule, From + "  # old: HF_TOKEN=" + FakeKeys.HuggingFace + "\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That((findings[0].Span.Line, findings[0].Span.Column), Is.EqualTo((2, 3)));
            Assert.That(findings[0].Message, Does.StartWith("a comment (HF_TOKEN) holds a Hugging Face token"));
        });
    }

    [Test]
    public void Works_with_the_backtick_escape()
    {
        var findings = RuleRunner.Run(Rule, "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nENV AZURE_OPENAI_API_KEY=" + FakeKeys.AzureOpenAi + " `\n    AZURE_OPENAI_ENDPOINT=https://contoso.openai.azure.com/\n");

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL2010@3" }));
        Assert.That(findings[0].Span.Column, Is.EqualTo(26));
    }

    [TestCase("ENV OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [TestCase("ENV OPENAI_API_KEY=<your-openai-key>")]
    [TestCase("ENV OPENAI_API_KEY=${OPENAI_API_KEY}")]
    [TestCase("ENV HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [TestCase("ARG HF_TOKEN")]
    [TestCase("RUN --mount=type=secret,id=hf_token,env=HF_TOKEN huggingface-cli download meta-llama/Llama-3.1-8B-Instruct")]
    [TestCase("RUN pip install scikit-learn==1.5.2 sk-video==1.1.10")]
    [TestCase("ENV GIT_COMMIT=" + FakeKeys.WandB)]
    [TestCase("ENV AZURE_OPENAI_DEPLOYMENT_ID=" + FakeKeys.AzureOpenAi)]
    [TestCase("ENV AWS_ACCESS_KEY_ID=" + FakeKeys.AwsKeyId)]
    [TestCase("ADD --checksum=sha256:6fd5d72fe4589f189f8ebc006442dbb529bb7ce38f8082112682524616046452 https://example.org/m.onnx /m/")]
    [TestCase("# Set OPENAI_API_KEY at run time, e.g. sk-proj-...")]
    public void Is_silent_on_placeholders_references_and_lookalikes(string instruction)
    {
        Assert.That(RuleRunner.Run(Rule, From + instruction + "\n"), Is.Empty);
    }

    [Test]
    public void No_message_or_fingerprint_evidence_holds_a_secret()
    {
        var dockerfile = From + string.Join("\n", FakeKeys.All.Select((key, i) => i switch
        {
            8 => "ENV WANDB_API_KEY=" + key,
            9 => "ENV AZURE_OPENAI_API_KEY=" + key,
            10 => "ENV COHERE_API_KEY=" + key,
            11 => "ENV AWS_SECRET_ACCESS_KEY=" + key,
            _ => "RUN ./serve --key " + key,
        })) + "\n";

        var findings = RuleRunner.Run(SecretRules, dockerfile);

        Assert.That(findings, Has.Count.EqualTo(FakeKeys.All.Length));
        Assert.Multiple(() =>
        {
            foreach (var finding in findings)
            {
                Assert.That(finding.RuleId, Is.EqualTo("TL2010"));
                foreach (var key in FakeKeys.All)
                {
                    Assert.That(finding.Message, Does.Not.Contain(key));
                    Assert.That(finding.Fingerprint, Does.Not.Contain(key));
                }

                Assert.That(finding.Message, Does.Not.Contain("ThreatLintFixture"));

                // The fingerprint's input is exactly "provider where sha256:<hash>": rebuilt from the message and the key on that line.
                var secret = FakeKeys.All[finding.Span.Line - 2];
                var where = finding.Message.Substring(0, finding.Message.IndexOf(" holds ", StringComparison.Ordinal));
                var provider = finding.Message.Substring(where.Length + " holds ".Length, finding.Message.IndexOf(" in plain text", StringComparison.Ordinal) - where.Length - " holds ".Length);
                var evidence = SecretValues.Evidence(provider, where, secret);
                Assert.That(evidence, Does.Not.Contain(secret));
                Assert.That(finding.Fingerprint, Is.EqualTo(Fingerprints.Compute("TL2010", "Dockerfile", evidence)));
            }
        });
    }

    [Test]
    public void Fingerprint_is_provider_name_and_hash_so_rotation_is_a_new_finding()
    {
        var before = RuleRunner.Run(Rule, From + "ENV HF_TOKEN=" + FakeKeys.HuggingFace + "\n");
        var moved = RuleRunner.Run(Rule, From + "\n# moved\nENV   HF_TOKEN=" + FakeKeys.HuggingFace + "\n");
        var rotated = RuleRunner.Run(Rule, From + "ENV HF_TOKEN=hf_ThreatLintFixtureRotatedMq3Zt8Wn1Vb6\n");
        var expected = Fingerprints.Compute("TL2010", "Dockerfile", SecretValues.Evidence("a Hugging Face token", "ENV HF_TOKEN", FakeKeys.HuggingFace));
        Assert.Multiple(() =>
        {
            Assert.That(before[0].Fingerprint, Is.EqualTo(expected));
            Assert.That(moved[0].Fingerprint, Is.EqualTo(before[0].Fingerprint));
            Assert.That(rotated[0].Fingerprint, Is.Not.EqualTo(before[0].Fingerprint));
        });
    }
}
