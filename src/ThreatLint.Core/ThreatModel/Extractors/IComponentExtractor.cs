using ThreatLint.Discovery;
using ThreatLint.Findings;
using ThreatLint.Rules;

namespace ThreatLint.ThreatModel.Extractors;

/// <summary>What the extractors read: the scan's parsed documents, the files it met, and its findings.</summary>
/// <param name="Root">The scan root (absolute).</param>
/// <param name="Files">Every discovered file (model artifacts are known here by path only).</param>
/// <param name="ProjectFiles">MSBuild project files, relative to the root with '/' separators.</param>
internal sealed record ExtractionInput(
    string Root,
    Repository Repository,
    IReadOnlyList<DiscoveredFile> Files,
    IReadOnlyList<string> ProjectFiles,
    IReadOnlyList<Finding> Findings);

/// <summary>Finds components and flows in one kind of source. One extractor per kind keeps a switch to typed views local.</summary>
internal interface IComponentExtractor
{
    void Extract(ExtractionInput input, ModelDraft draft);
}
