using ThreatLint.Catalog;
using ThreatLint.Rules.SupplyChain;

namespace ThreatLint.Core.Tests.Rules.SupplyChain;

public class TrustRemoteCodeTests
{
    private const string From = "FROM vllm/vllm-openai:v0.6.3@sha256:ec8207a3dde607f7867f8f5390915018488b877761306ffd4ef099f9b3ee16a1\n";

    private static readonly TrustRemoteCode Rule = new();

    private static IReadOnlyList<Findings.Finding> Run(string source, string path = "serve.py") => RuleRunner.RunPython(Rule, source, path);

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.TrustRemoteCode.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(Run(example.Failing, example.FileName).Positions(), Is.EqualTo(new[] { "TL1011@6:5" }));
            Assert.That(Run(example.Passing, example.FileName), Is.Empty);
        });
    }

    [Test]
    public void Fires_at_the_keyword_with_the_call_and_model_in_the_message()
    {
        var findings = Run("""
            from transformers import AutoModel
            MODEL = "Qwen/Qwen-7B-Chat"
            model = AutoModel.from_pretrained(MODEL, trust_remote_code=True).eval()
            """);

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Span, Is.EqualTo(new Findings.SourceSpan(3, 42, 3, 59)));
            Assert.That(findings[0].Severity, Is.EqualTo(Severity.Critical));
            Assert.That(findings[0].Message, Is.EqualTo(
                "AutoModel.from_pretrained(\"Qwen/Qwen-7B-Chat\", trust_remote_code=True) lets the model repository run its own Python code in this process"));
        });
    }

    [Test]
    public void Fires_on_any_call_and_through_literal_unpacking()
    {
        var findings = Run("""
            tok = AutoTokenizer.from_pretrained(name, trust_remote_code=True)
            pipe = pipeline("text-generation", model=name, **{"trust_remote_code": True})
            cfg = AutoConfig.from_pretrained(name, **dict(trust_remote_code=True))
            ds = load_dataset("org/data", trust_remote_code=True)
            """);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1011@1:43", "TL1011@2:51", "TL1011@3:47", "TL1011@4:31" }));
            Assert.That(findings[0].Message, Does.StartWith("AutoTokenizer.from_pretrained(…, trust_remote_code=True)"));
            Assert.That(findings[2].Message, Does.StartWith("AutoConfig.from_pretrained(…, trust_remote_code=True)"));
        });
    }

    [Test]
    public void Fires_on_a_dict_entry_naming_the_call_that_takes_it()
    {
        var findings = Run("""
            embeddings = HuggingFaceEmbeddings(
                model_name="nomic-ai/nomic-embed-text-v1.5",
                model_kwargs={"device": "cpu", "trust_remote_code": True},
            )
            LOADER_KWARGS = {'trust_remote_code': True}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1011@3:36", "TL1011@5:18" }));
            Assert.That(findings[0].Message, Does.StartWith("HuggingFaceEmbeddings(model_kwargs={\"trust_remote_code\": True}) lets"));
            Assert.That(findings[1].Message, Does.StartWith("{\"trust_remote_code\": True} lets"));
        });
    }

    [TestCase("AutoModel.from_pretrained(m, trust_remote_code=False)")]
    [TestCase("AutoModel.from_pretrained(m, trust_remote_code=args.trust_remote_code)")]
    [TestCase("AutoModel.from_pretrained(m, trust_remote_code=TRUST)")]
    [TestCase("AutoModel.from_pretrained(m, **kwargs)")]
    [TestCase("cfg = {'trust_remote_code': False}")]
    [TestCase("x = 'trust_remote_code=True'")]
    [TestCase("# trust_remote_code=True is dangerous")]
    [TestCase("parser.add_argument('--trust-remote-code', action='store_true')")]
    public void Does_not_fire_without_a_literal_True(string line)
    {
        Assert.That(Run(line + "\n"), Is.Empty);
    }

    [Test]
    public void Fires_on_notebook_shell_lines()
    {
        var notebook = """
            {"cells": [{"cell_type": "code", "source": [
              "!lm_eval --model hf --model_args pretrained=tiiuae/falcon-7b,trust_remote_code=True --tasks hellaswag\n",
              "!python -m vllm.entrypoints.openai.api_server --model org/m --trust-remote-code"
            ]}]}
            """;

        var findings = Run(notebook, "eval.ipynb");
        Assert.Multiple(() =>
        {
            Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL1011@2", "TL1011@3" }));
            Assert.That(findings.Select(f => f.Message.Split(" lets")[0]), Is.EqualTo(new[]
            {
                "! lm_eval pretrained=tiiuae/falcon-7b,trust_remote_code=True", "! python --trust-remote-code",
            }));
        });
    }

    [Test]
    public void Dockerfile_flag_on_the_container_command_line()
    {
        var findings = RuleRunner.Run(Rule, From + """
            USER 10001
            CMD ["--model", "deepseek-ai/DeepSeek-V2-Lite", "--revision", "604d5664dddd88a0433dbae533b7fe9472482de0", \
                 "--trust-remote-code"]
            """);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1011@4:6" }));
            Assert.That(findings[0].Span.EndColumn, Is.EqualTo(6 + "\"--trust-remote-code\"".Length));
            Assert.That(findings[0].Message, Is.EqualTo("CMD --trust-remote-code lets the model repository run its own Python code in this process"));
        });
    }

    [Test]
    public void Dockerfile_flag_in_RUN_and_shell_form_commands()
    {
        var findings = RuleRunner.Run(Rule, From + """
            RUN python -m vllm.entrypoints.openai.api_server --help >/dev/null \
             && text-generation-launcher --model-id org/m --trust-remote-code=true --help
            ENTRYPOINT vllm serve org/m --trust-remote-code
            """);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1011@3:47", "TL1011@4:29" }));
            Assert.That(findings[0].Message, Does.StartWith("RUN text-generation-launcher --trust-remote-code=true lets"));
            Assert.That(findings[1].Message, Does.StartWith("ENTRYPOINT vllm --trust-remote-code lets"));
        });
    }

    [Test]
    public void Dockerfile_environment_switches()
    {
        var findings = RuleRunner.Run(Rule, """
            FROM ghcr.io/huggingface/text-generation-inference:2.2.0@sha256:d39d513f13727ffa9b6a4d0e949f36413b944aabc9a236c0aa2986c929906769
            ENV MODEL_ID=tiiuae/falcon-7b-instruct \
                TRUST_REMOTE_CODE=true
            RUN export HF_DATASETS_TRUST_REMOTE_CODE=1 && python prepare.py
            RUN HF_DATASETS_TRUST_REMOTE_CODE=yes python prepare.py
            ENV TRUST_REMOTE_CODE=false
            """);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1011@3:5", "TL1011@4:12", "TL1011@5:5" }));
            Assert.That(findings.Select(f => f.Message.Split(" lets")[0]), Is.EqualTo(new[]
            {
                "ENV TRUST_REMOTE_CODE=true", "RUN HF_DATASETS_TRUST_REMOTE_CODE=1", "RUN HF_DATASETS_TRUST_REMOTE_CODE=yes",
            }));
        });
    }

    [Test]
    public void Dockerfile_CMD_of_a_build_stage_does_not_run()
    {
        var findings = RuleRunner.Run(Rule, """
            FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1 AS probe
            CMD ["vllm", "serve", "org/m", "--trust-remote-code"]
            FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1
            CMD ["python", "serve.py"]
            """);

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Dockerfile_python_run_while_building_is_read_as_python()
    {
        var findings = RuleRunner.Run(Rule, From + """
            RUN python -c 'from transformers import AutoModel; AutoModel.from_pretrained("org/m", trust_remote_code=True)'
            USER 10001
            """);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1011@2:87" }));
            Assert.That(findings[0].Message, Does.StartWith("AutoModel.from_pretrained(\"org/m\", trust_remote_code=True) lets"));
        });
    }
}
