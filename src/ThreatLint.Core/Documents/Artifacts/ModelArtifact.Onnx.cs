using ThreatLint.Documents.Onnx;

namespace ThreatLint.Documents.Artifacts;

public sealed partial class ModelArtifact
{
    /// <summary>The ONNX model structure (operator sets, operators by domain, external data), read once without tensor bytes.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed ONNX protobuf.</exception>
    /// <exception cref="ScanLimitException">A bound of <see cref="OnnxLimits"/> was hit.</exception>
    public OnnxModel ReadOnnx() => View("onnx", stream => OnnxReader.Read(stream, Length));
}
