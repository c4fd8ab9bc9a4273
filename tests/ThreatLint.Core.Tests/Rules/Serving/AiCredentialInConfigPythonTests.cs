using ThreatLint.Core.Tests.Rules.Secrets;
using ThreatLint.Rules.Serving;

namespace ThreatLint.Core.Tests.Rules.Serving;

/// <summary>TL2010 on Python source and notebook code cells.</summary>
public class AiCredentialInConfigPythonTests
{
    private static readonly AiCredentialInConfig Rule = new();

    [Test]
    public void Fires_on_keys_given_to_clients_assigned_and_in_headers_naming_where_without_the_value()
    {
        var source = $$"""
            import openai
            from openai import OpenAI
            from huggingface_hub import login

            openai.api_key = "{{FakeKeys.OpenAiLegacy}}"
            client = OpenAI(
                api_key="{{FakeKeys.OpenAiProject}}",  # TODO move to vault
            )
            login(token='{{FakeKeys.HuggingFace}}')
            headers = {"Authorization": f"Bearer {{FakeKeys.Groq}}"}
            WANDB_API_KEY = "{{FakeKeys.WandB}}"
            """;

        var findings = RuleRunner.RunPython(Rule, source);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL2010@5:19", "TL2010@7:14", "TL2010@9:14", "TL2010@10:38", "TL2010@11:18" }));
            Assert.That(findings.Select(f => f.Message), Has.Some.StartWith("openai.api_key holds an OpenAI"));
            Assert.That(findings.Select(f => f.Message), Has.Some.StartWith("api_key holds"));
            Assert.That(findings.Select(f => f.Message), Has.Some.StartWith("token holds a Hugging Face"));
            Assert.That(findings.Select(f => f.Message), Has.Some.StartWith("Authorization holds"));
            Assert.That(string.Join("\n", findings.Select(f => f.Message + f.Fingerprint)), Does.Not.Contain("ThreatLintFixture"));
        });
    }

    [Test]
    public void Fires_in_a_comment_and_in_a_notebook_cell_at_the_json_position()
    {
        var notebook = $$"""
            {"cells": [{"cell_type": "code", "source": ["import os\n", "os.environ['HF_TOKEN'] = '{{FakeKeys.HuggingFace}}'\n", "# old key: {{FakeKeys.Anthropic}}"]}]}
            """;

        var findings = RuleRunner.RunPython(Rule, notebook, "explore.ipynb");

        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { $"TL2010@1:{notebook.IndexOf("hf_", StringComparison.Ordinal) + 1}", $"TL2010@1:{notebook.IndexOf("sk-ant", StringComparison.Ordinal) + 1}" }));
            Assert.That(findings[1].Message, Does.StartWith("a comment (key) holds an Anthropic"));
        });
    }

    [TestCase("client = OpenAI(api_key=os.environ[\"OPENAI_API_KEY\"])")]
    [TestCase("api_key = os.getenv('OPENAI_API_KEY', '')")]
    [TestCase("api_key = \"sk-proj-...\"  # placeholder")]
    [TestCase("api_key = \"<YOUR_OPENAI_KEY>\"")]
    [TestCase("model = AutoModel.from_pretrained('sk-learn/model')")]
    [TestCase("# export OPENAI_API_KEY=sk-... before running")]
    [TestCase("token = f\"hf_{suffix}\"")]
    public void Does_not_fire_on_lookups_placeholders_or_lookalikes(string line)
    {
        Assert.That(RuleRunner.RunPython(Rule, "import os\n" + line + "\n"), Is.Empty);
    }
}

/// <summary>TL2010 on dotenv files.</summary>
public class AiCredentialInConfigEnvFileTests
{
    [Test]
    public void Fires_on_values_and_comments_named_by_their_variable_and_not_on_placeholders()
    {
        var text = $"""
            OPENAI_API_KEY={FakeKeys.OpenAiProject}
            HF_TOKEN="{FakeKeys.HuggingFace}"
            # ANTHROPIC_API_KEY={FakeKeys.Anthropic}
            AZURE_OPENAI_API_KEY=<your-key>
            WANDB_API_KEY=${"{"}WANDB_API_KEY{"}"}
            REPLICATE_API_TOKEN=changeme
            """;
        var findings = new List<ThreatLint.Findings.Finding>();
        new AiCredentialInConfig().Check(ThreatLint.Documents.EnvFile.EnvFileDocument.Parse(text), new ThreatLint.Rules.RuleContext(".env", findings));

        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL2010@1:16", "TL2010@2:11", "TL2010@3:21" }));
            Assert.That(findings[0].Message, Does.StartWith("OPENAI_API_KEY holds an OpenAI"));
            Assert.That(findings[2].Message, Does.StartWith("a comment (ANTHROPIC_API_KEY) holds"));
        });
    }
}
