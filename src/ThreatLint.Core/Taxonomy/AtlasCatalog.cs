using YamlDotNet.RepresentationModel;

namespace ThreatLint.Taxonomy;

/// <summary>An ATLAS tactic: a column of the ATLAS matrix.</summary>
public sealed record AtlasTacticEntry(string Id, string Name)
{
    public string Url => "https://atlas.mitre.org/tactics/" + Id;
}

/// <summary>An ATLAS technique or sub-technique.</summary>
/// <param name="Id">e.g. <c>AML.T0010.003</c>.</param>
/// <param name="Name">The upstream name, e.g. <c>Model</c>.</param>
/// <param name="DisplayName">The name the ATLAS site shows: <c>AI Supply Chain Compromise: Model</c> for a sub-technique.</param>
/// <param name="Parent">The parent technique's id, for a sub-technique.</param>
/// <param name="Tactics">Tactic ids (a sub-technique's are its parent's).</param>
/// <param name="Url">The technique's page on atlas.mitre.org.</param>
public sealed record AtlasTechniqueEntry(
    string Id, string Name, string DisplayName, string? Parent, IReadOnlyList<string> Tactics, string Url)
{
    public bool IsSubTechnique => Parent is not null;
}

/// <summary>An ATLAS mitigation and the techniques (sub-techniques included) it addresses.</summary>
public sealed record AtlasMitigationEntry(string Id, string Name, IReadOnlyList<string> Techniques)
{
    public string Url => "https://atlas.mitre.org/mitigations/" + Id;
}

/// <summary>The MITRE ATLAS matrix as embedded (ids, names and links; no descriptions).</summary>
public sealed class AtlasCatalog
{
    private readonly Dictionary<string, AtlasTacticEntry> tactics;
    private readonly Dictionary<string, AtlasTechniqueEntry> techniques;
    private readonly Dictionary<string, AtlasMitigationEntry> mitigations;

    private AtlasCatalog(
        string version,
        string releaseDate,
        IReadOnlyList<AtlasTacticEntry> tactics,
        IReadOnlyList<AtlasTechniqueEntry> techniques,
        IReadOnlyList<AtlasMitigationEntry> mitigations)
    {
        Version = version;
        ReleaseDate = releaseDate;
        Tactics = tactics;
        Techniques = techniques;
        Mitigations = mitigations;
        this.tactics = tactics.ToDictionary(t => t.Id, StringComparer.Ordinal);
        this.techniques = techniques.ToDictionary(t => t.Id, StringComparer.Ordinal);
        this.mitigations = mitigations.ToDictionary(m => m.Id, StringComparer.Ordinal);
    }

    /// <summary>The ATLAS content version, e.g. <c>5.6.0</c>.</summary>
    public string Version { get; }

    /// <summary>Release date of that version, <c>yyyy-MM-dd</c>.</summary>
    public string ReleaseDate { get; }

    /// <summary>Tactics in matrix (kill-chain) order.</summary>
    public IReadOnlyList<AtlasTacticEntry> Tactics { get; }

    /// <summary>Techniques sorted by id; each sub-technique follows its parent.</summary>
    public IReadOnlyList<AtlasTechniqueEntry> Techniques { get; }

    /// <summary>Mitigations sorted by id.</summary>
    public IReadOnlyList<AtlasMitigationEntry> Mitigations { get; }

    public AtlasTacticEntry? FindTactic(string id) => tactics.TryGetValue(id, out var tactic) ? tactic : null;

    public AtlasTechniqueEntry? FindTechnique(string id) => techniques.TryGetValue(id, out var technique) ? technique : null;

    public AtlasMitigationEntry? FindMitigation(string id) => mitigations.TryGetValue(id, out var mitigation) ? mitigation : null;

    internal static AtlasCatalog Parse(YamlMappingNode root)
    {
        var techniques = new List<AtlasTechniqueEntry>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in root.Maps("techniques"))
        {
            var (id, name, parent) = (node.Text("id"), node.Text("name"), node.OptionalText("parent"));
            var displayName = parent is null ? name
                : names.TryGetValue(parent, out var parentName) ? parentName + ": " + name
                : throw new InvalidDataException($"atlas.yaml: {id} names parent {parent}, which does not precede it");
            names[id] = name;
            techniques.Add(new AtlasTechniqueEntry(id, name, displayName, parent, node.Texts("tactics"), node.Text("url")));
        }

        return new AtlasCatalog(
            root.Text("version"),
            root.Text("release_date"),
            [.. root.Maps("tactics").Select(t => new AtlasTacticEntry(t.Text("id"), t.Text("name")))],
            techniques,
            [.. root.Maps("mitigations").Select(m => new AtlasMitigationEntry(m.Text("id"), m.Text("name"), m.Texts("techniques")))]);
    }
}
