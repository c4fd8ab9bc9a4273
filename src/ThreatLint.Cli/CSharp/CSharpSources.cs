using ThreatLint.Discovery;
using ThreatLint.Findings;

namespace ThreatLint.Cli.CSharp;

/// <summary>
/// The CLI's C# part of a scan: the repository's <c>.cs</c> files, grouped by project, through the ThreatLint
/// analyzers, merged into the engine's result. In a build the compiler runs the same analyzers and the MSBuild task
/// never reads C#, so each finding has one reporter per host. Roslyn is loaded only when this runs: no <c>.cs</c>
/// file, no cost. (This class names no Roslyn type, so the JIT loads none until <see cref="CSharpAnalysis"/> runs.)
/// </summary>
internal static class CSharpSources
{
    /// <summary>The analyzers' findings over <paramref name="sources"/>, for <see cref="ScanOptions.External"/>.</summary>
    public static ExternalScan Analyze(string root, IReadOnlyList<DiscoveredFile> sources, CancellationToken cancellationToken = default)
    {
        var findings = new List<Finding>();
        foreach (var project in CSharpProject.Group(root, sources))
        {
            findings.AddRange(Analyze(root, project, cancellationToken));
        }

        return new ExternalScan([.. sources.Select(s => s.RelativePath)], findings);
    }

    private static List<Finding> Analyze(string root, CSharpProject project, CancellationToken cancellationToken)
    {
        try
        {
            return CSharpAnalysis.Run(root, project, cancellationToken);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // One project's failure (a reference that will not load, a compiler crash) costs that project's findings only.
            var rule = Catalog.Rules.FileUnreadable;
            var path = Path.GetRelativePath(root, project.ProjectFile ?? project.Sources[0].FullPath).Replace(Path.DirectorySeparatorChar, '/');
            var reason = $"C# analysis failed ({e.GetType().Name}: {e.Message})";
            return [new Finding(rule, rule.DefaultSeverity, Catalog.Confidence.High, path, SourceSpan.FileStart, rule.FormatMessage(reason), Fingerprints.Compute(rule.Id, path, rule.Id + reason))];
        }
    }
}
