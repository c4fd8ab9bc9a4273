using ThreatLint.Catalog;
using ThreatLint.Documents.Pipelines;
using ThreatLint.Documents.Yaml;
using ThreatLint.Rules.SupplyChain;

namespace ThreatLint.Rules.Pipelines;

/// <summary>
/// TL3001: a pipeline runs code from another repository by a name its owner can move — a GitHub action or reusable
/// workflow by tag or branch, an Azure Pipelines template repository by branch or tag, a GitLab project include,
/// component or remote include without a commit. Whoever takes over that repository (or its tag) runs code in the
/// pipeline with its secrets, as in the tj-actions/changed-files compromise of March 2025.
/// </summary>
/// <remarks>
/// Decisions: a full 40-hex commit is the only pin (a version comment after it is fine: comments are not values);
/// local actions and workflows (<c>./…</c>) are the repository's own code; Docker actions (<c>docker://</c>) are
/// images and belong to TL3009. A GitLab remote include with <c>integrity: sha256-…</c> is pinned. Azure
/// repositories of <c>type: git</c> live in the same organization and are not reported.
/// </remarks>
public sealed class PipelineDependencyUnpinned : IYamlRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.PipelineDependencyUnpinned;

    public void Check(YamlFile document, RuleContext context)
    {
        var pipeline = PipelineFile.Of(document, context.Path);
        foreach (var reference in pipeline.References)
        {
            if (IsPinned(reference.Ref) || reference.Node is YamlScalar { Text: { } text } && text.IndexOf("${{", StringComparison.Ordinal) >= 0)
            {
                continue;
            }

            var what = reference.What + " " + reference.Name;
            context.Report(Descriptor, reference.Node.Span, what + "@" + (reference.Ref ?? string.Empty), [what, Describe(reference)]);
        }
    }

    private static bool IsPinned(string? reference) =>
        ModelReferences.IsCommit(reference?.ToLowerInvariant())
        || reference is not null && (reference.StartsWith("sha256-", StringComparison.Ordinal) || reference.StartsWith("sha384-", StringComparison.Ordinal) || reference.StartsWith("sha512-", StringComparison.Ordinal));

    private static string Describe(PipelineReference reference)
    {
        var value = reference.Ref;
        if (value is null)
        {
            return reference.What == "remote include" ? "URL alone (no integrity: hash)" : "no ref, so the default branch";
        }

        var bare = value.StartsWith("refs/heads/", StringComparison.Ordinal) ? value.Substring(11) : value.StartsWith("refs/tags/", StringComparison.Ordinal) ? value.Substring(10) : value;
        if (bare.Length is >= 7 and < 40 && bare.All(Uri.IsHexDigit))
        {
            return "abbreviated commit " + bare;
        }

        if (value.StartsWith("refs/tags/", StringComparison.Ordinal) || (bare.Length > 1 && (char.IsDigit(bare[0]) || (bare[0] == 'v' && char.IsDigit(bare[1])))))
        {
            return "tag " + bare;
        }

        return "branch " + bare;
    }
}
