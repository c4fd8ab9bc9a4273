namespace ThreatLint.Documents.Dockerfile;

/// <summary>
/// An image reference as in <c>[registry/]repository[:tag][@digest]</c>, split the way the distribution
/// reference grammar does: the first path component is a registry only when it has a <c>.</c> or <c>:</c>,
/// is <c>localhost</c>, or has upper-case letters.
/// </summary>
/// <param name="Text">The reference as parsed.</param>
/// <param name="Registry">The registry host (<c>nvcr.io</c>, <c>localhost:5000</c>), or null for Docker Hub.</param>
/// <param name="Repository">The repository path (<c>pytorch/torchserve</c>, <c>python</c>).</param>
/// <param name="Tag">The tag, or null when there is none.</param>
/// <param name="Digest">The digest after <c>@</c> (<c>sha256:…</c>), or null.</param>
public sealed record ImageReference(string Text, string? Registry, string Repository, string? Tag, string? Digest)
{
    /// <summary>True for <c>scratch</c>, Docker's empty base image.</summary>
    public bool IsScratch =>
        Registry is null && Tag is null && Digest is null && string.Equals(Repository, "scratch", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a reference; null when the text is empty, has white space or no repository.</summary>
    public static ImageReference? Parse(string text)
    {
        text = text.Trim();
        if (text.Length == 0 || text.Any(char.IsWhiteSpace))
        {
            return null;
        }

        var at = text.IndexOf('@');
        var name = at < 0 ? text : text.Substring(0, at);
        var digest = at < 0 || at == text.Length - 1 ? null : text.Substring(at + 1);

        string? tag = null;
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            tag = colon == name.Length - 1 ? null : name.Substring(colon + 1);
            name = name.Substring(0, colon);
        }

        string? registry = null;
        var slash = name.IndexOf('/');
        if (slash > 0)
        {
            var first = name.Substring(0, slash);
            if (first.IndexOf('.') >= 0 || first.IndexOf(':') >= 0 || first == "localhost" || first.Any(char.IsUpper))
            {
                registry = first;
                name = name.Substring(slash + 1);
            }
        }

        return name.Length == 0 ? null : new ImageReference(text, registry, name, tag, digest);
    }

    public override string ToString() => Text;
}
