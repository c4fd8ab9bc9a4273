using YamlDotNet.RepresentationModel;

namespace ThreatLint.Taxonomy;

/// <summary>
/// Reads the embedded catalogs through YamlDotNet's representation model only: a stable API that
/// survives the version unification Roslyn applies to analyzer dependencies (PACKAGING.md pitfall 9).
/// </summary>
internal static class YamlMaps
{
    public static YamlMappingNode LoadRoot(TextReader reader, string source)
    {
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new InvalidDataException($"{source}: expected one YAML document with a mapping at its root");
    }

    public static string Text(this YamlMappingNode map, string key) =>
        map.OptionalText(key) ?? throw Invalid(map, key, "is missing");

    public static string? OptionalText(this YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? As<YamlScalarNode>(map, key, node).Value : null;

    public static IReadOnlyList<string> Texts(this YamlMappingNode map, string key) =>
        [.. map.Sequence(key).Select(node => As<YamlScalarNode>(map, key, node).Value ?? string.Empty)];

    public static IEnumerable<YamlMappingNode> Maps(this YamlMappingNode map, string key) =>
        map.Sequence(key).Select(node => As<YamlMappingNode>(map, key, node));

    private static IEnumerable<YamlNode> Sequence(this YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? As<YamlSequenceNode>(map, key, node).Children
            : throw Invalid(map, key, "is missing");

    private static T As<T>(YamlMappingNode map, string key, YamlNode node)
        where T : YamlNode =>
        node as T ?? throw Invalid(map, key, $"has a {node.NodeType} where a {typeof(T).Name} belongs");

    private static InvalidDataException Invalid(YamlMappingNode map, string key, string problem) =>
        new($"Embedded catalog, line {map.Start.Line}: key '{key}' {problem}");
}
