namespace ThreatLint.Documents.Artifacts;

/// <summary>What a model file really is, decided from its first bytes (and its name where bytes are ambiguous).</summary>
public enum ArtifactFormat
{
    /// <summary>Not a model format ThreatLint reads (e.g. a <c>.bin</c> that is neither zip nor pickle).</summary>
    Unknown,

    /// <summary>A raw pickle stream (.pkl, .pickle, .joblib, .dill, .ckpt…), possibly several concatenated.</summary>
    Pickle,

    /// <summary>A zip archive: PyTorch checkpoint, .npz, Keras v3 .keras.</summary>
    Zip,

    /// <summary>Legacy (pre-1.6) PyTorch serialization: a magic-number pickle followed by more pickles.</summary>
    PyTorchLegacy,

    /// <summary>NumPy .npy array file.</summary>
    Npy,

    /// <summary>HDF5 (Keras .h5).</summary>
    Hdf5,

    /// <summary>ONNX protobuf model.</summary>
    Onnx,

    /// <summary>GGUF (llama.cpp) model.</summary>
    Gguf,

    /// <summary>safetensors: JSON header + raw tensors, no code.</summary>
    Safetensors,

    /// <summary>Other model formats recognised by name only (TensorFlow Lite, Core ML, SavedModel protobuf).</summary>
    OtherModel,
}
