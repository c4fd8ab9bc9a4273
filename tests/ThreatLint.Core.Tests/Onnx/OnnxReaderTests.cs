using ThreatLint.Core.Tests.Artifacts;
using ThreatLint.Documents.Onnx;

namespace ThreatLint.Core.Tests.Onnx;

public class OnnxReaderTests
{
    private static OnnxModel Read(byte[] bytes, OnnxLimits? limits = null) => OnnxReader.Read(new MemoryStream(bytes), bytes.Length, limits);

    [Test]
    public void Reads_opsets_operators_and_external_data_of_the_main_graph()
    {
        var model = Read(OnnxBuilder.Model(
            g => g
                .Node("MatMul", name: "fc1")
                .Node("Relu")
                .Node("FusedMatMul", domain: "com.microsoft")
                .Node("Relu")
                .Initializer("fc1.weight", location: "model.onnx.data")
                .Initializer("fc1.bias", location: "model.onnx.data")
                .Initializer("scale", raw: new byte[16]),
            (string.Empty, 17),
            ("com.microsoft", 1)));

        Assert.Multiple(() =>
        {
            Assert.That(model.IrVersion, Is.EqualTo(9));
            Assert.That(model.ProducerName, Is.EqualTo("pytorch"));
            Assert.That(model.OpsetImports.Select(o => o.Domain + ":" + o.Version), Is.EqualTo(new[] { ":17", "com.microsoft:1" }));
            Assert.That(model.Operators.Select(o => o.Domain + "/" + o.OpType + "x" + o.Count), Is.EqualTo(new[] { "/MatMulx1", "/Relux2", "com.microsoft/FusedMatMulx1" }));
            Assert.That(model.ExternalData, Has.Count.EqualTo(1));
            Assert.That(model.ExternalData[0], Is.EqualTo(new OnnxExternalData("model.onnx.data", "fc1.weight", 2, true, "graph")));
            Assert.That((model.GraphCount, model.NodeCount, model.TensorCount), Is.EqualTo((1, 4, 3)));
        });
    }

