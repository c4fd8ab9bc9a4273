using ThreatLint.Documents.Safetensors;

namespace ThreatLint.Documents.Artifacts;

public sealed partial class ModelArtifact
{
    /// <summary>The validated safetensors header, read once; the tensor data is never touched.</summary>
    /// <exception cref="InvalidDataException">The header is malformed (the message names the problem).</exception>
    /// <exception cref="ScanLimitException">The header is larger than ThreatLint reads.</exception>
    public SafetensorsHeader ReadSafetensors() => View("safetensors", stream => SafetensorsHeader.Read(stream, Length));
}
