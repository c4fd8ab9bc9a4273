using ThreatLint.Documents.Dockerfile;

namespace ThreatLint.Core.Tests.Dockerfile;

/// <summary>Keywords, flags, exec and shell forms, words, name/value pairs.</summary>
public class InstructionTests
{
    private static DockerInstruction Second(string line) => DockerfileDocument.Parse("FROM x\n" + line + "\n").Instructions[1];

    [Test]
    public void Flags_come_before_the_arguments_with_their_offsets()
    {
        var run = Second("RUN --mount=type=cache,target=/root/.cache/pip --mount=type=secret,id=hf_token,env=HF_TOKEN pip install -r requirements.txt");
        Assert.Multiple(() =>
        {
            Assert.That(run.Flags.Select(f => (f.Name, f.Value)), Is.EqualTo(new[]
            {
                ("mount", "type=cache,target=/root/.cache/pip"),
                ("mount", "type=secret,id=hf_token,env=HF_TOKEN"),
            }));
            Assert.That(run.Flags[1].Offset, Is.EqualTo(run.Text.IndexOf("--mount=type=secret", StringComparison.Ordinal)));
            Assert.That(run.Arguments, Is.EqualTo("pip install -r requirements.txt"));
            Assert.That(run.Text.Substring(run.ArgumentsOffset), Is.EqualTo(run.Arguments));
            Assert.That(run.IsExecForm, Is.False);
        });
    }

    [Test]
    public void Flag_values_lose_their_quotes_and_bare_flags_have_no_value()
    {
        var add = Second("ADD --link --checksum=\"sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d\" https://example.com/model.onnx /models/");
        Assert.Multiple(() =>
        {
            Assert.That(add.FindFlag("link"), Is.EqualTo(new InstructionFlag("link", null, 4, 6)));
            Assert.That(add.FindFlag("CHECKSUM")!.Value, Does.StartWith("sha256:24454f"));
            Assert.That(add.Words.Select(w => w.Text), Is.EqualTo(new[] { "https://example.com/model.onnx", "/models/" }));
        });
    }

    [Test]
    public void A_double_dash_ends_the_flags()
    {
        var run = Second("RUN -- --not-a-flag");
        Assert.That((run.Flags.Count, run.Arguments), Is.EqualTo((0, "--not-a-flag")));
    }

    [Test]
    public void COPY_from_and_chown_flags()
    {
        var document = DockerfileDocument.Parse("FROM python:3.12 AS builder\nFROM python:3.12\nCOPY --from=builder --chown=1000:1000 /opt/venv /opt/venv\n");
        var copy = document.Instructions[2];
        Assert.Multiple(() =>
        {
            Assert.That(copy.FindFlag("from")!.Value, Is.EqualTo("builder"));
            Assert.That(copy.FindFlag("chown")!.Value, Is.EqualTo("1000:1000"));
            Assert.That(document.FindStage(copy.FindFlag("from")!.Value!), Is.SameAs(document.Stages[0]));
            Assert.That(copy.ExpandedArguments!.Value, Is.EqualTo("/opt/venv /opt/venv"));
        });
    }

    [Test]
    public void Exec_form_is_a_JSON_array_of_strings()
    {
        var cmd = Second("CMD [\"python\", \"-m\", \"vllm.entrypoints.openai.api_server\", \"--chat-template\", \"{{ \\\"tmpl\\\" }}\\u0021\"]");
        Assert.That(cmd.ExecForm, Is.EqualTo(new[] { "python", "-m", "vllm.entrypoints.openai.api_server", "--chat-template", "{{ \"tmpl\" }}!" }));
    }

    [TestCase("CMD python serve.py")]
    [TestCase("CMD [python, serve.py]")]
    [TestCase("CMD [\"python\", 1]")]
    [TestCase("CMD [\"python\"] extra")]
    [TestCase("CMD [\"unterminated")]
    [TestCase("ENV [\"A\"]")]
    public void Anything_else_is_shell_form(string line)
    {
        Assert.That(Second(line).ExecForm, Is.Null);
    }

