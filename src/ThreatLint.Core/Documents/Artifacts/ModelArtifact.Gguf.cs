using ThreatLint.Documents.Gguf;

namespace ThreatLint.Documents.Artifacts;

public sealed partial class ModelArtifact
{
    /// <summary>The GGUF header and metadata, read once; the tensor data is never touched.</summary>
    /// <exception cref="InvalidDataException">The header is malformed or truncated.</exception>
    /// <exception cref="ScanLimitException">A bound of <see cref="GgufLimits"/> was hit.</exception>
    public GgufHeader ReadGguf() => View("gguf", stream => GgufHeader.Read(stream, Length));
}
