using YamlDotNet.RepresentationModel;

namespace ThreatLint.Taxonomy;

/// <summary>One entry of the OWASP Top 10 for LLM Applications; the summary is ThreatLint's own wording.</summary>
public sealed record OwaspLlmEntry(string Id, string Name, string Summary, string Url);

/// <summary>The OWASP Top 10 for LLM Applications (ids, names, links).</summary>
public sealed class OwaspLlmCatalog
{
    private readonly Dictionary<string, OwaspLlmEntry> entries;

    private OwaspLlmCatalog(string title, string edition, IReadOnlyList<OwaspLlmEntry> entries)
    {
        Title = title;
        Edition = edition;
        Entries = entries;
        this.entries = entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
    }

    /// <summary><c>OWASP Top 10 for LLM Applications</c>.</summary>
    public string Title { get; }

    /// <summary><c>2025</c>.</summary>
    public string Edition { get; }

    /// <summary>LLM01 to LLM10, in order.</summary>
    public IReadOnlyList<OwaspLlmEntry> Entries { get; }

    public OwaspLlmEntry? Find(string id) => entries.TryGetValue(id, out var entry) ? entry : null;

    internal static OwaspLlmCatalog Parse(YamlMappingNode root) => new(
        root.Text("list"),
        root.Text("edition"),
        [.. root.Maps("items").Select(i => new OwaspLlmEntry(i.Text("id"), i.Text("name"), i.Text("summary"), i.Text("url")))]);
}
