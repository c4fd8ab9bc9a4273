namespace ThreatLint.Documents.Dockerfile;

// PLACEHOLDER — replaced by the real document model.
public sealed class DockerfileDocument
{
    public static DockerfileDocument Parse(string text) => new();
}
