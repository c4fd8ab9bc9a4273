using ThreatLint.Documents.Compose;
using ThreatLint.Documents.Kubernetes;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules.Serving;

/// <summary>The model-server containers and compose services of a serving file (none for pipeline files).</summary>
internal static class ServingContainers
{
    public static IReadOnlyList<ServingContainer> Of(YamlFile file, string path) =>
        ServingYaml.IsPipelineFile(path, file) ? [] : KubernetesManifest.Of(file).ServingContainers;

    public static IEnumerable<ComposeService> ComposeOf(YamlFile file, string path) =>
        ServingYaml.IsPipelineFile(path, file) ? [] : ComposeFile.Of(file).Services.Where(s => s.Server is not null);
}
