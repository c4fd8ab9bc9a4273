using ThreatLint.Catalog;
using ThreatLint.Core.Tests.Artifacts;
using ThreatLint.Rules.ModelArtifacts;

namespace ThreatLint.Core.Tests.Rules.ModelArtifacts;

public class OnnxExternalDataEscapeTests
{
    private static readonly OnnxExternalDataEscape Rule = new();
    private ArtifactTree _tree = null!;

    [SetUp]
    public void CreateTree() => _tree = new ArtifactTree();

    [TearDown]
    public void DeleteTree() => _tree.Dispose();

    [Test]
    public void Fires_on_an_external_data_location_that_climbs_out_of_the_model_folder()
    {
        var findings = _tree.Run("models/resnet/model.onnx", OnnxBuilder.Model(g => g
            .Node("Conv")
            .Initializer("conv1.weight", location: "../../../.ssh/id_rsa")
            .Initializer("conv1.bias", location: "../../../.ssh/id_rsa")), Rule);

        Assert.That(findings, Has.Count.EqualTo(1));
        var finding = findings[0];
        Assert.Multiple(() =>
        {
            Assert.That(finding.RuleId, Is.EqualTo("TL1006"));
            Assert.That(finding.Severity, Is.EqualTo(Severity.High));
            Assert.That(finding.Confidence, Is.EqualTo(Confidence.High));
            Assert.That(finding.Message, Is.EqualTo(
                "ONNX model model.onnx reads 2 tensors (first 'conv1.weight') from external data at '../../../.ssh/id_rsa', a path that climbs out of the model's folder"));
        });
    }

    [TestCase("/etc/passwd", "an absolute path")]
    [TestCase("C:\\Windows\\win.ini", "an absolute path")]
    [TestCase("c:relative-to-drive.bin", "an absolute path")]
    [TestCase("\\\\fileserver\\share\\weights.bin", "a network path")]
    [TestCase("\\weights.bin", "an absolute path")]
    [TestCase("data/../../outside.bin", "a path that climbs out of the model's folder")]
    [TestCase("..\\secrets.bin", "a path that climbs out of the model's folder")]
    public void Fires_on_absolute_and_escaping_locations(string location, string how)
    {
        var findings = _tree.Run("model.onnx", OnnxBuilder.Model(g => g.Initializer("w", location: location)), Rule);
        Assert.That(findings.Single().Message, Does.EndWith("from external data at '" + location + "', " + how));
    }

