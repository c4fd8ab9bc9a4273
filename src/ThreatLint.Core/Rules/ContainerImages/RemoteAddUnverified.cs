using ThreatLint.Catalog;
using ThreatLint.Documents.Dockerfile;

namespace ThreatLint.Rules.ContainerImages;

/// <summary>
/// TL4004: ADD fetches a URL without <c>--checksum</c>, or a git repository without a pinned commit. Every stage is
/// checked: what a build stage fetches is compiled or copied into what ships.
/// </summary>
/// <remarks>
/// <para>
/// A source is a git repository, as BuildKit decides, when it starts with <c>git@</c>, <c>git://</c> or
/// <c>ssh://</c>, when it is an http(s) URL whose path ends in <c>.git</c>, or when ADD has <c>--keep-git-dir</c>.
/// It is pinned by a 40-hex (or 64-hex) commit as its ref (<c>#&lt;commit&gt;</c>, <c>#&lt;commit&gt;:subdir</c>,
/// <c>?ref=&lt;commit&gt;</c>), by <c>?checksum=&lt;commit&gt;</c>, or by <c>--checksum=&lt;commit&gt;</c>; a branch or tag can
/// move.
/// </para>
/// <para>
/// Decisions: plain <c>http://</c> (and <c>git://</c>) is reported with high severity: a network attacker can swap
/// the content, not only the server's owner. Any <c>--checksum</c> value counts as verification — BuildKit rejects a
/// malformed one, so the build cannot ship unverified content. A source that is wholly a build argument with no
/// default (<c>ADD ${MODEL_URL} /models/</c>) cannot be judged and is not reported.
/// </para>
/// </remarks>
public sealed class RemoteAddUnverified : IDockerfileRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.RemoteAddUnverified;

    public void Check(DockerfileDocument document, RuleContext context)
    {
        foreach (var instruction in document.Instructions)
        {
            if (instruction.Keyword != "ADD")
            {
                continue;
            }

            foreach (var source in CopySources.Sources(instruction))
            {
                if (Problem(instruction, source.Value) is { } problem)
                {
                    context.Report(Descriptor, source.Span, "ADD " + source.Value, [source.Value, problem.Text], problem.Severity);
                }
            }
        }
    }

    private static (string Text, Severity Severity)? Problem(DockerInstruction instruction, string source)
    {
        var plain = source.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        var http = plain || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        var git = source.StartsWith("git@", StringComparison.OrdinalIgnoreCase)
            || source.StartsWith("git://", StringComparison.OrdinalIgnoreCase)
            || source.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase)
            || (http && (PathEndsWithGit(source) || instruction.FindFlag("keep-git-dir") is not null));

        if (git)
        {
            return GitProblem(instruction, source);
        }

        if (!http || instruction.FindFlag("checksum") is { Value.Length: > 0 })
        {
            return null;
        }

        return plain
            ? ("is fetched over plain http with no --checksum (anyone on the network path can swap it)", Severity.High)
            : ("has no --checksum=sha256:…", Severity.Medium);
    }

    private static (string Text, Severity Severity)? GitProblem(DockerInstruction instruction, string source)
    {
        var reference = GitRef(source, out var checksum);
        if (IsCommit(reference) || IsCommit(checksum) || IsCommit(instruction.FindFlag("checksum")?.Value))
        {
            return null;
        }

        var unencrypted = source.StartsWith("git://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        var what = reference is null or "" ? "pins no commit (no ref: whatever the default branch holds)" : "pins no commit (ref " + reference + " can move)";
        return unencrypted
            ? (what + " and is fetched over an unencrypted transport", Severity.High)
            : (what, Severity.Medium);
    }

    /// <summary>The ref of a git source: the fragment before <c>:subdir</c>, or the <c>ref=</c> query parameter; also its <c>checksum=</c>.</summary>
    private static string? GitRef(string source, out string? checksum)
    {
        checksum = null;
        string? reference = null;
        var hash = source.IndexOf('#');
        var query = source.IndexOf('?');
        if (query >= 0 && (hash < 0 || query < hash))
        {
            var end = hash < 0 ? source.Length : hash;
            foreach (var pair in source.Substring(query + 1, end - query - 1).Split('&'))
            {
                if (pair.StartsWith("ref=", StringComparison.Ordinal))
                {
                    reference = pair.Substring(4);
                }
                else if (pair.StartsWith("checksum=", StringComparison.Ordinal))
                {
                    checksum = pair.Substring(9);
                }
            }
        }

        if (hash >= 0)
        {
            var fragment = source.Substring(hash + 1);
            var colon = fragment.IndexOf(':');
            reference = colon < 0 ? fragment : fragment.Substring(0, colon);
        }

        return reference;
    }

    private static bool PathEndsWithGit(string url)
    {
        var end = url.IndexOfAny(['#', '?']);
        var path = (end < 0 ? url : url.Substring(0, end)).TrimEnd('/');
        return path.EndsWith(".git", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsCommit(string? reference) =>
        reference is { Length: 40 or 64 } && reference.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F'));
}
