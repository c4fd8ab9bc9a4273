using ThreatLint.Discovery;
using ThreatLint.Documents.Yaml;
using ThreatLint.Findings;

namespace ThreatLint.Rules;

/// <summary>A parsed text document of the scan, kept for the rules and reports that look across files.</summary>
/// <param name="Path">Relative to the scan root, with '/' separators.</param>
/// <param name="Document">The parsed document (<see cref="YamlFile"/>, <c>DockerfileDocument</c>…).</param>
public sealed record ScannedDocument(string Path, DocumentKind Kind, object Document);

/// <summary>The parsed documents of one scan, in path order.</summary>
public sealed class Repository
{
    public Repository(IReadOnlyList<ScannedDocument> documents) => Documents = documents;

    public IReadOnlyList<ScannedDocument> Documents { get; }

    /// <summary>The documents of one model type, with their paths.</summary>
    public IEnumerable<(string Path, T Document)> OfType<T>()
        where T : class =>
        Documents.Where(d => d.Document is T).Select(d => (d.Path, (T)d.Document));

    /// <summary>The YAML files, with their paths.</summary>
    public IEnumerable<(string Path, YamlFile File)> YamlFiles => OfType<YamlFile>();
}

/// <summary>Where a repository rule reports: a <see cref="RuleContext"/> per file.</summary>
public sealed class RepositoryContext
{
    private readonly Func<string, RuleContext> _contextOf;

    internal RepositoryContext(Func<string, RuleContext> contextOf) => _contextOf = contextOf;

    /// <summary>The context that reports findings in the file at <paramref name="path"/>.</summary>
    public RuleContext For(string path) => _contextOf(path);
}
