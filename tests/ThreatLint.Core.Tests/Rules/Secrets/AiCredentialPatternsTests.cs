using ThreatLint.Rules.Secrets;

namespace ThreatLint.Core.Tests.Rules.Secrets;

public class AiCredentialPatternsTests
{
    [TestCase(FakeKeys.OpenAiProject, "", "an OpenAI API key")]
    [TestCase(FakeKeys.OpenAiLegacy, "", "an OpenAI API key")]
    [TestCase("sk-svcacct-ThreatLintFixture_k7Qm2Xv9Rb4Tn8Wz3Lp6Hd1Jc5", "", "an OpenAI service-account key")]
    [TestCase("sk-admin-ThreatLintFixture_k7Qm2Xv9Rb4Tn8Wz3Lp6Hd1Jc5", "", "an OpenAI admin key")]
    [TestCase(FakeKeys.Anthropic, "", "an Anthropic API key")]
    [TestCase(FakeKeys.HuggingFace, "", "a Hugging Face token")]
    [TestCase(FakeKeys.Replicate, "", "a Replicate API token")]
    [TestCase(FakeKeys.Groq, "", "a Groq API key")]
    [TestCase(FakeKeys.Google, "", "a Google API key")]
    [TestCase(FakeKeys.Nvidia, "", "an NVIDIA API key")]
    [TestCase(FakeKeys.WandB, "WANDB_API_KEY", "a Weights & Biases API key")]
    [TestCase(FakeKeys.WandB, "wandb login", "a Weights & Biases API key")]
    [TestCase(FakeKeys.AzureOpenAi, "AZURE_OPENAI_API_KEY", "an Azure OpenAI key")]
    [TestCase(FakeKeys.AzureOpenAi, "azureOpenAiKey", "an Azure OpenAI key")]
    [TestCase(FakeKeys.Cohere, "COHERE_API_KEY", "a Cohere API key")]
    [TestCase(FakeKeys.AwsSecret, "AWS_SECRET_ACCESS_KEY", "an AWS secret access key")]
    [TestCase(FakeKeys.AwsSecret, "aws configure set aws_secret_access_key", "an AWS secret access key")]
    public void Recognises_a_whole_key(string key, string context, string provider)
    {
        var matches = AiCredentialPatterns.Find(key, context);

        Assert.That(matches, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(matches[0].Provider, Is.EqualTo(provider));
            Assert.That((matches[0].Start, matches[0].Length), Is.EqualTo((0, key.Length)));
            Assert.That(AiCredentialPatterns.IsCredential(key, context), Is.True);
        });
    }

    [Test]
    public void Finds_keys_inside_text_with_their_offsets()
    {
        var text = "curl -H \"Authorization: Bearer " + FakeKeys.OpenAiProject + "\" && export HF_TOKEN='" + FakeKeys.HuggingFace + "'";
        var matches = AiCredentialPatterns.Find(text, string.Empty);

        Assert.That(matches.Select(m => text.Substring(m.Start, m.Length)), Is.EqualTo(new[] { FakeKeys.OpenAiProject, FakeKeys.HuggingFace }));
    }

    [Test]
    public void Recognises_a_service_account_private_key_in_JSON_escaped_or_not()
    {
        var json = "{\"type\": \"service_account\", \"private_key\": \"" + FakeKeys.GcpPrivateKey + "\", \"client_email\": \"sa@p.iam.gserviceaccount.com\"}";
        var escaped = json.Replace("\"", "\\\"", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            foreach (var text in new[] { json, escaped })
            {
                var matches = AiCredentialPatterns.Find(text, string.Empty);
                Assert.That(matches.Select(m => m.Provider), Is.EqualTo(new[] { "a Google Cloud service-account private key" }), text);
                Assert.That(text.Substring(matches[0].Start, matches[0].Length), Does.StartWith("-----BEGIN PRIVATE KEY-----").And.EndWith("-----END PRIVATE KEY-----\\n"));
            }
        });
    }

    [TestCase("{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n\"}")]
    [TestCase("{\"private_key\": \"<your private key>\"}")]
    [TestCase("{\"private_key_id\": \"4f9a7c2e1b8d4f6a0c5e9b7d2a4f8c1e6b3d9a70\"}")]
    public void Ignores_service_account_JSON_without_a_key_body(string text)
    {
        Assert.That(AiCredentialPatterns.Find(text, string.Empty), Is.Empty);
    }

    [TestCase("sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "")]
    [TestCase("sk-your-openai-key-goes-here-please-replace-it", "")]
    [TestCase("hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "")]
    [TestCase("hf_YOUR_HUGGING_FACE_TOKEN_HERE_0000000", "")]
    [TestCase("hf_abcdefghijklmnopqrstuvwxyzABCDEFGH", "")]
    [TestCase("sk-ant-api03-...", "")]
    [TestCase("sk-proj-short1234", "")]
    [TestCase("hf_ThreatLintTooShort", "")]
    [TestCase("task-ThreatLintFixtureK7qM2xV9rB4tN8wZ3lP6hD1jC5fG0sa", "")]
    [TestCase("risk-ThreatLintFixtureK7qM2xV9rB4tN8wZ3lP6hD1jC5fG0sa", "")]
    [TestCase("sk-ThreatLintFixtureK7qM2xV9rB4tN8wZ3lP6hD1jC5fG0saThreatLintFixtureK7qM2xV9rB4tN8", "")]
    [TestCase("sk-learn-ThreatLintFixture", "")]
    [TestCase("scikit-learn==1.5.2", "")]
    [TestCase(FakeKeys.WandB, "")]
    [TestCase(FakeKeys.WandB, "GIT_COMMIT")]
    [TestCase(FakeKeys.WandB, "WANDB_RUN_ID")]
    [TestCase(FakeKeys.AzureOpenAi, "AZURE_OPENAI_DEPLOYMENT_ID")]
    [TestCase(FakeKeys.AzureOpenAi, "")]
    [TestCase(FakeKeys.Cohere, "")]
    [TestCase(FakeKeys.AwsSecret, "")]
    [TestCase(FakeKeys.AwsKeyId, "AWS_ACCESS_KEY_ID")]
    [TestCase("sha256:6fd5d72fe4589f189f8ebc006442dbb529bb7ce38f8082112682524616046452", "WANDB_API_KEY")]
    [TestCase("0000000000000000000000000000000000000000", "WANDB_API_KEY")]
    [TestCase("AIzaSy-short", "")]
    public void Ignores_placeholders_lookalikes_and_keys_without_their_name(string text, string context)
    {
        Assert.That(AiCredentialPatterns.Find(text, context), Is.Empty);
    }

    [Test]
    public void Hostile_input_stays_linear()
    {
        var text = string.Concat(Enumerable.Repeat("sk-proj-" + new string('a', 150) + " ", 5000));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        AiCredentialPatterns.Find(text, "WANDB_API_KEY OPENAI COHERE SECRET_ACCESS_KEY");
        Assert.That(watch.Elapsed, Is.LessThan(HangGuard.Limit));
    }
}
