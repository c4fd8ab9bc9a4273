using System.Globalization;
using System.Text;
using ThreatLint.Catalog;
using ThreatLint.Findings;
using ThreatLint.Taxonomy;

namespace ThreatLint.Reporting;

/// <summary>
/// SARIF 2.1.0 for GitHub code scanning, Azure DevOps and any SARIF viewer. What ingestion needs is always there:
/// every result has a physical location (artifact findings on line 1) relative to <c>%SRCROOT%</c> and
/// <c>partialFingerprints</c> (the line-independent fingerprint); every rule has <c>helpUri</c>, short and full
/// descriptions, <c>properties.security-severity</c> and tags; MITRE ATLAS and the OWASP Top 10 for LLM Applications
/// 2025 are <c>taxonomies</c> that rules point into through <c>relationships</c>. Suppressed findings are carried with
/// <c>suppressions</c>, so viewers show them as accepted instead of dropping them.
/// </summary>
public static class SarifReport
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string SourceRoot = "%SRCROOT%";

    /// <summary>The key of our fingerprint in <c>partialFingerprints</c>; the suffix versions the algorithm.</summary>
    public const string FingerprintKey = "threatlintFingerprint/v1";

    private const string AtlasName = "MITRE ATLAS";
    private const string OwaspName = "OWASP Top 10 for LLM Applications";

    /// <param name="result">The scan.</param>
    /// <param name="toolVersion">The version to report for the driver.</param>
    /// <param name="failOn">The gate: results at or above it are <c>error</c>, others <c>warning</c> (suppressed: <c>note</c>).</param>
    public static string Write(ScanResult result, string toolVersion, Severity? failOn)
    {
        var rules = Catalog.Rules.All.Where(r => r.IsImplemented || result.Findings.Any(f => f.Rule == r)).ToList();
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var atlas = rules.SelectMany(r => r.Atlas).Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal).ToList();
        var owasp = rules.SelectMany(r => r.Owasp).Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal).ToList();

        var sb = new StringBuilder();
        var json = new JsonWriter(sb);
        json.StartObject()
            .Property("$schema", SchemaUri)
            .Property("version", "2.1.0")
            .StartArray("runs")
            .StartObject();

        json.StartObject("tool").StartObject("driver")
            .Property("name", "ThreatLint")
            .Property("fullName", "ThreatLint AI/ML threat linter")
            .Property("version", toolVersion)
            .Property("semanticVersion", SemanticVersion(toolVersion))
            .Property("informationUri", "https://github.com/threatlint/threatlint")
            .StartArray("rules");
        foreach (var rule in rules)
        {
            WriteRule(json, rule, atlas, owasp);
        }

        json.EndArray()
            .StartArray("supportedTaxonomies")
            .StartObject().Property("name", AtlasName).Property("index", 0).EndObject()
            .StartObject().Property("name", OwaspName).Property("index", 1).EndObject()
            .EndArray()
            .EndObject().EndObject();

        json.StartArray("taxonomies");
        WriteAtlas(json, atlas);
        WriteOwasp(json, owasp);
        json.EndArray();

        json.StartObject("originalUriBaseIds")
            .StartObject(SourceRoot).Property("uri", RootUri(result.Root)).EndObject()
            .EndObject();

        json.StartArray("results");
        var failing = new HashSet<Finding>(result.AtOrAbove(failOn));
        foreach (var finding in result.Findings)
        {
            WriteResult(json, finding, ruleIndex[finding.RuleId], failing.Contains(finding));
        }

        json.EndArray()
            .StartObject("properties")
            .Property("failOn", failOn?.ToText() ?? "none")
            .EndObject();

        json.EndObject().EndArray().EndObject();
        return sb.ToString();
    }

    /// <summary>GitHub's scale: 9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.</summary>
    public static string SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        _ => "2.0",
    };

    private static void WriteRule(JsonWriter json, RuleDescriptor rule, List<string> atlas, List<string> owasp)
    {
        json.StartObject()
            .Property("id", rule.Id)
            .Property("name", PascalCase(rule.Slug))
            .StartObject("shortDescription").Property("text", Sentence(rule.Title)).EndObject()
            .StartObject("fullDescription").Property("text", Sentence(rule.Description)).EndObject()
            .Property("helpUri", rule.HelpUri)
            .StartObject("help")
            .Property("text", Sentence(rule.Remediation) + " See " + rule.HelpUri)
            .Property("markdown", Sentence(rule.Remediation) + " [" + rule.Id + " documentation](" + rule.HelpUri + ")")
            .EndObject()
            .StartObject("defaultConfiguration").Property("level", "warning").EndObject()
            .StartObject("properties")
            .Strings("tags", Tags(rule))
            .Property("security-severity", SecuritySeverity(rule.DefaultSeverity))
            .Property("precision", "high")
            .Property("problem.severity", "warning")
            .EndObject();
        if (rule.Atlas.Count + rule.Owasp.Count > 0)
        {
            json.StartArray("relationships");
            foreach (var id in rule.Atlas)
            {
                WriteRelationship(json, id, atlas.IndexOf(id), AtlasName, 0);
            }

            foreach (var id in rule.Owasp)
            {
                WriteRelationship(json, id, owasp.IndexOf(id), OwaspName, 1);
            }

            json.EndArray();
        }

        json.EndObject();
    }

    private static void WriteRelationship(JsonWriter json, string id, int taxonIndex, string component, int componentIndex) =>
        json.StartObject()
            .StartObject("target")
            .Property("id", id)
            .Property("index", taxonIndex)
            .StartObject("toolComponent").Property("name", component).Property("index", componentIndex).EndObject()
            .EndObject()
            .Strings("kinds", ["relevant"])
            .EndObject();

    private static IEnumerable<string> Tags(RuleDescriptor rule)
    {
        yield return "security";
        yield return "ai-ml";
        yield return rule.Family.ToString();
        foreach (var id in rule.Atlas)
        {
            yield return "atlas/" + id;
        }

        foreach (var id in rule.Owasp)
        {
            yield return "owasp-llm/" + id;
        }

        foreach (var letter in rule.Stride.Letters())
        {
            yield return "stride/" + letter;
        }
    }

    private static void WriteAtlas(JsonWriter json, List<string> ids)
    {
        var catalog = Taxonomies.Atlas;
        json.StartObject()
            .Property("name", AtlasName)
            .Property("version", catalog.Version)
            .Property("releaseDateUtc", catalog.ReleaseDate)
            .Property("organization", "MITRE")
            .Property("informationUri", "https://atlas.mitre.org/")
            .StartObject("shortDescription").Property("text", "Adversarial Threat Landscape for Artificial-Intelligence Systems: tactics and techniques of attacks on AI systems.").EndObject()
            .Property("isComprehensive", false)
            .StartArray("taxa");
        foreach (var id in ids)
        {
            var technique = catalog.FindTechnique(id);
            json.StartObject().Property("id", id);
            if (technique is not null)
            {
                json.Property("name", technique.DisplayName)
                    .StartObject("shortDescription").Property("text", technique.DisplayName + ".").EndObject()
                    .Property("helpUri", technique.Url);
            }

            json.EndObject();
        }

        json.EndArray().EndObject();
    }

    private static void WriteOwasp(JsonWriter json, List<string> ids)
    {
        var catalog = Taxonomies.Owasp;
        json.StartObject()
            .Property("name", OwaspName)
            .Property("version", catalog.Edition)
            .Property("organization", "OWASP")
            .Property("informationUri", "https://genai.owasp.org/llm-top-10/")
            .StartObject("shortDescription").Property("text", catalog.Title + " " + catalog.Edition + ".").EndObject()
            .Property("isComprehensive", false)
            .StartArray("taxa");
        foreach (var id in ids)
        {
            var entry = catalog.Find(id);
            json.StartObject().Property("id", id);
            if (entry is not null)
            {
                json.Property("name", entry.Name)
                    .StartObject("shortDescription").Property("text", Sentence(entry.Summary)).EndObject()
                    .Property("helpUri", entry.Url);
            }

            json.EndObject();
        }

        json.EndArray().EndObject();
    }

    private static void WriteResult(JsonWriter json, Finding finding, int ruleIndex, bool failing)
    {
        json.StartObject()
            .Property("ruleId", finding.RuleId)
            .Property("ruleIndex", ruleIndex)
            .Property("level", finding.Suppressed ? "note" : failing ? "error" : "warning")
            .StartObject("message").Property("text", Sentence(finding.Message)).EndObject()
            .StartArray("locations").StartObject()
            .StartObject("physicalLocation")
            .StartObject("artifactLocation").Property("uri", EscapeUri(finding.Path)).Property("uriBaseId", SourceRoot).EndObject()
            .StartObject("region");
        var span = finding.Span;
        json.Property("startLine", Math.Max(1, span.Line)).Property("startColumn", Math.Max(1, span.Column));
        if (span.EndLine > span.Line || (span.EndLine == span.Line && span.EndColumn > span.Column))
        {
            json.Property("endLine", span.EndLine).Property("endColumn", span.EndColumn);
        }

        json.EndObject().EndObject().EndObject().EndArray()
            .StartObject("partialFingerprints").Property(FingerprintKey, finding.Fingerprint).EndObject()
            .StartObject("properties")
            .Property("severity", finding.Severity.ToText())
            .Property("security-severity", SecuritySeverity(finding.Severity))
            .Property("confidence", finding.Confidence.ToText())
            .EndObject();
        if (finding.Suppression is { } suppression)
        {
            // In-source: a comment or annotation in the file; external: configuration or baseline.
            var inSource = suppression.Kind is SuppressionKind.Inline or SuppressionKind.File or SuppressionKind.Annotation;
            json.StartArray("suppressions").StartObject()
                .Property("kind", inSource ? "inSource" : "external")
                .Property("status", "accepted");
            if (suppression.Justification.Length > 0)
            {
                json.Property("justification", suppression.Justification);
            }

            json.StartObject("properties").Property("threatlintKind", suppression.KindText).EndObject()
                .EndObject().EndArray();
        }

        json.EndObject();
    }

    private static string RootUri(string root)
    {
        var full = Path.GetFullPath(root).Replace('\\', '/');
        if (!full.EndsWith("/", StringComparison.Ordinal))
        {
            full += "/";
        }

        return new Uri("file://" + (full.StartsWith("/", StringComparison.Ordinal) ? string.Empty : "/") + full).AbsoluteUri;
    }

    /// <summary>A relative URI reference: each segment percent-encoded (spaces, '#', '%', non-ASCII), '/' kept.</summary>
    private static string EscapeUri(string path) => string.Join("/", path.Split('/').Select(Uri.EscapeDataString));

    private static string SemanticVersion(string version)
    {
        var plus = version.IndexOf('+');
        return plus < 0 ? version : version.Substring(0, plus);
    }

    /// <summary>SARIF viewers expect messages to be sentences.</summary>
    private static string Sentence(string text)
    {
        var trimmed = text.TrimEnd();
        return trimmed.Length == 0 || trimmed[trimmed.Length - 1] is '.' or '!' or '?' ? trimmed : trimmed + ".";
    }

    private static string PascalCase(string slug) =>
        string.Concat(slug.Split('-').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
}
