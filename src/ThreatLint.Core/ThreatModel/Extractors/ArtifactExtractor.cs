using ThreatLint.Discovery;

namespace ThreatLint.ThreatModel.Extractors;

/// <summary>Model files committed to the repository. A folder holding many is one component, so diagrams stay readable.</summary>
internal sealed class ArtifactExtractor : IComponentExtractor
{
    private const int FolderGroupThreshold = 4;

    public void Extract(ExtractionInput input, ModelDraft draft)
    {
        var artifacts = input.Files.Where(f => f.Kind == DocumentKind.ModelArtifact).ToList();
        var perFolder = artifacts.GroupBy(f => DockerfileExtractor.Folder(f.RelativePath), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var artifact in artifacts)
        {
            var siblings = perFolder[DockerfileExtractor.Folder(artifact.RelativePath)];
            draft.Add(ComponentKind.ModelArtifact, NameOf(artifact.RelativePath, siblings), TrustZone.Registries, artifact.RelativePath);
        }
    }

    /// <summary>The component that holds the model file at <paramref name="path"/> (added by <see cref="Extract"/>).</summary>
    public static string ComponentOf(ModelDraft draft, string path) => draft.ArtifactAt(path);

    private static string NameOf(string path, int siblings) =>
        siblings >= FolderGroupThreshold ? DockerfileExtractor.Folder(path) : path;
}
