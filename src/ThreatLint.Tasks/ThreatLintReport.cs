using System.Reflection;
using Microsoft.Build.Framework;
using ThreatLint.Catalog;
using ThreatLint.Reporting;
using Task = Microsoft.Build.Utilities.Task;

namespace ThreatLint.Tasks;

/// <summary>
/// Logs the cached findings in canonical form, every build (so a no-op build shows the same warnings and
/// fails the same gate). Findings at or above <see cref="FailOn"/> are logged as errors.
/// </summary>
public sealed class ThreatLintReport : Task
{
    [Required]
    public string CacheFile { get; set; } = string.Empty;

    [Required]
    public string Root { get; set; } = string.Empty;

    /// <summary>The project being built: where configuration errors point.</summary>
    public string? ProjectFile { get; set; }

    /// <summary><c>critical</c>, <c>high</c>, <c>medium</c>, <c>low</c> or <c>none</c>.</summary>
    public string? FailOn { get; set; }

    /// <summary>The project's <c>NoWarn</c>: ThreatLint codes listed there are not reported.</summary>
    public string? NoWarn { get; set; }

    /// <summary><c>$(ThreatLintSarifFile)</c>: write the findings as SARIF 2.1.0 here (relative to the project folder).</summary>
    public string? SarifFile { get; set; }

    public override bool Execute()
    {
        if (!SeverityText.TryParseThreshold(FailOn, out var threshold))
        {
            Log.LogError(null, "TL9003", null, Catalog.Rules.ConfigInvalid.HelpUri, ProjectFile, 0, 0, 0, 0, "ThreatLintFailOn is '{0}'; use critical, high, medium, low or none.", FailOn);
            return false;
        }

        if (!File.Exists(CacheFile))
        {
            Log.LogMessage(MessageImportance.Low, "ThreatLint: no findings cache at {0}.", CacheFile);
            return true;
        }

        var findings = FindingsCache.Read(File.ReadAllText(CacheFile));
        if (!string.IsNullOrWhiteSpace(SarifFile))
        {
            WriteSarif(findings, threshold);
        }

        var silenced = new HashSet<string>(
            (NoWarn ?? string.Empty).Split([';', ','], StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()),
            StringComparer.OrdinalIgnoreCase);
        foreach (var finding in findings)
        {
            if (silenced.Contains(finding.RuleId))
            {
                continue;
            }

            var file = Path.Combine(Root, finding.Path.Replace('/', Path.DirectorySeparatorChar));
            // The help link goes at the end of the text as csc does, since console loggers do not print HelpLink.
            var message = DiagnosticText.Message(finding) + " (" + finding.Rule.HelpUri + ")";
            if (finding.Suppressed)
            {
                Log.LogMessage(null, finding.RuleId, null, file, finding.Span.Line, finding.Span.Column, 0, 0, MessageImportance.Normal, "{0}", message + DiagnosticText.SuppressionNote(finding));
            }
            else if (threshold is { } t && finding.Severity >= t)
            {
                Log.LogError(null, finding.RuleId, null, finding.Rule.HelpUri, file, finding.Span.Line, finding.Span.Column, 0, 0, "{0}", message);
            }
            else
            {
                Log.LogWarning(null, finding.RuleId, null, finding.Rule.HelpUri, file, finding.Span.Line, finding.Span.Column, 0, 0, "{0}", message);
            }
        }

        return !Log.HasLoggedErrors;
    }

    private void WriteSarif(IReadOnlyList<Findings.Finding> findings, Severity? threshold)
    {
        var directory = ProjectFile is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        var path = Path.GetFullPath(Path.Combine(directory, SarifFile!));
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var result = new ScanResult(Root, findings, new ScanStats(0, 0, TimeSpan.Zero));
            var version = typeof(ThreatLintReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0.0.0";
            File.WriteAllText(path, SarifReport.Write(result, version, threshold));
            Log.LogMessage(MessageImportance.Normal, "ThreatLint: SARIF written to {0}", path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogWarning(null, "TL9003", null, Catalog.Rules.ConfigInvalid.HelpUri, ProjectFile, 0, 0, 0, 0, "cannot write ThreatLintSarifFile '{0}': {1}", path, e.Message);
        }
    }
}
