using ThreatLint.Discovery;
using ThreatLint.Documents.Dockerfile;

namespace ThreatLint.ThreatModel.Extractors;

/// <summary>
/// Dockerfiles: the image each builds, the registries its base images come from, and the model files it bakes in.
/// </summary>
internal sealed class DockerfileExtractor : IComponentExtractor
{
    public void Extract(ExtractionInput input, ModelDraft draft)
    {
        foreach (var (path, document) in input.Repository.OfType<DockerfileDocument>())
        {
            var final = document.FinalStage;
            var baseImage = final?.Origin.BaseImage;
            var known = KnownImages.Classify(baseImage?.Text);
            var detail = baseImage is null ? null : "from " + baseImage.Text + (known is { } k ? " (" + k.Product + ")" : string.Empty);
            var id = draft.Add(ComponentKind.ContainerImage, ImageName(input.Root, path), TrustZone.Registries, path, 0, 0, detail);
            draft.Get(id).Scope ??= Folder(path);

            foreach (var stage in document.Stages.Where(s => s.BaseImage is { IsScratch: false } && s.BaseStage is null))
            {
                var registry = draft.Add(ComponentKind.ContainerRegistry, "Base images " + KnownImages.Registry(stage.BaseImage!.Text), TrustZone.ThirdParty);
                draft.Flow(registry, id, "base image");
            }

            var copies = (final?.Instructions ?? []).Where(i => i.Keyword is "COPY" or "ADD" && i.FindFlag("from") is null).ToList();
            var folder = Folder(path);
            foreach (var source in copies.SelectMany(c => c.Words.Take(Math.Max(c.Words.Count - 1, 0))).Select(w => w.Text.Trim('"').TrimStart('.', '/')))
            {
                if (source.Length > 0 && source != "*" && !source.StartsWith("$", StringComparison.Ordinal))
                {
                    draft.ImageFile(id, folder + source.TrimEnd('/'));
                }
            }

            foreach (var artifact in input.Files.Where(f => f.Kind == DocumentKind.ModelArtifact && IsUnder(f.RelativePath, folder)))
            {
                var inContext = artifact.RelativePath.Substring(folder.Length);
                if (copies.Any(c => c.Words.Take(Math.Max(c.Words.Count - 1, 0)).Any(w => Covers(w.Text, inContext))))
                {
                    draft.Flow(ArtifactExtractor.ComponentOf(draft, artifact.RelativePath), id, "baked into image");
                }
            }
        }
    }

    /// <summary>The image's name: the folder that holds the Dockerfile (the repository's name at the root), plus the file's own prefix.</summary>
    public static string ImageName(string root, string path)
    {
        var folder = Folder(path).TrimEnd('/');
        var owner = folder.Length == 0 ? Path.GetFileName(root.TrimEnd('/', '\\')) : folder.Substring(folder.LastIndexOf('/') + 1);
        var file = path.Substring(path.LastIndexOf('/') + 1);
        var prefix = file.EndsWith(".Dockerfile", StringComparison.OrdinalIgnoreCase) ? file.Substring(0, file.Length - ".Dockerfile".Length)
            : file.StartsWith("Dockerfile.", StringComparison.OrdinalIgnoreCase) ? file.Substring("Dockerfile.".Length)
            : null;
        return (prefix is null || prefix == owner ? owner : owner + "-" + prefix) + " image";
    }

    internal static string Folder(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path.Substring(0, slash + 1) : string.Empty;

    internal static bool IsUnder(string path, string folder) => path.StartsWith(folder, StringComparison.Ordinal);

    private static bool Covers(string source, string inContext)
    {
        var s = source.Trim('"').TrimStart('.', '/');
        return s.Length == 0 || s == "*" || inContext.StartsWith(s.TrimEnd('/'), StringComparison.Ordinal);
    }
}
