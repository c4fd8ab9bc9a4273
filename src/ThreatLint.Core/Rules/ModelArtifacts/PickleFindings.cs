using ThreatLint.Documents.Artifacts;
using ThreatLint.Documents.Pickle;
using ThreatLint.Findings;

namespace ThreatLint.Rules.ModelArtifacts;

/// <summary>What the pickle rules share: one finding per distinct import per stream, and the view's read problems
/// reported once whichever rule runs first.</summary>
internal static class PickleFindings
{
    /// <summary>Each import once per stream and nesting (its first occurrence), in file order.</summary>
    public static IEnumerable<(ArtifactPickleStream Stream, PickleImport Import)> DistinctImports(ArtifactPickles pickles)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (stream, import) in pickles.Imports)
        {
            if (seen.Add(Evidence(stream, import)))
            {
                yield return (stream, import);
            }
        }
    }

    /// <summary>Identity of a finding: the import and the member that holds it, never the offset (offsets move when
    /// a file is re-saved).</summary>
    public static string Evidence(ArtifactPickleStream stream, PickleImport import) =>
        (import.Kind == PickleImportKind.Unresolved ? "unresolved " + import.Detail : PickleNames.Normalize(import.Module, import.Name))
        + (stream.Member is null ? string.Empty : " in " + stream.Member)
        + (import.NestedIn is null ? string.Empty : " via " + import.NestedIn);

    /// <summary>How the message names the import.</summary>
    public static string Describe(PickleImport import) => import.Kind switch
    {
        PickleImportKind.Unresolved => "a hidden callable (" + import.Detail + ")",
        PickleImportKind.Dynamic => import.Module + "." + import.Name + " (" + import.Detail + ")",
        _ => import.Module + "." + import.Name,
    };

    /// <summary>TL9001/TL9002 for what the view could not read; only the first rule to ask reports them.</summary>
    public static void ReportProblemsOnce(ArtifactPickles pickles, RuleContext context)
    {
        if (pickles.Problems.Count == 0 || !pickles.ClaimProblems())
        {
            return;
        }

        foreach (var problem in pickles.Problems)
        {
            var rule = problem.IsLimit ? Catalog.Rules.FileSkippedLimit : Catalog.Rules.FileUnreadable;
            context.Report(rule, SourceSpan.FileStart, rule.Id + problem.Message, [problem.Message]);
        }
    }
}