    [TestCase("model.onnx.data")]
    [TestCase("./weights/model.onnx_data")]
    [TestCase("weights/../model.bin")]
    [TestCase("a/b/../../c.bin")]
    public void Does_not_fire_on_locations_inside_the_model_folder(string location)
    {
        var findings = _tree.Run("model.onnx", OnnxBuilder.Model(g => g.Node("MatMul").Initializer("w", location: location)), Rule);
        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Finds_escapes_in_nested_subgraphs_and_constant_attributes()
    {
        var findings = _tree.Run("model.onnx", OnnxBuilder.Model(g => g
            .Node("If", name: "If_0", attributes: n => n.GraphAttribute("then_branch", t => t.Initializer("w", location: "/proc/self/environ")))
            .Node("Constant", name: "c", attributes: n => n.Message(5, a => a.String(1, "value").Message(5, t => t.Tensor("k", "../k.bin", true, null))))), Rule);

        Assert.That(findings.Select(f => f.Message), Is.EqualTo(new[]
        {
            "ONNX model model.onnx reads tensor 'w' in graph/If_0.then_branch from external data at '/proc/self/environ', an absolute path",
            "ONNX model model.onnx reads tensor 'k' in graph/c from external data at '../k.bin', a path that climbs out of the model's folder",
        }));
    }

    [Test]
    public void Entries_on_tensors_not_marked_external_fire_with_low_confidence()
    {
        var findings = _tree.Run("model.onnx", OnnxBuilder.Model(g => g.Initializer("w", location: "/etc/passwd", markedExternal: false)), Rule);
        Assert.That(findings.Single().Confidence, Is.EqualTo(Confidence.Low));
    }

    [Test]
    public void Fires_with_medium_confidence_on_a_custom_operator_domain_once_per_domain()
    {
        var findings = _tree.Run("model.onnx", OnnxBuilder.Model(
            g => g.Node("Conv").Node("EvilOp", domain: "custom.ops").Node("EvilOp", domain: "custom.ops").Node("Other", domain: "custom.ops"),
            (string.Empty, 17),
            ("custom.ops", 1)), Rule);

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Confidence, Is.EqualTo(Confidence.Medium));
            Assert.That(findings[0].Message, Is.EqualTo(
                "ONNX model model.onnx uses custom operator domain 'custom.ops' (EvilOp, 3 nodes), which needs a native operator library loaded into the runtime"));
        });
    }

    [Test]
    public void An_imported_custom_domain_no_node_uses_fires_with_low_confidence()
    {
        var findings = _tree.Run("model.onnx", OnnxBuilder.Model(g => g.Node("Relu"), (string.Empty, 17), ("ai.onnx.contrib", 1)), Rule);
        Assert.That(findings.Single().Confidence, Is.EqualTo(Confidence.Low));
        Assert.That(findings.Single().Message, Does.Contain("imports custom operator domain 'ai.onnx.contrib'"));
    }

    [Test]
    public void Does_not_fire_on_onnx_and_onnxruntime_domains_or_model_local_functions()
    {
        var bytes = new ProtoWriter()
            .Varint(1, 9)
            .Message(8, o => o.Varint(2, 17))
            .Message(8, o => o.String(1, "ai.onnx.ml").Varint(2, 3))
            .Message(8, o => o.String(1, "com.microsoft").Varint(2, 1))
            .Message(8, o => o.String(1, "local.fn").Varint(2, 1))
            .Message(7, g => g
                .Node("Relu")
                .Node("TreeEnsembleClassifier", domain: "ai.onnx.ml")
                .Node("Attention", domain: "com.microsoft")
                .Node("QuickGelu", domain: "local.fn"))
            .Message(25, f => f.String(1, "QuickGelu").Message(7, n => n.String(4, "Sigmoid")).String(10, "local.fn"))
            .ToArray();

        Assert.That(_tree.Run("model.onnx", bytes, Rule), Is.Empty);
    }

    [Test]
    public void A_clean_model_with_relative_external_data_beside_it_is_silent()
    {
        _tree.Write("model.onnx.data", new byte[128]);
        var findings = _tree.Run("model.onnx", OnnxBuilder.Model(g => g
            .Node("MatMul")
            .Initializer("fc.weight", location: "model.onnx.data")
            .Initializer("fc.bias", location: "model.onnx.data")), Rule);
        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void A_truncated_model_is_one_TL9001_naming_the_problem()
    {
        var full = OnnxBuilder.Model(g => g.Node("Conv").Initializer("w", raw: new byte[1000]));
        var findings = _tree.Run("model.onnx", full.Take(full.Length - 100).ToArray(), Rule, new ModelHeaderIntegrity());

        Assert.That(findings.Ids(), Is.EqualTo(new[] { "TL9001" }));
        Assert.That(findings[0].Message, Does.StartWith("cannot parse the file: malformed ONNX file").And.Contain("truncated"));
    }

    [TestCase("/etc/passwd", "an absolute path")]
    [TestCase("..", "a path that climbs out of the model's folder")]
    [TestCase("./../x", "a path that climbs out of the model's folder")]
    [TestCase("a/./b", null)]
    [TestCase("", null)]
    public void Escape_classifies_locations(string location, string? expected) =>
        Assert.That(OnnxExternalDataEscape.Escape(location), Is.EqualTo(expected));
}