    [Test]
    public void Walks_nested_subgraphs_training_graphs_sparse_tensors_attributes_and_functions()
    {
        var bytes = new ProtoWriter()
            .Varint(1, 8)
            .Message(8, o => o.Varint(2, 17))
            .Message(7, g => g
                .Node("If", name: "If_0", attributes: n => n
                    .GraphAttribute("then_branch", t => t.Node("Loop", attributes: l => l.GraphAttribute("body", b => b
                        .Node("Gelu", domain: "custom.ops")
                        .Initializer("deep", location: "../../weights.bin"))))
                    .GraphAttribute("else_branch", e => e.Node("Identity")))
                .Node("Constant", attributes: n => n.Message(5, a => a.String(1, "value").Varint(20, 4).Message(5, t => t.Tensor("const", "/etc/shadow", true, null))))
                .Message(15, s => s.Message(1, v => v.Tensor("sparse.values", "sparse.bin", true, null)).Message(2, i => i.Tensor("sparse.indices", null, false, new byte[8]))))
            .Message(20, t => t.Message(2, g => g.Node("Adam", domain: "ai.onnx.preview.training")))
            .Message(25, f => f.String(1, "MyGelu").Message(7, n => n.String(4, "Tanh")).Message(9, o => o.Varint(2, 17)).String(10, "local.fn"))
            .ToArray();

        var model = Read(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(model.Operators.Select(o => o.Domain + "/" + o.OpType + " @ " + o.Graph), Is.EqualTo(new[]
            {
                "custom.ops/Gelu @ graph/If_0.then_branch/Loop#0.body",
                "/Loop @ graph/If_0.then_branch",
                "/Identity @ graph/If_0.else_branch",
                "/If @ graph",
                "/Constant @ graph",
                "ai.onnx.preview.training/Adam @ training_info[0].algorithm",
                "/Tanh @ function local.fn.MyGelu",
            }));
            Assert.That(model.ExternalData.Select(e => e.Location + " @ " + e.Graph), Is.EqualTo(new[]
            {
                "../../weights.bin @ graph/If_0.then_branch/Loop#0.body",
                "/etc/shadow @ graph/Constant#1",
                "sparse.bin @ graph",
            }));
            Assert.That(model.Functions, Is.EqualTo(new[] { new OnnxFunction("local.fn", "MyGelu") }));
            Assert.That(model.OpsetImports.Select(o => o.Domain + ":" + o.Function), Is.EqualTo(new[] { ":", ":local.fn.MyGelu" }));
            Assert.That(model.GraphCount, Is.EqualTo(5));
        });
    }

    [Test]
    public void External_data_entries_without_data_location_are_kept_but_not_marked()
    {
        var model = Read(OnnxBuilder.Model(g => g.Initializer("w", location: "w.bin", markedExternal: false)));
        Assert.That(model.ExternalData[0].MarkedExternal, Is.False);
    }

    [Test]
    public void Unknown_fields_of_every_wire_type_are_skipped()
    {
        var bytes = new ProtoWriter()
            .Varint(1, 9)
            .Fixed32(99, 7)
            .Fixed64(100, 7)
            .Varint(101, -1)
            .String(102, "future field")
            .Message(7, g => g.Fixed64(50, 1).Node("Relu").Message(51, x => x.Varint(1, 1)))
            .ToArray();
        Assert.That(Read(bytes).Operators.Single().OpType, Is.EqualTo("Relu"));
    }

    [Test]
    public void Raw_tensor_bytes_are_skipped_by_seeking_not_read()
    {
        const int raw = 64 * 1024 * 1024;
        var prefix = new ProtoWriter().Varint(1, 9).Message(8, o => o.Varint(2, 17)).ToArray();
        var tensorHead = new ProtoWriter().Varint(1, raw / 4).Varint(2, 1).String(8, "big").ClaimLength(9, raw).ToArray();
        var tensorLength = tensorHead.Length + raw;
        var initializer = new ProtoWriter().ClaimLength(5, (ulong)tensorLength).ToArray();
        var graphLength = initializer.Length + tensorLength;
        var graph = new ProtoWriter().ClaimLength(7, (ulong)graphLength).ToArray();
        var head = prefix.Concat(graph).Concat(initializer).Concat(tensorHead).ToArray();
        var stream = new CountingStream(head, head.Length + raw);

        var model = OnnxReader.Read(stream, stream.Length);

        Assert.That(model.TensorCount, Is.EqualTo(1));
        Assert.That(stream.BytesRead, Is.LessThan(256 * 1024));
    }

    [Test]
    public void Subgraph_nesting_beyond_the_limit_is_a_scan_limit()
    {
        Action<ProtoWriter> graph = g => g.Node("Identity");
        for (var i = 0; i < 40; i++)
        {
            var inner = graph;
            graph = g => g.Node("If", attributes: n => n.GraphAttribute("then_branch", inner));
        }

        var e = Assert.Throws<ScanLimitException>(() => Read(OnnxBuilder.Model(graph)));
        Assert.That(e!.Message, Does.Contain("nest deeper than 32"));
    }

    [Test]
    public void Element_count_and_name_length_are_bounded()
    {
        var many = OnnxBuilder.Model(g =>
        {
            for (var i = 0; i < 50; i++)
            {
                g.Node("Relu");
            }
        });
        Assert.Throws<ScanLimitException>(() => Read(many, new OnnxLimits(MaxElements: 10)));
        var longDomain = OnnxBuilder.Model(g => g.Node("X", domain: new string('d', 100)));
        Assert.Throws<ScanLimitException>(() => Read(longDomain, new OnnxLimits(MaxNameBytes: 50)));
        var longName = OnnxBuilder.Model(g => g.Node("X", name: new string('n', 100)));
        Assert.That(Read(longName, new OnnxLimits(MaxNameBytes: 50)).NodeCount, Is.EqualTo(1), "a long node name is only a label");
    }

    [Test]
    public void Every_prefix_of_a_model_fails_cleanly_or_reads_less()
    {
        var full = OnnxBuilder.Model(g => g.Node("If", attributes: n => n.GraphAttribute("then_branch", t => t.Initializer("w", "../w.bin"))).Initializer("b", raw: new byte[40]));
        for (var length = 1; length < full.Length; length++)
        {
            var prefix = full.Take(length).ToArray();
            try
            {
                Read(prefix);
            }
            catch (InvalidDataException)
            {
                // expected for most prefixes
            }
        }

        var e = Assert.Throws<InvalidDataException>(() => Read(full.Take(full.Length - 10).ToArray()));
        Assert.That(e!.Message, Does.StartWith("malformed ONNX file").And.Contain("truncated"));
    }

    [TestCase(new byte[] { 0x00 }, "field number of 0")]
    [TestCase(new byte[] { 0x0B }, "unsupported wire type 3")]
    [TestCase(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "varint longer than 10 bytes")]
    [TestCase(new byte[] { 0x12, 0x05, 0x41 }, "runs past the end")]
    [TestCase(new byte[] { 0x6A, 0x01, 0x20 }, "no ir_version and no graph")]
    public void Malformed_protobuf_throws_InvalidDataException(byte[] bytes, string problem)
    {
        var e = Assert.Throws<InvalidDataException>(() => Read(bytes));
        Assert.That(e!.Message, Does.Contain(problem));
    }
}
