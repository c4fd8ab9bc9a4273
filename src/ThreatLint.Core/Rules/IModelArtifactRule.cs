using ThreatLint.Documents.Artifacts;

namespace ThreatLint.Rules;

/// <summary>A rule that checks model files (pickle family, PyTorch, NumPy, Keras, ONNX, GGUF, safetensors…).</summary>
public interface IModelArtifactRule : IRule
{
    void Check(ModelArtifact artifact, RuleContext context);
}
