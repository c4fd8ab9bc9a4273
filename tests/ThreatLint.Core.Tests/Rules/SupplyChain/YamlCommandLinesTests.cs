using ThreatLint.Documents.Yaml;
using ThreatLint.Findings;
using ThreatLint.Rules.SupplyChain;

namespace ThreatLint.Core.Tests.Rules.SupplyChain;

public class YamlCommandLinesTests
{
    [Test]
    public void A_script_in_a_block_scalar_is_read_as_shell_with_exact_spans()
    {
        var file = YamlFile.Parse("""
            steps:
              - run: |
                  huggingface-cli download org/model \
                    --local-dir /models && curl -fsSL https://x.sh | bash
            """);
        var lines = YamlCommandLines.OfScript((YamlScalar)file.Roots.Single()["steps"]!.Items[0]["run"]!, "run").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(lines.Select(l => l.Command.Name), Is.EqualTo(new[] { "huggingface-cli", "curl", "bash" }));
            Assert.That(lines[0].SpanAt(2), Is.EqualTo(new SourceSpan(3, 32, 3, 41)));
            Assert.That(lines[1].SpanAt(0), Is.EqualTo(new SourceSpan(4, 32, 4, 36)));
        });
    }

    [Test]
    public void An_argv_list_is_one_command_line_whose_words_span_their_items()
    {
        var file = YamlFile.Parse("""
            args: ["serve", "meta-llama/Llama-3.1-8B-Instruct", "--trust-remote-code", "it's one word"]
            command:
            - vllm
            """);
        var root = file.Roots.Single();
        var argv = root["command"]!.Items.Concat(root["args"]!.Items).Cast<YamlScalar>().ToList();
        var line = YamlCommandLines.OfArgv(argv, "container")!;

        Assert.Multiple(() =>
        {
            Assert.That(line.Words.Select(w => w.Text), Is.EqualTo(new[] { "vllm", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--trust-remote-code", "it's one word" }));
            Assert.That(line.SpanAt(3), Is.EqualTo(new SourceSpan(1, 53, 1, 74)));
            Assert.That(line.SpanAt(0).Line, Is.EqualTo(3));
            Assert.That(YamlCommandLines.OfArgv([], "container"), Is.Null);
        });
    }
}
