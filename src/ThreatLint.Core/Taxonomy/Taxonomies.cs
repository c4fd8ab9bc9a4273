using YamlDotNet.RepresentationModel;

namespace ThreatLint.Taxonomy;

/// <summary>
/// The taxonomies ThreatLint maps findings to, loaded once from the catalogs embedded in this assembly
/// (<c>Catalogs/*.yaml</c>, copies of the generated files described in catalogs/README.md).
/// </summary>
public static class Taxonomies
{
    private const string ResourcePrefix = "ThreatLint.Catalogs.";

    private static readonly Lazy<AtlasCatalog> LazyAtlas = new(() => AtlasCatalog.Parse(Load("atlas.yaml")));
    private static readonly Lazy<OwaspLlmCatalog> LazyOwasp = new(() => OwaspLlmCatalog.Parse(Load("owasp-llm-2025.yaml")));
    private static readonly Lazy<StrideCatalog> LazyStride = new(() => StrideCatalog.Parse(Load("stride.yaml")));

    /// <summary>MITRE ATLAS (Apache-2.0, © MITRE; see LICENSE-ATLAS.txt shipped with the package).</summary>
    public static AtlasCatalog Atlas => LazyAtlas.Value;

    /// <summary>OWASP Top 10 for LLM Applications 2025.</summary>
    public static OwaspLlmCatalog Owasp => LazyOwasp.Value;

    public static StrideCatalog Stride => LazyStride.Value;

    /// <summary>The embedded catalog files, by file name.</summary>
    public static IReadOnlyList<string> CatalogFiles { get; } = ["atlas.yaml", "owasp-llm-2025.yaml", "stride.yaml"];

    /// <summary>Opens an embedded catalog file (one of <see cref="CatalogFiles"/>) as it was shipped.</summary>
    public static Stream OpenCatalogFile(string fileName) =>
        typeof(Taxonomies).Assembly.GetManifestResourceStream(ResourcePrefix + fileName)
        ?? throw new FileNotFoundException($"No embedded catalog named {fileName}", fileName);

    private static YamlMappingNode Load(string fileName)
    {
        using var reader = new StreamReader(OpenCatalogFile(fileName));
        return YamlMaps.LoadRoot(reader, fileName);
    }
}
