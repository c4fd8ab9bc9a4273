using ThreatLint.Catalog;
using ThreatLint.Documents.Dockerfile;

namespace ThreatLint.Rules.ContainerImages;

/// <summary>
/// TL4001: the final stage runs as root — no USER along its FROM-stage chain, or the effective USER is root.
/// </summary>
/// <remarks>
/// Decisions: a USER whose value is a build argument with no default is not reported (the file plainly means to
/// switch users and the value is chosen outside the repository). A <c>scratch</c> final stage without USER is
/// reported: the process runs as uid 0 even if the image holds nothing but a static binary. When the base comes
/// from a build argument with no default and no USER is set, the finding has low confidence.
/// </remarks>
public sealed class ImageRunsAsRoot : IDockerfileRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.ImageRunsAsRoot;

    public void Check(DockerfileDocument document, RuleContext context)
    {
        if (document.FinalStage is not { } final)
        {
            return;
        }

        var stageName = final.Name ?? final.BaseName.Value;
        if (final.EffectiveUser is { ExpandedArguments: { } user } instruction)
        {
            if (user.IsResolved && IsRoot(user.Value))
            {
                var shown = user.Value == instruction.Arguments ? "USER " + user.Value : "USER " + instruction.Arguments + " is " + user.Value;
                context.Report(Descriptor, instruction.Span, "USER " + user.Value, [stageName, shown]);
            }

            return;
        }

        var origin = final.Origin;
        if (!origin.BaseName.IsResolved)
        {
            context.Report(
                Descriptor,
                final.From.Span,
                "no USER",
                [stageName, "no USER instruction; the base " + origin.BaseName.Value + " is chosen by a build argument"],
                confidence: Confidence.Low);
        }
        else if (origin.BaseImage is { IsScratch: true })
        {
            context.Report(Descriptor, final.From.Span, "no USER", [stageName, "scratch base and no USER instruction: uid 0"]);
        }
        else if (origin.BaseImage is { } image && !DefaultsToNonRoot(image) && !context.Settings.IsKnownNonRoot(image))
        {
            context.Report(Descriptor, final.From.Span, "no USER", [stageName, "no USER instruction"]);
        }
    }

    /// <summary>root, uid 0 (with any group), or Windows' ContainerAdministrator.</summary>
    private static bool IsRoot(string user)
    {
        var colon = user.IndexOf(':');
        var name = colon < 0 ? user : user.Substring(0, colon);
        return name == "root"
            || (name.Length > 0 && name.All(c => c == '0'))
            || string.Equals(name, "ContainerAdministrator", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Base images documented to run as a non-root user when no USER is set. Deliberately short: any other image
    /// is assumed to run as root, which is the default of nearly every image.
    /// </summary>
    private static bool DefaultsToNonRoot(ImageReference image)
    {
        var tag = image.Tag ?? "latest";
        return (image.Registry, image.Repository) switch
        {
            // Distroless: the :nonroot variants (nonroot, debug-nonroot, nonroot-amd64…) set uid 65532.
            ("gcr.io", var repository) when repository.StartsWith("distroless/", StringComparison.Ordinal) =>
                tag.Split('-').Contains("nonroot", StringComparer.Ordinal),

            // Chainguard images that document uid 65532 as default; their -dev variants are left out.
            ("cgr.dev", "chainguard/static" or "chainguard/glibc-dynamic" or "chainguard/python") =>
                !tag.EndsWith("-dev", StringComparison.Ordinal),

            // Nano Server runs as ContainerUser unless told otherwise.
            ("mcr.microsoft.com", "windows/nanoserver") => true,
            _ => false,
        };
    }
}
