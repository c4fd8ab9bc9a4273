using ThreatLint.Core.Tests.Artifacts;
using ThreatLint.Discovery;
using ThreatLint.Rules.ModelArtifacts;

namespace ThreatLint.Core.Tests.Rules.ModelArtifacts;

public class ModelHeaderIntegrityTests
{
    private static readonly ModelHeaderIntegrity Rule = new();
    private ArtifactTree _tree = null!;

    [SetUp]
    public void CreateTree() => _tree = new ArtifactTree();

    [TearDown]
    public void DeleteTree() => _tree.Dispose();

    [Test]
    public void A_well_formed_safetensors_file_has_no_finding_but_TL1004()
    {
        _tree.Write("model.safetensors", SafetensorsBuilder.WellFormed());
        Assert.That(_tree.Run("model.safetensors").Ids(), Is.EqualTo(new[] { "TL1004" }));
    }

    [TestCase("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, "tensors 'a' and 'b' overlap")]
    [TestCase("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4, "(truncated?)")]
    [TestCase("""{"a":{"dtype":"X9","shape":[2],"data_offsets":[0,8]}}""", 8, "unknown dtype 'X9'")]
    public void A_malformed_safetensors_header_is_one_TL9001_naming_the_problem(string json, int data, string problem)
    {
        var findings = _tree.Run("model.safetensors", SafetensorsBuilder.Build(json, data), Rule);
        Assert.That(findings.Ids(), Is.EqualTo(new[] { "TL9001" }));
        Assert.That(findings[0].Message, Does.StartWith("cannot parse the file: malformed safetensors header: ").And.Contain(problem).And.EndWith("; the file was not checked"));
    }

    [Test]
    public void A_huge_header_length_is_a_TL9001()
    {
        var findings = _tree.Run("model.safetensors", SafetensorsBuilder.LengthPrefix(1UL << 40).Concat(new byte[64]).ToArray(), Rule);
        Assert.That(findings.Single().Message, Does.Contain("exceeds the format's limit"));
    }

    [Test]
    public void A_failure_is_reported_once_whichever_rules_read_the_view()
    {
        var findings = _tree.Run("m.gguf", "GGUF\u0003\0\0\0\u0001"u8.ToArray(), Rule, new GgufTemplateCode(), Rule);
        Assert.That(findings.Ids(), Is.EqualTo(new[] { "TL9001" }));
    }

    [Test]
    public void The_scanner_turns_truncated_files_of_every_format_into_TL9001_and_goes_on()
    {
        var onnx = OnnxBuilder.Model(g => g.Node("Conv").Initializer("w", raw: new byte[512]));
        var gguf = new GgufBuilder().String("general.architecture", "llama").String("tokenizer.chat_template", "{{ x }}").Build();
        var safetensors = SafetensorsBuilder.WellFormed();
        var keras = KerasBuilder.KerasZip(KerasBuilder.Keras3Lambda);
        _tree.Write("truncated/model.onnx", onnx.Take(onnx.Length - 200).ToArray());
        _tree.Write("truncated/model.gguf", gguf.Take(gguf.Length - 4).ToArray());
        _tree.Write("truncated/model.safetensors", safetensors.Take(safetensors.Length - 8).ToArray());
        _tree.Write("truncated/model.keras", keras.Take(keras.Length - 30).ToArray());
        _tree.Write("truncated/model.h5", KerasBuilder.Hdf5Blob(KerasBuilder.Keras2Lambda, 100).Take(1200).ToArray());
        _tree.Write("ok/model.onnx", onnx);
        _tree.Write("ok/SHA256SUMS", string.Empty);

        var result = Scanner.Scan(new ScanOptions(_tree.Root));
        var byFile = result.Findings
            .Where(f => f.RuleId != "TL1004")
            .GroupBy(f => f.Path)
            .ToDictionary(g => g.Key, g => string.Join(",", g.Select(f => f.RuleId).Order(StringComparer.Ordinal)));

        Assert.Multiple(() =>
        {
            Assert.That(byFile["truncated/model.onnx"], Is.EqualTo("TL9001"));
            Assert.That(byFile["truncated/model.gguf"], Is.EqualTo("TL9001"));
            Assert.That(byFile["truncated/model.safetensors"], Is.EqualTo("TL9001"));
            Assert.That(byFile.TryGetValue("truncated/model.keras", out var keras) ? keras : "TL9001", Is.EqualTo("TL9001"), "reported once, by the archive reader");
            Assert.That(byFile.ContainsKey("truncated/model.h5"), Is.False, "a cut-off .h5 simply has no configuration to check");
            Assert.That(byFile.ContainsKey("ok/model.onnx"), Is.False);
            Assert.That(result.Findings.Count(f => f.RuleId == "TL1004"), Is.EqualTo(6));
            Assert.That(result.Findings.All(f => !f.Message.Contains("failed (", StringComparison.Ordinal)), "no rule threw");
        });
    }

    [TestCase("model.onnx")]
    [TestCase("model.safetensors")]
    public void A_Git_LFS_pointer_is_not_a_model_and_has_no_finding(string name)
    {
        var pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 498624896\n";
        _tree.Write(name, pointer);
        Assert.Multiple(() =>
        {
            Assert.That(_tree.Open(name).Format, Is.EqualTo(ThreatLint.Documents.Artifacts.ArtifactFormat.Unknown));
            Assert.That(_tree.Run(name, Rule, new ModelArtifactUnsigned(), new OnnxExternalDataEscape()), Is.Empty);
        });
    }

    [Test]
    public void Model_files_are_classified_for_the_scanner() =>
        Assert.That(
            new[] { "a.onnx", "a.gguf", "a.safetensors", "a.keras", "a.h5" }.Select(Classifier.Classify),
            Is.All.EqualTo(DocumentKind.ModelArtifact));
}
