using ThreatLint.Catalog;
using ThreatLint.Documents.Artifacts;
using ThreatLint.Findings;

namespace ThreatLint.Rules.ModelArtifacts;

/// <summary>
/// How model-artifact rules read a view of the file: a malformed file becomes one TL9001 and a bound one TL9002 (once
/// per file and view, whichever rule reads it first), and the rule then has nothing to check.
/// </summary>
internal static class ArtifactViews
{
    public static bool TryRead<T>(ModelArtifact artifact, RuleContext context, string view, Func<ModelArtifact, T> read, out T value)
        where T : class
    {
        try
        {
            value = read(artifact);
            return true;
        }
        catch (ScanLimitException e)
        {
            Report(artifact, context, view, Catalog.Rules.FileSkippedLimit, e.Message);
        }
        catch (InvalidDataException e)
        {
            Report(artifact, context, view, Catalog.Rules.FileUnreadable, "cannot parse the file: " + e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Report(artifact, context, view, Catalog.Rules.FileUnreadable, "cannot read the file: " + e.Message);
        }

        value = null!;
        return false;
    }

    /// <summary>Reports a scan problem the way the scanner does (TL9001/TL9002 at the start of the file).</summary>
    public static void ReportProblem(RuleContext context, RuleDescriptor rule, string reason) =>
        context.Report(rule, SourceSpan.FileStart, rule.Id + reason, [reason]);

    private static void Report(ModelArtifact artifact, RuleContext context, string view, RuleDescriptor rule, string reason)
    {
        if (artifact.TryMarkViewFailureReported(view))
        {
            ReportProblem(context, rule, reason);
        }
    }
}
