using System.Text;
using ThreatLint.Catalog;

namespace ThreatLint.Reporting;

/// <summary>
/// The documented, versioned JSON output (<c>--format json</c>); see docs/json-schema.md. Bump
/// <see cref="SchemaVersion"/> on any breaking change.
/// </summary>
public static class JsonReport
{
    public const string SchemaVersion = "1.1";

    public static string Write(ScanResult result, string toolVersion)
    {
        // About 700 characters a finding: one buffer from the start instead of a chain grown while writing.
        var sb = new StringBuilder(4096 + (result.Findings.Count * 768));
        var json = new JsonWriter(sb);
        json.StartObject()
            .Property("schemaVersion", SchemaVersion)
            .StartObject("tool").Property("name", "ThreatLint").Property("version", toolVersion).EndObject()
            .Property("root", result.Root.Replace('\\', '/'))
            .StartArray("findings");
        foreach (var f in result.Findings)
        {
            json.StartObject()
                .Property("ruleId", f.RuleId)
                .Property("slug", f.Rule.Slug)
                .Property("severity", f.Severity.ToText())
                .Property("confidence", f.Confidence.ToText())
                .Property("path", f.Path)
                .Property("line", f.Span.Line)
                .Property("column", f.Span.Column)
                .Property("endLine", f.Span.EndLine)
                .Property("endColumn", f.Span.EndColumn)
                .Property("message", f.Message)
                .Property("fingerprint", f.Fingerprint)
                .Strings("atlas", f.Rule.Atlas)
                .Strings("owasp", f.Rule.Owasp)
                .Strings("stride", f.Rule.Stride.Letters())
                .Property("helpUri", f.Rule.HelpUri)
                .Property("suppressed", f.Suppressed);
            if (f.Suppression is { } suppression)
            {
                json.StartObject("suppression").Property("kind", suppression.KindText).Property("justification", suppression.Justification).EndObject();
            }

            json.EndObject();
        }

        json.EndArray()
            .StartObject("stats")
            .Property("filesDiscovered", result.Stats.FilesDiscovered)
            .Property("filesScanned", result.Stats.FilesScanned)
            .Property("durationMs", (long)result.Stats.Duration.TotalMilliseconds)
            .StartObject("findingsBySeverity");
        foreach (var severity in new[] { Severity.Critical, Severity.High, Severity.Medium, Severity.Low })
        {
            json.Property(severity.ToText(), result.Findings.Count(f => f.Severity == severity && !f.Suppressed));
        }

        json.EndObject().EndObject().EndObject();
        return sb.ToString();
    }
}
