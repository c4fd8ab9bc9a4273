using ThreatLint.Catalog;
using ThreatLint.Core.Tests.Artifacts;
using ThreatLint.Rules.ModelArtifacts;

namespace ThreatLint.Core.Tests.Rules.ModelArtifacts;

public class KerasLambdaLayerTests
{
    private static readonly KerasLambdaLayer Rule = new();
    private ArtifactTree _tree = null!;

    [SetUp]
    public void CreateTree() => _tree = new ArtifactTree();

    [TearDown]
    public void DeleteTree() => _tree.Dispose();

    [Test]
    public void Fires_on_a_Lambda_layer_in_a_keras_archive()
    {
        var findings = _tree.Run("models/classifier.keras", KerasBuilder.KerasZip(KerasBuilder.Keras3Lambda), Rule);

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].RuleId, Is.EqualTo("TL1005"));
            Assert.That(findings[0].Severity, Is.EqualTo(Severity.High));
            Assert.That(findings[0].Confidence, Is.EqualTo(Confidence.High));
            Assert.That(findings[0].Message, Is.EqualTo(
                "classifier.keras contains Lambda layer 'scale' with marshalled Python bytecode, which runs Python code when the model is loaded"));
        });
    }

    [Test]
    public void Does_not_fire_on_a_keras_archive_with_only_Dense_layers()
    {
        Assert.That(_tree.Run("classifier.keras", KerasBuilder.KerasZip(KerasBuilder.Keras3Dense), Rule), Is.Empty);
    }

    [Test]
    public void Fires_on_a_module_reference_that_deserialization_imports_and_calls()
    {
        var findings = _tree.Run("classifier.keras", KerasBuilder.KerasZip(KerasBuilder.Keras3ModuleReference), Rule);
        Assert.That(findings.Single().Message, Does.Contain("contains a reference to os.system at config.layers[0].config.activation"));
    }

    [Test]
    public void A_function_from_a_module_outside_Keras_fires_with_medium_confidence_a_custom_layer_does_not()
    {
        var config = """
            {"module": "keras", "class_name": "Sequential", "config": {"layers": [
              {"module": "my_project.layers", "class_name": "Attention", "config": {"name": "attn"}, "registered_name": "MyProject>Attention"},
              {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "activation": {"module": "numpy", "class_name": "function", "config": "load", "registered_name": "function"}}},
              {"module": "keras.layers", "class_name": "Dense", "config": {"name": "e", "activation": {"module": "keras.activations", "class_name": "function", "config": "relu", "registered_name": "relu"}}}
            ]}}
            """;
        var findings = _tree.Run("m.keras", KerasBuilder.KerasZip(config), Rule);
        Assert.That(findings.Single().Confidence, Is.EqualTo(Confidence.Medium));
        Assert.That(findings.Single().Message, Does.Contain("a reference to function numpy.load"));
    }

    [Test]
    public void Fires_on_a_Lambda_layer_in_a_legacy_h5_model_config()
    {
        var findings = _tree.Run("model.h5", KerasBuilder.Hdf5Blob(KerasBuilder.Keras2Lambda, 20_000), Rule);
        Assert.That(findings.Single().Message, Is.EqualTo(
            "model.h5 contains Lambda layer 'lambda' with marshalled Python bytecode, which runs Python code when the model is loaded"));
    }

    [Test]
    public void Names_what_a_Keras_2_function_Lambda_calls()
    {
        var config = """{"class_name": "Functional", "config": {"layers": [{"class_name": "Lambda", "config": {"name": "run", "function": "system", "function_type": "function", "module": "os"}}]}}""";
        var findings = _tree.Run("model.h5", KerasBuilder.Hdf5Blob(config, 100), Rule);
        Assert.That(findings.Single().Message, Does.Contain("Lambda layer 'run' calling os.system"));
    }

    [Test]
    public void Does_not_fire_on_a_legacy_h5_with_only_Dense_layers_or_on_weights_only_files()
    {
        Assert.That(_tree.Run("model.h5", KerasBuilder.Hdf5Blob(KerasBuilder.Keras2Dense, 20_000), Rule), Is.Empty);
        Assert.That(_tree.Run("weights.h5", KerasBuilder.Hdf5Blob(null, 20_000), Rule), Is.Empty);
    }

    [Test]
    public void A_zip_that_is_not_a_Keras_model_is_not_read_as_one()
    {
        var notKeras = KerasBuilder.KerasZip(KerasBuilder.Keras3Lambda, metadata: null);
        Assert.That(_tree.Run("checkpoint.pt", notKeras, Rule), Is.Empty, "config.json without metadata.json in a non-.keras zip");
    }

    [Test]
    public void A_malformed_config_is_one_TL9001()
    {
        var findings = _tree.Run("m.keras", KerasBuilder.KerasZip("{\"class_name\": \"Sequential\", "), Rule);
        Assert.That(findings.Ids(), Is.EqualTo(new[] { "TL9001" }));
        Assert.That(findings[0].Message, Does.StartWith("cannot parse the file: invalid JSON at offset"));
    }

    [Test]
    public void A_truncated_keras_archive_is_left_to_the_archive_reader()
    {
        // The zip itself is reported (TL9001) by the archive reader every zip model goes through, not twice.
        var full = KerasBuilder.KerasZip(KerasBuilder.Keras3Lambda);
        Assert.That(_tree.Run("m.keras", full.Take(full.Length / 2).ToArray(), Rule), Is.Empty);
    }

    [Test]
    public void A_config_json_over_the_limit_is_a_TL9002()
    {
        // Letters that do not compress far: an archive whose compression ratio is absurd is the zip reader's limit instead.
        var random = new Random(7);
        var padding = new string(Enumerable.Range(0, (int)ThreatLint.Documents.Artifacts.ModelArtifact.MaxKerasConfigBytes).Select(_ => (char)('a' + random.Next(26))).ToArray());
        var huge = "{\"class_name\": \"Sequential\", \"config\": {\"pad\": \"" + padding + "\"}}";
        var findings = _tree.Run("m.keras", KerasBuilder.KerasZip(huge), Rule);
        Assert.That(findings.Ids(), Is.EqualTo(new[] { "TL9002" }));
        Assert.That(findings[0].Message, Does.StartWith("config.json of "));
    }
}
