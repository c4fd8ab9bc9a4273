using System.Globalization;
using System.Text;
using ThreatLint.Catalog;
using ThreatLint.Reporting;

namespace ThreatLint.Cli;

/// <summary>The <c>text</c> report: canonical diagnostic lines, a blank line, and a one-line summary.</summary>
internal static class ScanText
{
    private static readonly Severity[] Severities = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low];

    public static string Write(ScanResult result, Severity? failOn)
    {
        var failing = result.AtOrAbove(failOn).ToHashSet();
        var text = new StringBuilder();
        foreach (var finding in result.Findings)
        {
            text.Append(DiagnosticText.Line(finding, failing.Contains(finding))).Append('\n');
        }

        if (result.Findings.Count > 0)
        {
            text.Append('\n');
        }

        return text.Append(Summary(result)).Append('\n').ToString();
    }

    /// <summary><c>3 findings (0 critical, 1 high, 2 medium, 0 low) in 4 files scanned, 12 ms</c>.</summary>
    public static string Summary(ScanResult result)
    {
        var active = result.Findings.Where(f => !f.Suppressed).ToList();
        var suppressed = result.Findings.Count - active.Count;
        var where = string.Format(
            CultureInfo.InvariantCulture,
            "in {0} scanned, {1} ms",
            Count(result.Stats.FilesScanned, "file", "files"),
            (long)result.Stats.Duration.TotalMilliseconds);
        var suffix = suppressed == 0 ? string.Empty : ", " + Count(suppressed, "suppressed finding", "suppressed findings") + " not counted";
        if (active.Count == 0)
        {
            return "No findings " + where + suffix;
        }

        var bySeverity = string.Join(", ", Severities.Select(s => Count(active.Count(f => f.Severity == s), s.ToText(), s.ToText())));
        return $"{Count(active.Count, "finding", "findings")} ({bySeverity}) {where}{suffix}";
    }

    private static string Count(int n, string singular, string plural) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? singular : plural);
}
