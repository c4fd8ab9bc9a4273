namespace ThreatLint.Documents.Artifacts;

public sealed partial class ModelArtifact
{
    private ArtifactPickles? _pickles;

    /// <summary>
    /// The pickle streams of a pickle-family file (raw and joblib pickles, PyTorch zip and legacy checkpoints,
    /// object-dtype .npy and .npz), disassembled on first use. Reads the zip directory and the pickle members only.
    /// </summary>
    public ArtifactPickles Pickles => LazyInitializer.EnsureInitialized(ref _pickles, () => PickleArtifactReader.Read(this))!;
}
