using ThreatLint.Documents.Dockerfile;
using ThreatLint.Documents.Pickle;

namespace ThreatLint.Rules;

/// <summary>
/// The per-rule options of <c>.threatlint.yml</c> that change what a detector accepts, in one typed object that rules
/// read through <see cref="RuleContext.Settings"/>. Defaults are the built-in behaviour.
/// </summary>
public sealed record RuleSettings
{
    public static RuleSettings Default { get; } = new();

    /// <summary>TL1001/TL1002: the pickle import lists, built-in entries plus <c>allowImports</c>/<c>denyImports</c>.</summary>
    public PickleImportPolicy PickleImports { get; init; } = PickleImportPolicy.Default;

    /// <summary>TL1004 <c>signatureFiles</c>: more file names that sign a model by their presence; <c>{name}</c> is the
    /// model's file name (a sidecar beside it), a name without it signs a whole folder (looked for up to the root).</summary>
    public IReadOnlyList<string> SignatureFiles { get; init; } = [];

    /// <summary>TL1004 <c>digestManifests</c>: more manifest file names (<c>*</c> wildcard allowed) that pin a model
    /// when they list its path with a 64-hex digest.</summary>
    public IReadOnlyList<string> DigestManifests { get; init; } = [];

    /// <summary>TL1010 <c>trustedOrganizations</c>: Hub organisations (<c>acme</c>) whose models may be referenced by name.</summary>
    public IReadOnlyList<string> TrustedModelOrganizations { get; init; } = [];

    /// <summary>TL4001 <c>nonRootBaseImages</c>: images (<c>registry/repository</c>, <c>*</c> wildcard, optional
    /// <c>:tag</c>) known to run as a non-root user when no USER is set.</summary>
    public IReadOnlyList<string> NonRootBaseImages { get; init; } = [];

    /// <summary>TL4002 <c>trustedRegistries</c>: registries (<c>host</c> or <c>host/path/</c> prefix) whose tags are immutable
    /// and under your control, so a tag is as good as a digest there.</summary>
    public IReadOnlyList<string> TrustedRegistries { get; init; } = [];

    /// <summary>True when <paramref name="model"/> (<c>org/name</c>, <c>hf://org/name</c>, <c>hf-hub:org/name</c>,
    /// a huggingface.co URL) belongs to a trusted organisation.</summary>
    public bool IsTrustedModel(string model)
    {
        if (TrustedModelOrganizations.Count == 0)
        {
            return false;
        }

        var name = model.Trim();
        foreach (var prefix in ModelPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                name = name.Substring(prefix.Length);
                break;
            }
        }

        var slash = name.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var organization = name.Substring(0, slash);
        return TrustedModelOrganizations.Any(o => string.Equals(o.Trim(), organization, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when the image matches an entry of <see cref="NonRootBaseImages"/>.</summary>
    public bool IsKnownNonRoot(ImageReference image)
    {
        foreach (var entry in NonRootBaseImages)
        {
            var pattern = entry.Trim();
            string? tag = null;
            var colon = pattern.LastIndexOf(':');
            if (colon > pattern.LastIndexOf('/'))
            {
                tag = pattern.Substring(colon + 1);
                pattern = pattern.Substring(0, colon);
            }

            var name = FullName(image);
            if (Wildcard.IsMatch(pattern, name) || (image.Registry is null && Wildcard.IsMatch(pattern, image.Repository)))
            {
                if (tag is null || Wildcard.IsMatch(tag, image.Tag ?? "latest"))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when the image comes from a registry (or registry path prefix) in <see cref="TrustedRegistries"/>.</summary>
    public bool IsFromTrustedRegistry(ImageReference image)
    {
        var name = FullName(image) + "/";
        foreach (var entry in TrustedRegistries)
        {
            var prefix = entry.Trim().TrimEnd('/') + "/";
            if (prefix.Length > 1 && name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] ModelPrefixes = ["hf://", "hf-hub:", "https://huggingface.co/", "http://huggingface.co/", "huggingface.co/"];

    /// <summary><c>docker.io/library/python</c> for <c>python</c>: Docker Hub images get their implicit registry.</summary>
    private static string FullName(ImageReference image) =>
        image.Registry is { } registry
            ? registry + "/" + image.Repository
            : "docker.io/" + (image.Repository.IndexOf('/') < 0 ? "library/" + image.Repository : image.Repository);

    /// <summary>Case-insensitive match with <c>*</c> for any run of characters.</summary>
    private static class Wildcard
    {
        public static bool IsMatch(string pattern, string text)
        {
            var parts = pattern.Split('*');
            if (parts.Length == 1)
            {
                return string.Equals(pattern, text, StringComparison.OrdinalIgnoreCase);
            }

            if (!text.StartsWith(parts[0], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            var position = parts[0].Length;
            for (var i = 1; i < parts.Length - 1; i++)
            {
                var found = text.IndexOf(parts[i], position, StringComparison.OrdinalIgnoreCase);
                if (found < 0)
                {
                    return false;
                }

                position = found + parts[i].Length;
            }

            var last = parts[parts.Length - 1];
            return text.Length - position >= last.Length && text.EndsWith(last, StringComparison.OrdinalIgnoreCase);
        }
    }
}
