namespace ThreatLint.Documents.Dockerfile;

/// <summary>Collects parse diagnostics, bounded so that a garbage file does not produce a million of them.</summary>
internal sealed class DiagnosticList
{
    private const int Max = 100;

    public List<DockerfileDiagnostic> Items { get; } = [];

    public void Add(int line, string message)
    {
        if (Items.Count < Max)
        {
            Items.Add(new DockerfileDiagnostic(line, message));
        }
    }
}
