using ThreatLint.Documents.Artifacts;
using ThreatLint.Findings;
using ThreatLint.Rules;

namespace ThreatLint.Core.Tests.Artifacts;

/// <summary>A temporary scan root holding model files written from bytes; rules run on them the way the scanner runs them.</summary>
internal sealed class ArtifactTree : IDisposable
{
    public ArtifactTree() =>
        Root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "threatlint-artifacts-" + Guid.NewGuid().ToString("N")[..12])).FullName;

    public string Root { get; }

    public string Write(string relativePath, byte[] content)
    {
        var path = Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Write(string relativePath, string content) => Write(relativePath, System.Text.Encoding.UTF8.GetBytes(content));

    public ModelArtifact Open(string relativePath) =>
        ModelArtifact.Open(Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar)), relativePath);

    /// <summary>Runs <paramref name="rules"/> on the file at <paramref name="relativePath"/>.</summary>
    public IReadOnlyList<Finding> Run(string relativePath, params IModelArtifactRule[] rules)
    {
        var findings = new List<Finding>();
        var context = new RuleContext(relativePath, findings);
        var artifact = Open(relativePath);
        foreach (var rule in rules.Length == 0 ? RuleRegistry.For<IModelArtifactRule>() : rules)
        {
            rule.Check(artifact, context);
        }

        return findings;
    }

    /// <summary>Writes <paramref name="content"/> and runs <paramref name="rules"/> on it.</summary>
    public IReadOnlyList<Finding> Run(string relativePath, byte[] content, params IModelArtifactRule[] rules)
    {
        Write(relativePath, content);
        return Run(relativePath, rules);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A scan still holding a file on Windows; the temp folder is cleaned later.
        }
    }
}

internal static class FindingAssertions
{
    /// <summary>Rule ids, sorted: compact to compare in an assert.</summary>
    public static IReadOnlyList<string> Ids(this IEnumerable<Finding> findings) =>
        [.. findings.Select(f => f.RuleId).OrderBy(id => id, StringComparer.Ordinal)];
}
