using ThreatLint.Catalog;
using ThreatLint.Rules.ModelArtifacts;

namespace ThreatLint.Core.Tests.Rules.ModelArtifacts;

/// <summary>TL1005 on Python source: <c>load_model(safe_mode=False)</c>.</summary>
public class KerasLambdaLayerPythonTests
{
    private static readonly KerasLambdaLayer Rule = new();

    [Test]
    public void Fires_at_safe_mode_False_naming_the_model()
    {
        var findings = RuleRunner.RunPython(Rule, "import tensorflow as tf\nmodel = tf.keras.models.load_model(\"sentiment.keras\", safe_mode=False)\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Span, Is.EqualTo(Findings.SourceSpan.At(2, 55, "safe_mode".Length)));
            Assert.That(findings[0].Severity, Is.EqualTo(Severity.High));
            Assert.That(findings[0].Message, Is.EqualTo(
                "sentiment.keras loaded by tf.keras.models.load_model(safe_mode=False) contains whatever Lambda layer it carries, which runs Python code when the model is loaded"));
        });
    }

    [TestCase("from keras.saving import load_model\nm = load_model(path, safe_mode=False)\n", "A model loaded by load_model(safe_mode=False)")]
    [TestCase("import tf_keras\nm = tf_keras.models.load_model('m.h5', compile=False, **{'safe_mode': False})\n", "m.h5 loaded by tf_keras.models.load_model(safe_mode=False)")]
    public void Fires_through_imports_and_unpacking(string source, string what)
    {
        Assert.That(RuleRunner.RunPython(Rule, source).Select(f => f.Message), Is.EqualTo(new[] { what + " contains whatever Lambda layer it carries, which runs Python code when the model is loaded" }));
    }

    [TestCase("keras.models.load_model('m.keras')")]
    [TestCase("keras.models.load_model('m.keras', safe_mode=True)")]
    [TestCase("keras.models.load_model('m.keras', safe_mode=SAFE)")]
    [TestCase("mlflow.pyfunc.load_model('models:/m/1', safe_mode=False)")]
    [TestCase("joblib.load('m.joblib')")]
    public void Does_not_fire_otherwise(string line)
    {
        Assert.That(RuleRunner.RunPython(Rule, "import keras, mlflow, joblib\nm = " + line + "\n"), Is.Empty);
    }
}
