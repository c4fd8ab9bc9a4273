using ThreatLint.Discovery;
using ThreatLint.Documents.Pbtxt;

namespace ThreatLint.Core.Tests.Pbtxt;

public class PbtxtDocumentTests
{
    private const string Config = """
        # Triton model configuration
        name: "resnet50"
        platform: "onnxruntime_onnx"
        max_batch_size: 8
        input [
          {
            name: "input__0"
            data_type: TYPE_FP32
            dims: [ 3, 224, 224 ]
          }
        ]
        output {
          name: "output__0"; data_type: TYPE_FP32, dims: [ 1000 ]
        }
        instance_group [ { count: 2, kind: KIND_GPU } ]
        dynamic_batching < max_queue_delay_microseconds: 100 >
        parameters: { key: "intra_op_thread_count" value: { string_value: "4" } }
        """;

    [Test]
    public void Reads_fields_messages_and_lists_with_positions()
    {
        var root = PbtxtDocument.Parse(Config).Root;
        Assert.Multiple(() =>
        {
            Assert.That(root.Scalar("name")!.Text, Is.EqualTo("resnet50"));
            Assert.That(root.Scalar("name")!.Kind, Is.EqualTo(PbtxtScalarKind.String));
            Assert.That(root.Scalar("name")!.Span.Line, Is.EqualTo(2));
            Assert.That(root.Scalar("name")!.Span.Column, Is.EqualTo(7));
            Assert.That(root.Scalar("max_batch_size")!.Kind, Is.EqualTo(PbtxtScalarKind.Number));
            var input = root.Messages("input").Single();
            Assert.That(input.Scalar("data_type")!.Kind, Is.EqualTo(PbtxtScalarKind.Identifier));
            Assert.That(input.All("dims").OfType<PbtxtScalar>().Select(s => s.Text), Is.EqualTo(new[] { "3", "224", "224" }));
            Assert.That(root.Messages("output").Single().Scalar("name")!.Text, Is.EqualTo("output__0"));
            Assert.That(root.Messages("instance_group").Single().Scalar("kind")!.Text, Is.EqualTo("KIND_GPU"));
            Assert.That(root.Messages("dynamic_batching").Single().Scalar("max_queue_delay_microseconds")!.Text, Is.EqualTo("100"));
            var parameter = root.Messages("parameters").Single();
            Assert.That(parameter.Messages("value").Single().Scalar("string_value")!.Text, Is.EqualTo("4"));
            Assert.That(root.Fields.Single(f => f.Name == "parameters").NameSpan.Line, Is.EqualTo(17));
        });
    }

    [Test]
    public void Decodes_escapes_and_joins_adjacent_strings()
    {
        var root = PbtxtDocument.Parse("a: \"x\\ty\\\"z\\x41\\101\\u00e9\"\nb: 'single \\' quote'\nc: \"one\" \"two\"\nd: -1.5e-3\ne: -inf\nf: - 2\ng: 1E+5\n").Root;
        Assert.Multiple(() =>
        {
            Assert.That(root.Scalar("a")!.Text, Is.EqualTo("x\ty\"zAAé"));
            Assert.That(root.Scalar("b")!.Text, Is.EqualTo("single ' quote"));
            Assert.That(root.Scalar("c")!.Text, Is.EqualTo("onetwo"));
            Assert.That(root.Scalar("d")!.Text, Is.EqualTo("-1.5e-3"));
            Assert.That(root.Scalar("e")!.Text, Is.EqualTo("-inf"));
            Assert.That(root.Scalar("f")!.Text, Is.EqualTo("-2"));
            Assert.That(root.Scalar("g")!.Text, Is.EqualTo("1E+5"));
        });
    }

    [Test]
    public void Spans_inside_a_plain_string_point_at_the_characters()
    {
        var value = PbtxtDocument.Parse("x {\n  key: \"abcdef\"\n}\n").Root.Messages("x").Single().Scalar("key")!;
        Assert.That(value.SpanOf(2, 3), Is.EqualTo(Findings.SourceSpan.At(2, 11, 3)));
    }

    [Test]
    public void Comments_hide_braces_and_quotes()
    {
        var root = PbtxtDocument.Parse("# { \"not closed\n name: \"a#b\" # trailing }\n").Root;
        Assert.That(root.Scalar("name")!.Text, Is.EqualTo("a#b"));
    }

    [TestCase("name: \"unterminated\n", 1)]
    [TestCase("name: \"ok\"\ninput {\n  dims: 3\n", 4)]
    [TestCase("name: \"ok\"\n\n  dims: [1, 2\n", 4)]
    [TestCase("name: \"ok\"\noutput: }\n", 2)]
    [TestCase("a: \"\\q\"\n", 1)]
    [TestCase("input name: \"x\"\n", 1)]
    public void Malformed_text_throws_with_its_line(string text, int line)
    {
        var e = Assert.Throws<PbtxtParseException>(() => PbtxtDocument.Parse(text))!;
        Assert.Multiple(() =>
        {
            Assert.That(e.Span.Line, Is.EqualTo(line));
            Assert.That(e.Message, Does.Contain("line " + line));
        });
    }

    [Test]
    public void Deep_nesting_hits_the_bound()
    {
        var text = string.Concat(Enumerable.Repeat("a {", PbtxtDocument.MaxDepth + 2)) + string.Concat(Enumerable.Repeat("}", PbtxtDocument.MaxDepth + 2));
        Assert.Throws<ScanLimitException>(() => PbtxtDocument.Parse(text));
        var ok = string.Concat(Enumerable.Repeat("a {", 10)) + string.Concat(Enumerable.Repeat("}", 10));
        Assert.That(PbtxtDocument.Parse(ok).Messages().Count(), Is.EqualTo(11));
    }

    [Test]
    public void Empty_and_comment_only_files_parse()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PbtxtDocument.Parse(string.Empty).Root.Fields, Is.Empty);
            Assert.That(PbtxtDocument.Parse("# nothing\n\n").Root.Fields, Is.Empty);
            Assert.That(PbtxtDocument.Parse("input []\n").Root.Fields, Is.Empty);
        });
    }

    [TestCase("models/resnet/config.pbtxt", DocumentKind.Pbtxt)]
    [TestCase("models/resnet/CONFIG.PBTXT", DocumentKind.Pbtxt)]
    public void Classified_by_extension(string path, DocumentKind kind)
    {
        Assert.That(Classifier.Classify(path), Is.EqualTo(kind));
    }
}
