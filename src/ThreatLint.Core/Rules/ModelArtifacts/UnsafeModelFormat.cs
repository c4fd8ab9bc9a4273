using ThreatLint.Catalog;
using ThreatLint.Documents.Artifacts;
using ThreatLint.Findings;

namespace ThreatLint.Rules.ModelArtifacts;

/// <summary>
/// TL1003: the model is stored in the pickle family at all (raw, joblib, dill, PyTorch zip or legacy checkpoint,
/// object-dtype .npy/.npz), however clean its imports are today. One finding per file.
/// </summary>
/// <remarks>
/// Decisions: it fires only when the file really holds a pickle — a numeric .npy/.npz, a safetensors, ONNX or GGUF
/// file, or a zip with no pickle member (a .keras archive) stays silent. Keras HDF5 belongs to the Keras detector.
/// </remarks>
public sealed class UnsafeModelFormat : IModelArtifactRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.UnsafeModelFormat;

    public void Check(ModelArtifact artifact, RuleContext context)
    {
        var pickles = artifact.Pickles;
        PickleFindings.ReportProblemsOnce(pickles, context);
        if (pickles.FormatDescription is { } format)
        {
            context.Report(Descriptor, SourceSpan.FileStart, "pickle family", [artifact.FileName, format]);
        }
    }
}
