using ThreatLint.Catalog;
using YamlDotNet.RepresentationModel;

namespace ThreatLint.Taxonomy;

/// <summary>A STRIDE category.</summary>
/// <param name="Id">Its letter: S, T, R, I, D or E.</param>
/// <param name="Name">e.g. <c>Elevation of Privilege</c>.</param>
/// <param name="Property">The security property it violates, e.g. <c>Authorization</c>.</param>
/// <param name="Definition">One sentence, ThreatLint's wording.</param>
public sealed record StrideCategory(string Id, string Name, string Property, string Definition);

/// <summary>The six STRIDE categories.</summary>
public sealed class StrideCatalog
{
    private readonly Dictionary<string, StrideCategory> categories;

    private StrideCatalog(IReadOnlyList<StrideCategory> categories)
    {
        Categories = categories;
        this.categories = categories.ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    /// <summary>S, T, R, I, D, E in that order.</summary>
    public IReadOnlyList<StrideCategory> Categories { get; }

    /// <summary>The category for a letter (<c>T</c>).</summary>
    public StrideCategory? Find(string letter) => categories.TryGetValue(letter, out var category) ? category : null;

    /// <summary>The categories of a rule's STRIDE set, in S T R I D E order.</summary>
    public IReadOnlyList<StrideCategory> Of(Stride stride) => [.. stride.Letters().Select(letter => categories[letter])];

    internal static StrideCatalog Parse(YamlMappingNode root) => new(
        [.. root.Maps("categories").Select(c => new StrideCategory(c.Text("id"), c.Text("name"), c.Text("property"), c.Text("definition")))]);
}
