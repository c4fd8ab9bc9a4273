using ThreatLint.Discovery;

namespace ThreatLint.ThreatModel.Extractors;

/// <summary>Model files committed to the repository. A folder holding many is one component, so diagrams stay readable.</summary>
internal sealed class ArtifactExtractor : IComponentExtractor
{
    private const int FolderGroupThreshold = 4;

    public void Extract(ExtractionInput input, ModelDraft draft)
    {
        foreach (var artifact in input.Files.Where(f => f.Kind == DocumentKind.ModelArtifact))
        {
            var folder = DockerfileExtractor.Folder(artifact.RelativePath);
            var siblings = input.Files.Count(f => f.Kind == DocumentKind.ModelArtifact && DockerfileExtractor.Folder(f.RelativePath) == folder);
            draft.Add(ComponentKind.ModelArtifact, NameOf(artifact.RelativePath, siblings), TrustZone.Registries, artifact.RelativePath);
        }
    }

    /// <summary>The component that holds the model file at <paramref name="path"/> (added by <see cref="Extract"/>).</summary>
    public static string ComponentOf(ModelDraft draft, string path) =>
        draft.Components.First(c => c.Kind == ComponentKind.ModelArtifact && c.Locations.Any(l => l.Path == path)).Id;

    private static string NameOf(string path, int siblings) =>
        siblings >= FolderGroupThreshold ? DockerfileExtractor.Folder(path) : path;
}
