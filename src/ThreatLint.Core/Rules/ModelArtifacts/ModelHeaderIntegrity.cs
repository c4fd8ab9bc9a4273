using ThreatLint.Catalog;
using ThreatLint.Documents.Artifacts;
using ThreatLint.Documents.Gguf;
using ThreatLint.Documents.Onnx;
using ThreatLint.Documents.Safetensors;

namespace ThreatLint.Rules.ModelArtifacts;

/// <summary>
/// TL9001/TL9002 for model files whose structure is malformed or too large to read: the safetensors header (which no
/// threat rule needs, since a well-formed safetensors file carries no code), and the GGUF and ONNX headers, so a
/// broken file is reported even when the rules that read them are turned off.
/// </summary>
/// <remarks>
/// A malformed safetensors header matters on its own: loaders that disagree on a broken header (overlapping or
/// out-of-file offsets, duplicate names) can be made to load different tensors than a reviewer saw. Each view's
/// failure is reported once per file, whichever rule reads it first.
/// </remarks>
public sealed class ModelHeaderIntegrity : IModelArtifactRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.FileUnreadable;

    public void Check(ModelArtifact artifact, RuleContext context)
    {
        switch (artifact.Format)
        {
            case ArtifactFormat.Safetensors:
                ArtifactViews.TryRead<SafetensorsHeader>(artifact, context, "safetensors", a => a.ReadSafetensors(), out _);
                break;
            case ArtifactFormat.Gguf:
                ArtifactViews.TryRead<GgufHeader>(artifact, context, "gguf", a => a.ReadGguf(), out _);
                break;
            case ArtifactFormat.Onnx:
                ArtifactViews.TryRead<OnnxModel>(artifact, context, "onnx", a => a.ReadOnnx(), out _);
                break;
        }
    }
}
