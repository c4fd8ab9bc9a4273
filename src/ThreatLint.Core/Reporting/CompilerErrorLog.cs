using System.Globalization;
using ThreatLint.Catalog;
using ThreatLint.Discovery;
using ThreatLint.Documents.Json;
using ThreatLint.Findings;
using ThreatLint.Policy;

namespace ThreatLint.Reporting;

/// <summary>
/// Reads the analyzer's (TL5xxx) findings from the compiler's SARIF 2.1 error log (<c>csc /errorlog:file,version=2.1</c>)
/// so that a baseline can accept them: each becomes a finding whose fingerprint is the hash of its path and its source
/// text — what the analyzer's baseline suppressor recomputes from a diagnostic.
/// </summary>
public static class CompilerErrorLog
{
    private const long MaxBytes = 256L * 1024 * 1024;

    /// <summary>The TL5xxx findings of an error log, paths relative to <paramref name="root"/>.</summary>
    /// <param name="errorLogPath">The compiler's SARIF file.</param>
    /// <param name="root">The scan root.</param>
    /// <param name="baselined">Fingerprints already in the baseline: a suppressed result counts only when it is one of
    /// them (the baseline suppressor's work); results suppressed by #pragma or [SuppressMessage] stay out.</param>
    public static IReadOnlyList<Finding> ReadAnalyzerFindings(string errorLogPath, string root, ISet<string> baselined)
    {
        var findings = new List<Finding>();
        var info = new FileInfo(errorLogPath);
        if (!info.Exists || info.Length > MaxBytes)
        {
            return findings;
        }

        JsonValue log;
        try
        {
            log = JsonParser.Parse(TextFiles.Decode(File.ReadAllBytes(errorLogPath)), new JsonLimits(MaxDepth: 64, MaxValues: 20_000_000));
        }
        catch (Exception e) when (e is InvalidDataException or ScanLimitException or IOException)
        {
            return findings;
        }

        var texts = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var run in log["runs"]?.Items ?? [])
        {
            foreach (var result in run["results"]?.Items ?? [])
            {
                if (result["ruleId"]?.AsString is not { } ruleId
                    || Catalog.Rules.Find(ruleId) is not { Family: RuleFamily.CSharpCode } rule
                    || result["locations"]?.Items.FirstOrDefault()?["physicalLocation"] is not { } location
                    || location["artifactLocation"]?["uri"]?.AsString is not { } uri
                    || location["region"] is not { } region
                    || FilePath(uri) is not { } file)
                {
                    continue;
                }

                var span = new SourceSpan(Int(region["startLine"], 1), Int(region["startColumn"], 1), Int(region["endLine"], Int(region["startLine"], 1)), Int(region["endColumn"], 1));
                if (!texts.TryGetValue(file, out var text))
                {
                    texts[file] = text = File.Exists(file) ? TextFiles.Decode(File.ReadAllBytes(file)) : null;
                }

                if (text is null)
                {
                    continue;
                }

                var relative = PathUtility.GetRelativePath(root, file).Replace('\\', '/');
                var fingerprint = Fingerprints.ForSourceText(rule.Id, relative, Slice(text, span));
                var suppressed = result["suppressions"]?.Items.Count > 0;
                if (suppressed && !baselined.Contains(fingerprint))
                {
                    continue;
                }

                findings.Add(new Finding(rule, rule.DefaultSeverity, Confidence.High, relative, span, result["message"]?["text"]?.AsString ?? rule.Title, fingerprint));
            }
        }

        return findings;
    }

    /// <summary>The text between two 1-based positions (end exclusive), as SARIF regions and Roslyn spans define them.</summary>
    public static string Slice(string text, SourceSpan span)
    {
        var start = Offset(text, span.Line, span.Column);
        var end = Offset(text, span.EndLine, span.EndColumn);
        return start < 0 || end < start ? string.Empty : text.Substring(start, end - start);
    }

    private static int Offset(string text, int line, int column)
    {
        var offset = 0;
        for (var current = 1; current < line; current++)
        {
            var newline = text.IndexOf('\n', offset);
            if (newline < 0)
            {
                return -1;
            }

            offset = newline + 1;
        }

        return Math.Min(text.Length, offset + column - 1);
    }

    private static int Int(JsonValue? value, int fallback) =>
        value?.Text is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;

    private static string? FilePath(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : Path.IsPathRooted(uri) ? uri : null;
}
