using System.Globalization;
using ThreatLint.Findings;

namespace ThreatLint.Reporting;

/// <summary>The canonical diagnostic form that MSBuild, IDEs and CI problem matchers understand.</summary>
public static class DiagnosticText
{
    /// <summary>The message as shown to users: evidence, then the taxonomy tag.</summary>
    public static string Message(Finding finding)
    {
        var tag = finding.Rule.TaxonomyTag;
        return tag.Length == 0 ? finding.Message : finding.Message + " " + tag;
    }

    /// <summary>How a suppressed finding was accepted, for the end of its line: <c> (accepted: baseline — reason)</c>.</summary>
    public static string SuppressionNote(Finding finding) =>
        finding.Suppression is not { } s ? string.Empty
        : s.Justification.Length == 0 ? " (accepted: " + s.KindText + ")"
        : " (accepted: " + s.KindText + " \u2014 " + s.Justification + ")";

    /// <summary><c>path(line,col): warning TL4001: message [ATLAS …]</c>; a suppressed finding is <c>info</c> and says how it was accepted.</summary>
    /// <param name="finding">The finding.</param>
    /// <param name="isError">True when the finding fails the gate.</param>
    public static string Line(Finding finding, bool isError) =>
        string.Format(
            CultureInfo.InvariantCulture,
            "{0}({1},{2}): {3} {4}: {5}",
            finding.Path,
            finding.Span.Line,
            finding.Span.Column,
            finding.Suppressed ? "info" : isError ? "error" : "warning",
            finding.RuleId,
            Message(finding) + SuppressionNote(finding));
}
