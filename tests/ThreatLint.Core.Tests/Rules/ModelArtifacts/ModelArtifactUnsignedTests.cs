using ThreatLint.Catalog;
using ThreatLint.Core.Tests.Artifacts;
using ThreatLint.Rules.ModelArtifacts;

namespace ThreatLint.Core.Tests.Rules.ModelArtifacts;

public class ModelArtifactUnsignedTests
{
    private const string Digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static readonly ModelArtifactUnsigned Rule = new();
    private ArtifactTree _tree = null!;

    [SetUp]
    public void CreateTree() => _tree = new ArtifactTree();

    [TearDown]
    public void DeleteTree() => _tree.Dispose();

    private IReadOnlyList<ThreatLint.Findings.Finding> RunOnModel(string path = "models/sentiment/model.onnx")
    {
        _tree.Write(path, OnnxBuilder.Model(g => g.Node("Relu")));
        return _tree.Run(path, Rule);
    }

    [Test]
    public void Fires_on_a_model_with_nothing_beside_it()
    {
        var findings = RunOnModel();

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].RuleId, Is.EqualTo("TL1004"));
            Assert.That(findings[0].Severity, Is.EqualTo(Severity.Medium));
            Assert.That(findings[0].Confidence, Is.EqualTo(Confidence.Medium));
            Assert.That(findings[0].Message, Is.EqualTo("Model artifact model.onnx has no signature or digest next to it"));
        });
    }

    [TestCase("models/sentiment/model.onnx.sig")]
    [TestCase("models/sentiment/model.onnx.sigstore")]
    [TestCase("models/sentiment/model.onnx.sigstore.json")]
    [TestCase("models/sentiment/model.onnx.bundle")]
    [TestCase("models/sentiment/MODEL.ONNX.SIG")]
    [TestCase("models/sentiment/model.sig")]
    [TestCase("models/model.sig")]
    [TestCase("model.sig")]
    public void Does_not_fire_when_a_signature_is_beside_the_model_or_signs_a_folder_above(string signature)
    {
        _tree.Write(signature, "{\"mediaType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\"}");
        Assert.That(RunOnModel(), Is.Empty);
    }

    [Test]
    public void A_sidecar_signature_counts_only_beside_the_model()
    {
        _tree.Write("models/model.onnx.sig", "sig");
        Assert.That(RunOnModel(), Has.Count.EqualTo(1));
    }

    [Test]
    public void A_sidecar_of_another_model_does_not_count()
    {
        _tree.Write("models/sentiment/other.onnx.sig", "sig");
        Assert.That(RunOnModel(), Has.Count.EqualTo(1));
    }

    [TestCase("models/sentiment/SHA256SUMS", Digest + "  model.onnx\n")]
    [TestCase("models/sentiment/SHA256SUMS", Digest + " *model.onnx\r\n")]
    [TestCase("models/sentiment/checksums.txt", "SHA256 (model.onnx) = " + Digest + "\n")]
    [TestCase("models/sentiment/sha256sum.txt", Digest + "  ./model.onnx\n")]
    [TestCase("models/sentiment/weights.sha256", Digest + "  model.onnx\n")]
    [TestCase("models/sentiment/model.onnx.sha256", Digest + "\n")]
    [TestCase("models/SHA256SUMS", Digest + "  sentiment/model.onnx\n")]
    [TestCase("SHA256SUMS", Digest + "  models/sentiment/model.onnx\n")]
    [TestCase("models/sentiment/MANIFEST", "model.onnx sha256:" + Digest + "\n")]
    [TestCase("models/sentiment/manifest.json", "{\"files\": [{\"path\": \"model.onnx\", \"sha256\": \"" + Digest + "\"}]}")]
    [TestCase("models/sentiment/manifest.json", "{\"model.onnx\": {\"digest\": \"sha256:" + Digest + "\"}}")]
    [TestCase("models/manifest.json", "{\"sentiment/model.onnx\": \"" + Digest + "\"}")]
    public void Does_not_fire_when_a_manifest_pins_the_model_path_to_a_sha256(string manifest, string content)
    {
        _tree.Write(manifest, content);
        Assert.That(RunOnModel(), Is.Empty);
    }

    [TestCase("models/sentiment/SHA256SUMS", "model.onnx\n")]
    [TestCase("models/sentiment/SHA256SUMS", Digest + "  other.onnx\n")]
    [TestCase("models/sentiment/SHA256SUMS", Digest + "\nmodel.onnx\n")]
    [TestCase("models/SHA256SUMS", Digest + "  model.onnx\n")]
    [TestCase("models/sentiment/model.onnx.sha256", "TODO\n")]
    [TestCase("models/sentiment/manifest.json", "{\"files\": [{\"path\": \"model.onnx\", \"sha256\": \"tbd\"}]}")]
    [TestCase("models/sentiment/README.md", Digest + "  model.onnx\n")]
    public void Fires_when_no_manifest_pins_this_path(string manifest, string content)
    {
        _tree.Write(manifest, content);
        Assert.That(RunOnModel(), Has.Count.EqualTo(1));
    }

    [Test]
    public void Sees_a_signature_added_after_the_folder_was_listed()
    {
        Assert.That(RunOnModel(), Has.Count.EqualTo(1));
        _tree.Write("models/sentiment/model.onnx.sig", "sig");
        Directory.SetLastWriteTimeUtc(Path.Combine(_tree.Root, "models", "sentiment"), DateTime.UtcNow.AddSeconds(5));
        Assert.That(RunOnModel(), Is.Empty);
    }

    [Test]
    public void Fires_once_for_each_of_many_models_in_one_folder_and_not_for_unknown_formats()
    {
        for (var i = 0; i < 200; i++)
        {
            _tree.Write($"shards/model-{i:000}.safetensors", SafetensorsBuilder.WellFormed());
        }

        _tree.Write("shards/model-007.safetensors.sig", "sig");
        _tree.Write("shards/notes.bin", "plain text, not a model"u8.ToArray());
        var findings = Enumerable.Range(0, 200).SelectMany(i => _tree.Run($"shards/model-{i:000}.safetensors", Rule)).ToList();

        Assert.That(findings, Has.Count.EqualTo(199));
        Assert.That(_tree.Run("shards/notes.bin", Rule), Is.Empty);
    }

    [Test]
    public void Every_accepted_pattern_is_in_one_table()
    {
        Assert.That(
            SignatureEvidence.Patterns.Select(p => p.Kind + ":" + p.Pattern),
            Is.SupersetOf(new[] { "Sidecar:{name}.sig", "Sidecar:{name}.sigstore.json", "FolderSignature:model.sig", "Manifest:SHA256SUMS", "Manifest:*.sha256" }));
    }
}