    [Test]
    public void An_exec_form_split_over_lines_with_a_comment_is_one_instruction()
    {
        var document = DockerfileDocument.Parse("""
            FROM x
            ENTRYPOINT ["text-generation-launcher", \
                # pinned revision
                "--revision", "0e9e39f249a16976918f6564b8830bc894c89659"]
            """);

        Assert.That(document.Instructions[1].ExecForm, Is.EqualTo(new[] { "text-generation-launcher", "--revision", "0e9e39f249a16976918f6564b8830bc894c89659" }));
    }

    [Test]
    public void Keywords_are_case_insensitive()
    {
        var document = DockerfileDocument.Parse("from python:3.12 as Build\nuser app\n");
        Assert.Multiple(() =>
        {
            Assert.That(document.Instructions.Select(i => i.Keyword), Is.EqualTo(new[] { "FROM", "USER" }));
            Assert.That(document.Stages[0].Name, Is.EqualTo("Build"));
        });
    }

    [Test]
    public void Words_keep_quotes_and_offsets()
    {
        var label = Second("LABEL org.opencontainers.image.title=\"sentiment api\" version=1.2");
        Assert.That(label.Words, Is.EqualTo(new[]
        {
            new InstructionWord("org.opencontainers.image.title=\"sentiment api\"", 6),
            new InstructionWord("version=1.2", 53),
        }));
    }

    [Test]
    public void ENV_pairs_are_substituted_with_the_values_from_before_the_instruction()
    {
        var document = DockerfileDocument.Parse("FROM x\nENV MODEL=bert\nENV MODEL=gpt2 PREVIOUS=$MODEL PATH=\"/opt/venv/bin:$PATH\" LITERAL='$MODEL'\n");
        var pairs = document.Instructions[2].NameValues;
        Assert.Multiple(() =>
        {
            Assert.That(pairs.Select(p => p.Name), Is.EqualTo(new[] { "MODEL", "PREVIOUS", "PATH", "LITERAL" }));
            Assert.That(pairs[1].Value!.Value, Is.EqualTo("bert"));
            Assert.That(pairs[2].RawValue, Is.EqualTo("\"/opt/venv/bin:$PATH\""));
            Assert.That(pairs[2].Value!.IsResolved, Is.False);
            Assert.That(pairs[2].Value!.UnresolvedVariables, Is.EqualTo(new[] { "PATH" }));
            Assert.That(pairs[3].Value!.Value, Is.EqualTo("$MODEL"));
            Assert.That(pairs[3].Value!.IsResolved, Is.True);
        });
    }

    [Test]
    public void The_legacy_ENV_form_takes_the_rest_of_the_line()
    {
        var pair = Second("ENV TRANSFORMERS_CACHE /models/hf cache").NameValues.Single();
        Assert.That((pair.Name, pair.RawValue, pair.Value!.Value), Is.EqualTo(("TRANSFORMERS_CACHE", "/models/hf cache", "/models/hf cache")));
    }

    [Test]
    public void ARG_without_a_default_has_no_value()
    {
        var pairs = Second("ARG HF_REVISION MODEL_ID=bert-base-uncased").NameValues;
        Assert.That(pairs, Is.EqualTo(new[]
        {
            new NameValue("HF_REVISION", null, null, 4),
            pairs[1],
        }));
        Assert.That(pairs[1].Value!.Value, Is.EqualTo("bert-base-uncased"));
    }

    [Test]
    public void Instructions_that_Docker_does_not_substitute_have_no_expanded_arguments()
    {
        var document = DockerfileDocument.Parse("FROM x\nARG A=1\nRUN echo $A\nWORKDIR /srv/$A\n");
        Assert.Multiple(() =>
        {
            Assert.That(document.Instructions[2].ExpandedArguments, Is.Null);
            Assert.That(document.Instructions[3].ExpandedArguments!.Value, Is.EqualTo("/srv/1"));
        });
    }
}
