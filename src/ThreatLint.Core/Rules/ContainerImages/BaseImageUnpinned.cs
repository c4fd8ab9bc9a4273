using ThreatLint.Catalog;
using ThreatLint.Documents.Dockerfile;

namespace ThreatLint.Rules.ContainerImages;

/// <summary>
/// TL4002: a FROM names an image without a digest. Every stage is checked, since build stages run code too;
/// <c>scratch</c> and earlier stages are not images to pin.
/// </summary>
/// <remarks>
/// Decision: a base chosen by a build argument with no default (<c>FROM ${BASE_IMAGE}</c>) is reported with low
/// confidence — the repository does not show a pinned image — unless the written reference carries a digest or
/// could name an earlier stage once the argument is known.
/// </remarks>
public sealed class BaseImageUnpinned : IDockerfileRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.BaseImageUnpinned;

    public void Check(DockerfileDocument document, RuleContext context)
    {
        foreach (var stage in document.Stages)
        {
            if (stage.BaseMayBeStage || stage.BaseImage is not { } image || image.IsScratch || image.Digest is not null || context.Settings.IsFromTrustedRegistry(image))
            {
                continue;
            }

            var reference = stage.BaseName.Value;
            if (!stage.BaseName.IsResolved)
            {
                var arguments = string.Join(", ", stage.BaseName.UnresolvedVariables);
                context.Report(
                    Descriptor,
                    stage.From.Span,
                    reference,
                    [reference, "depends on build argument " + arguments + " with no default and is not pinned by digest"],
                    Severity.Medium,
                    Confidence.Low);
                continue;
            }

            var (severity, problem) = image.Tag switch
            {
                null => (Severity.High, "is untagged (implicitly :latest) and not pinned by digest"),
                "latest" => (Severity.High, "uses the mutable :latest tag"),
                var tag when tag.StartsWith("latest-", StringComparison.Ordinal) => (Severity.High, "uses the mutable :" + tag + " tag"),
                _ => (Severity.Medium, "is not pinned by digest"),
            };
            context.Report(Descriptor, stage.From.Span, reference, [reference, problem], severity);
        }
    }
}
